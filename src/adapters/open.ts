import { ShaleError } from '../errors.js';
import { existsSync } from 'node:fs';
import { devDatabaseOf, dialectUrlOf, localPathOf, openDialectUrl, type DevDatabaseKind } from './schemes.js';
import type { DatabaseUrl } from './url.js';
import { isValidTablePrefix } from './shared/sql-history-store.js';
import { DEFAULT_TABLE_PREFIX, type Adapter } from './adapter.js';

export interface OpenOptions {
  /** Prefix of the state tables (default `shale_`). */
  readonly tablePrefix?: string;
  /**
   * The database must exist already: a SQLite file or PGlite folder that is missing is E_CONNECT
   * instead of being created (a command that only reads a schema must not invent an empty one).
   */
  readonly existing?: boolean;
}

/**
 * The prefix, if it can name shale's tables; else an E_CONFIG error. An empty prefix is refused: the
 * tables would be named `migrations` and `log` in the user's schema.
 * @example checkTablePrefix('app_') // 'app_'
 */
export function checkTablePrefix(tablePrefix: string): string {
  if (tablePrefix === '') {
    throw new ShaleError('E_CONFIG', 'table prefix must not be empty (the state tables would be named "migrations" and "log"): omit it for the default shale_', { tablePrefix });
  }
  if (!isValidTablePrefix(tablePrefix)) {
    throw new ShaleError('E_CONFIG', `invalid table prefix "${tablePrefix}": use letters, digits and _ (starting with a letter or _)`, { tablePrefix });
  }
  return tablePrefix;
}

/**
 * Connect to a database by URL (DESIGN §2). Drivers are imported on demand, so using SQLite never
 * loads `pg` and vice versa.
 * @example const db = await openAdapter('sqlite:app.db'); try { … } finally { await db.close() }
 */
export async function openAdapter(url: string | DatabaseUrl, opts: OpenOptions = {}): Promise<Adapter> {
  const parsed = dialectUrlOf(url);
  const tablePrefix = checkTablePrefix(opts.tablePrefix ?? DEFAULT_TABLE_PREFIX);
  const path = opts.existing ? localPathOf(parsed) : null;
  if (path !== null && !existsSync(path)) {
    throw new ShaleError('E_CONNECT', `no database at ${parsed.display}: ${path} does not exist (this command reads an existing database; \`shale up\` creates one)`, { url: parsed.display });
  }
  return openDialectUrl(parsed, { tablePrefix });
}

/**
 * Whether `url` can be a dev database for the declarative commands, decided from the URL alone (so
 * that a data folder or a file is never opened, let alone created, only to be refused): `self`, an
 * in-memory embedded database; `scratch`, a server that creates one (see `Adapter.devDatabase`).
 */
export function devDatabaseKind(url: string | DatabaseUrl): DevDatabaseKind {
  return devDatabaseOf(dialectUrlOf(url));
}

export { defaultDevUrl, schemaFamilyName, schemaFamilyOf } from './schemes.js';
