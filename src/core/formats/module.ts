import { pathToFileURL } from 'node:url';
import { ShaleError, messageOf } from '../../errors.js';
import { checksum } from '../checksum.js';
import type { Migration, MigrationBody, MigrationContext } from '../migration.js';
import type { SourceFile } from '../../sources/source.js';

/** Imports a TS/JS module by local path. */
export type ModuleLoader = (localPath: string) => Promise<Record<string, unknown>>;

let tsxRegistered: Promise<void> | null = null;

/** Default loader: native import, with tsx registered first for TypeScript files. */
export const importModule: ModuleLoader = async (localPath) => {
  if (/\.m?ts$/.test(localPath)) {
    tsxRegistered ??= import('tsx/esm/api').then((m) => {
      m.register();
    });
    await tsxRegistered;
  }
  return (await import(pathToFileURL(localPath).href)) as Record<string, unknown>;
};

type Fn = (ctx: MigrationContext) => Promise<void>;

function asFn(v: unknown): Fn | null {
  return typeof v === 'function' ? (v as Fn) : null;
}

/** A TS/JS migration: exports `up(ctx)`, optional `down(ctx)`, `depends`, `transaction`, `description`. */
export async function loadModuleMigration(id: string, file: SourceFile, text: string, load: ModuleLoader): Promise<Migration> {
  if (!file.localPath) {
    throw new ShaleError('E_UNSUPPORTED', `${file.location}: TS/JS migrations must be in a local folder`, { file: file.location });
  }
  let mod: Record<string, unknown>;
  try {
    mod = await load(file.localPath);
  } catch (e) {
    throw new ShaleError('E_PARSE', `${file.location}: cannot import migration module: ${messageOf(e).split('\n')[0]}`, { file: file.location }, { cause: e });
  }
  const m = (mod['default'] && typeof mod['default'] === 'object' ? { ...(mod['default'] as object), ...mod } : mod) as Record<string, unknown>;
  const up = asFn(m['up']);
  if (!up) throw new ShaleError('E_PARSE', `${file.location}: a migration module must export a function up(ctx)`, { file: file.location });
  const down = asFn(m['down']);
  const transaction = m['transaction'] !== false;
  const depends = Array.isArray(m['depends']) ? (m['depends'] as unknown[]).map(String) : typeof m['depends'] === 'string' ? [m['depends']] : [];
  const body = (run: Fn): MigrationBody => ({ kind: 'module', location: file.location, transaction, run });
  return {
    id,
    kind: 'versioned',
    format: 'module',
    location: file.location,
    description: typeof m['description'] === 'string' ? m['description'] : '',
    depends,
    up: body(up),
    down: down ? body(down) : null,
    checksum: checksum(text),
  };
}
