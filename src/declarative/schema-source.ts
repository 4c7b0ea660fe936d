import type { Adapter } from '../adapters/adapter.js';
import { openAdapter } from '../adapters/open.js';
import { ShaleError } from '../errors.js';
import type { SourceSpec } from '../sources/resolve.js';
import { applyDesiredSchema, readSchemaFiles, splitSchemaFiles, type SchemaFile } from './apply-desired.js';
import { applyMigrations } from './apply-migrations.js';
import { chooseDevUrl, devForUrl, openDevDatabase, type DevFor } from './dev-database.js';
import { migrationTexts } from './migration-texts.js';
import { ormProject, readOrmSchema, type OrmKind } from './orm-schema.js';

/** Where a schema comes from: a live database, desired-state DDL, or the migrations. */
export type SchemaSpec =
  | { readonly kind: 'url'; readonly url: string }
  | { readonly kind: 'files'; readonly path: string }
  | { readonly kind: 'orm'; readonly orm: OrmKind; readonly path: string }
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
 * `migrations:<dir>`) the migrations, `drizzle:<config>`/`prisma:<schema.prisma>` an ORM's export, anything else a `.sql` file or folder of desired-state DDL.
 */
export function parseSchemaSpec(arg: string): SchemaSpec {
  // `postgres:` without `//` too: a mistyped URL must fail as a URL (which hides its password), not echo as a file name.
  if (/^(postgres|postgresql|sqlite|mysql|mariadb):/i.test(arg) || arg.startsWith('pglite:')) return { kind: 'url', url: arg };
  if (arg === 'migrations:' || arg === 'migrations') return { kind: 'migrations' };
  if (arg.startsWith('migrations:')) return { kind: 'migrations', sources: [arg.slice('migrations:'.length)] };
  const orm = /^(drizzle|prisma):(.*)$/.exec(arg);
  if (orm) return { kind: 'orm', orm: orm[1] as OrmKind, path: orm[2] || (orm[1] === 'drizzle' ? 'drizzle.config.ts' : 'prisma/schema.prisma') };
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
    // A live database is read as it is: a missing SQLite file or PGlite folder is an error, not an empty schema.
    const db = await openAdapter(s.url, { existing: true, ...(opts.tablePrefix !== undefined ? { tablePrefix: opts.tablePrefix } : {}) });
    return { db, display: db.display, files: [], close: () => db.close() };
  }
  // Read the files before starting a dev database: a missing file fails fast.
  const files = s.kind === 'migrations' ? [] : readDesiredSchema(s, opts.project);
  const dev = await openDevDatabase(chooseDevUrl(opts.devUrl, opts.project), opts.tablePrefix !== undefined ? { tablePrefix: opts.tablePrefix } : {});
  try {
    await splitSchemaFiles(dev.adapter, files); // a syntax error fails before anything runs
    if (s.kind !== 'migrations') {
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
  const display = s.kind === 'files' ? s.path : s.kind === 'orm' ? `${s.orm}:${s.path}` : 'migrations:';
  return { db: dev.adapter, display, files, close: dev.dispose };
}

/**
 * The desired-state SQL of a schema argument: `.sql` files, or an ORM's own export
 * (`drizzle:<drizzle.config.ts>`, `prisma:<schema.prisma>`, checked against `project`'s dialect).
 * @example const files = readDesiredSchema('drizzle:drizzle.config.ts', devForUrl('pglite:memory'))
 */
export function readDesiredSchema(spec: string | Extract<SchemaSpec, { kind: 'files' | 'orm' }>, project?: DevFor): SchemaFile[] {
  const s = typeof spec === 'string' ? parseSchemaSpec(spec) : spec;
  switch (s.kind) {
    case 'files':
      return readSchemaFiles(s.path);
    case 'orm':
      return readOrmSchema(s.orm, s.path, project);
    case 'url':
    case 'migrations':
      throw new ShaleError('E_USAGE', 'a desired schema is a .sql file or folder, drizzle:<drizzle.config.ts> or prisma:<schema.prisma>, not a database or migrations');
  }
}

/**
 * The project a desired schema is planned for: the configured database's dialect when there is one,
 * else the dialect an ORM file declares (plain `.sql` files say none: the default dev database).
 * @example const project = desiredProject('drizzle:drizzle.config.ts', undefined)
 */
export function desiredProject(spec: string, db: string | undefined): DevFor | undefined {
  if (db) return devForUrl(db);
  const s = parseSchemaSpec(spec);
  return s.kind === 'orm' ? ormProject(s.orm, s.path) : undefined;
}
