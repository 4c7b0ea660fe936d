import { localDirSource } from './local-dir.js';
import type { S3SourceOptions } from './s3.js';
import type { MigrationSource } from './source.js';

/** A source as given by a user: a folder path or glob, an `s3://` URI, or a source object. */
export type SourceSpec = string | MigrationSource;

/** Settings applied while resolving specs (e.g. the config's `s3` section). */
export interface ResolveOptions {
  readonly s3?: S3SourceOptions;
}

/** Turn specs into sources; the S3 client is imported only when an `s3://` source is used. */
export async function resolveSources(specs: readonly SourceSpec[], opts: ResolveOptions = {}): Promise<MigrationSource[]> {
  return Promise.all(
    specs.map(async (s) => {
      if (typeof s !== 'string') return s;
      if (s.startsWith('s3://')) return (await import('./s3.js')).s3Source(s, opts.s3);
      return localDirSource(s);
    }),
  );
}
