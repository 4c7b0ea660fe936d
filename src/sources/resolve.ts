import { dirname, join } from 'node:path';
import { findUp } from '../find-up.js';
import { ShaleError } from '../errors.js';
import { localDirSource } from './local-dir.js';
import type { S3SourceOptions } from './s3.js';
import type { MigrationSource } from './source.js';

/** A source as given by a user: a folder path or glob, an `s3://` URI, `package:<name>:<path>`, or a source object. */
export type SourceSpec = string | MigrationSource;

/** Settings applied while resolving specs (e.g. the config's `s3` section). */
export interface ResolveOptions {
  readonly s3?: S3SourceOptions;
}

const PACKAGE_PREFIX = 'package:';

/** Turn specs into sources; the S3 client is imported only when an `s3://` source is used. */
export async function resolveSources(specs: readonly SourceSpec[], opts: ResolveOptions = {}): Promise<MigrationSource[]> {
  return Promise.all(
    specs.map(async (s) => {
      if (typeof s !== 'string') return s;
      if (s.startsWith('s3://')) return (await import('./s3.js')).s3Source(s, opts.s3);
      if (s.startsWith(PACKAGE_PREFIX)) return localDirSource(packageFolder(s));
      return localDirSource(s);
    }),
  );
}

/**
 * `package:<name>:<path>` (yoyo A5): `<path>` inside the installed package `<name>`, found in the
 * `node_modules` folders from the current directory upwards, as Node finds packages.
 * @example packageFolder('package:@acme/billing:db/migrations')
 */
export function packageFolder(spec: string, from = process.cwd()): string {
  const rest = spec.slice(PACKAGE_PREFIX.length);
  const sep = rest.indexOf(':');
  const name = sep < 0 ? rest : rest.slice(0, sep);
  const path = sep < 0 ? '' : rest.slice(sep + 1);
  if (!/^(@[\w.-]+\/)?[\w.-]+$/.test(name)) {
    throw new ShaleError('E_SOURCE', `invalid package source "${spec}": use package:<name>:<path>, e.g. package:@acme/billing:migrations`, { source: spec });
  }
  const manifest = findUp(from, join('node_modules', name, 'package.json'));
  if (manifest) return join(dirname(manifest), path);
  throw new ShaleError('E_SOURCE', `package "${name}" of source ${spec} is not installed (no node_modules/${name} from ${from} upwards)`, { source: spec, package: name });
}
