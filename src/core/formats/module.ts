import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ShaleError, messageOf } from '../../errors.js';
import { checksum } from '../checksum.js';
import type { Migration, MigrationBody, MigrationContext } from '../migration.js';
import type { SourceFile } from '../../sources/source.js';
import { aliasShaleToSelf } from './alias-self.js';
import { importOptional } from './import-optional.js';
import { checkItems, hasRollback, runSteps } from './steps.js';

/** Imports a TS/JS module by local path. */
export type ModuleLoader = (localPath: string) => Promise<Record<string, unknown>>;

let tsxRegistered: Promise<void> | null = null;

type TsxApi = { register: () => unknown };

/** Register tsx (an optional peer: TypeScript migrations and configs need it), once. */
function registerTsx(localPath: string): Promise<void> {
  const use = { pkg: 'tsx', purpose: 'loading TypeScript files', code: 'E_PARSE', from: [dirname(localPath)] } as const;
  // Both hooks: a .ts file outside any "type": "module" package is loaded through the CommonJS loader.
  tsxRegistered ??= Promise.all([importOptional<TsxApi>('tsx/esm/api', use), importOptional<TsxApi>('tsx/cjs/api', use)]).then(([esm, cjs]) => {
    esm.register();
    cjs.register();
  });
  return tsxRegistered.catch((e: unknown) => {
    tsxRegistered = null;
    throw e;
  });
}

/**
 * Default loader: native import, with tsx registered first for TypeScript files; `shale` imported by
 * the module is the running shale (see {@link aliasShaleToSelf}).
 */
export const importModule: ModuleLoader = async (localPath) => {
  if (/\.[cm]?ts$/.test(localPath)) await registerTsx(localPath);
  aliasShaleToSelf();
  return (await import(pathToFileURL(localPath).href)) as Record<string, unknown>;
};

// esbuild (through tsx) reports a syntax error as `Transform failed with 1 error:` followed by `<file>:<line>:<column>: ERROR: <text>`.
const ESBUILD_ERROR_RE = /:(\d+):(\d+): ERROR: (.*)$/;

/** The one line worth showing of an import failure; for a TypeScript syntax error, where it is (1-based). */
function importFailure(e: unknown): { message: string; line?: number; column?: number } {
  const lines = messageOf(e).split('\n');
  for (const l of lines) {
    const m = ESBUILD_ERROR_RE.exec(l);
    if (!m) continue;
    // esbuild counts columns from 0; shale's positions, like editors', from 1.
    const line = Number(m[1]);
    const column = Number(m[2]) + 1;
    return { message: `line ${line}, column ${column}: ${m[3]}`, line, column };
  }
  return { message: lines[0] ?? '' };
}

type Fn = (ctx: MigrationContext) => Promise<void>;

function asFn(v: unknown): Fn | null {
  return typeof v === 'function' ? (v as Fn) : null;
}

/** `steps = [step(…), group(…)]` (yoyo-like) as up/down functions; down only when some step can be rolled back. */
function stepsFunctions(m: Record<string, unknown>, location: string, transaction: boolean): { up: Fn; down: Fn | null } {
  if (m['up'] !== undefined || m['down'] !== undefined) {
    throw new ShaleError('E_PARSE', `${location}: export either steps or up/down, not both`, { file: location });
  }
  let items;
  try {
    items = checkItems(m['steps'], 'steps');
  } catch (e) {
    throw new ShaleError('E_PARSE', `${location}: ${messageOf(e)}`, { file: location }, { cause: e });
  }
  return { up: runSteps(items, 'apply', transaction), down: hasRollback(items) ? runSteps(items, 'rollback', transaction) : null };
}

/**
 * A TS/JS migration: exports `up(ctx)` and optional `down(ctx)`, or `steps` (see {@link step});
 * optional `depends`, `transaction`, `description`.
 */
export async function loadModuleMigration(id: string, file: SourceFile, text: string, load: ModuleLoader): Promise<Migration> {
  if (!file.localPath) {
    throw new ShaleError('E_UNSUPPORTED', `${file.location}: TS/JS migrations must be in a local folder`, { file: file.location });
  }
  let mod: Record<string, unknown>;
  try {
    mod = await load(file.localPath);
  } catch (e) {
    const { message, line, column } = importFailure(e);
    const at = line === undefined ? {} : { line, column };
    throw new ShaleError('E_PARSE', `${file.location}: cannot import migration module: ${message}`, { file: file.location, ...at }, { cause: e });
  }
  const m = (mod['default'] && typeof mod['default'] === 'object' ? { ...(mod['default'] as object), ...mod } : mod) as Record<string, unknown>;
  const transaction = m['transaction'] !== false;
  const { up, down } = m['steps'] !== undefined ? stepsFunctions(m, file.location, transaction) : { up: asFn(m['up']), down: asFn(m['down']) };
  if (!up) throw new ShaleError('E_PARSE', `${file.location}: a migration module must export a function up(ctx) or an array steps`, { file: file.location });
  if (!down && m['down'] != null && m['steps'] === undefined) {
    throw new ShaleError('E_PARSE', `${file.location}: down must be a function down(ctx), got ${typeof m['down']}`, { file: file.location });
  }
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
