import type { Adapter } from '../adapters/adapter.js';
import { openAdapter } from '../adapters/open.js';
import type { SourceSpec } from '../sources/resolve.js';
import { applyDesiredSchema, readSchemaFiles, splitSchemaFiles, type SchemaFile } from './apply-desired.js';
import { applyMigrations } from './apply-migrations.js';
import { chooseDevUrl, openDevDatabase, type DevFor } from './dev-database.js';
import { migrationTexts } from './migration-texts.js';

/** Where a schema comes from: a live database, desired-state DDL, or the migrations. */
export type SchemaSpec =
  | { readonly kind: 'url'; readonly url: string }
  | { readonly kind: 'files'; readonly path: string }
  | { readonly kind: 'migrations'; readonly sources?: readonly SourceSpec[] };

/** A database holding a schema, ready to inspect; `close()` drops whatever shale created for it. */
export interface OpenSchema {
  readonly db: Adapter;
  /** What it is, for messages: a redacted URL, a file, `migrations:`. */
  readonly display: string;
  /** The desired-state files, for `files` specs (rename hints are read from them). */
  readonly files: readonly SchemaFile[];
  close(): Promise<void>;
}

export interface SchemaSourceOptions {
  /** Dev database for files and migrations (default `pglite:memory`; see `chooseDevUrl` for a project's own). */
  readonly devUrl?: string;
  /**
   * The database the schema is compared with, when known: without `devUrl` the dev database is its
   * dialect's default (`sqlite::memory:` for a SQLite database), and a `devUrl` of another dialect is
   * E_USAGE (see `chooseDevUrl`).
   */
  readonly project?: DevFor;
  /** Migration sources for `migrations:` without its own (default `./migrations`). */
  readonly sources?: readonly SourceSpec[];
  readonly tablePrefix?: string;
}

/**
 * Read a schema argument: a database URL (`postgres://…`, `pglite:…`, `sqlite:…`, `mysql://…`) is a live database, `migrations:` (or
 * `migrations:<dir>`) the migrations, anything else a `.sql` file or folder of desired-state DDL.
 */
export function parseSchemaSpec(arg: string): SchemaSpec {
  // `postgres:` without `//` too: a mistyped URL must fail as a URL (which hides its password), not echo as a file name.
  if (/^(postgres|postgresql|sqlite|mysql|mariadb):/i.test(arg) || arg.startsWith('pglite:')) return { kind: 'url', url: arg };
  if (arg === 'migrations:' || arg === 'migrations') return { kind: 'migrations' };
  if (arg.startsWith('migrations:')) return { kind: 'migrations', sources: [arg.slice('migrations:'.length)] };
  return { kind: 'files', path: arg };
}

/**
 * A database holding the schema `spec` describes: a live database as is; desired-state DDL applied
 * to a fresh dev database in dependency order; or the migrations run on a fresh dev database.
 * @example const s = await openSchemaSource(parseSchemaSpec('schema.sql')); try { await snapshot(s.db) } finally { await s.close() }
 */
export async function openSchemaSource(spec: SchemaSpec | string, opts: SchemaSourceOptions = {}): Promise<OpenSchema> {
  const s = typeof spec === 'string' ? parseSchemaSpec(spec) : spec;
  if (s.kind === 'url') {
    const db = await openAdapter(s.url, opts.tablePrefix !== undefined ? { tablePrefix: opts.tablePrefix } : {});
    return { db, display: db.display, files: [], close: () => db.close() };
  }
  // Read the files before starting a dev database: a missing file fails fast.
  const files = s.kind === 'files' ? readSchemaFiles(s.path) : [];
  const dev = await openDevDatabase(chooseDevUrl(opts.devUrl, opts.project), opts.tablePrefix !== undefined ? { tablePrefix: opts.tablePrefix } : {});
  try {
    await splitSchemaFiles(dev.adapter, files); // a syntax error fails before anything runs
    if (s.kind === 'files') {
      await dev.provideRoles(files.map((f) => f.text));
      await applyDesiredSchema(dev.adapter, files);
    } else {
      const sources = s.sources ?? opts.sources ?? ['migrations'];
      await applyMigrations(dev.adapter, { sources, beforeRun: (set) => dev.provideRoles(migrationTexts(set)), ...(opts.tablePrefix !== undefined ? { tablePrefix: opts.tablePrefix } : {}) });
    }
  } catch (e) {
    await dev.dispose();
    throw e;
  }
  const display = s.kind === 'files' ? s.path : 'migrations:';
  return { db: dev.adapter, display, files, close: dev.dispose };
}
