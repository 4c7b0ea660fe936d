import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { ShaleError, messageOf } from '../../errors.js';
import type { SqliteUrl } from './url.js';

/** How long a statement waits for another connection's write lock before SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 5_000;

/** Whether a URL's `foreign_keys` value turns enforcement on (values are checked by the URL parser). */
export function foreignKeysOn(url: SqliteUrl): boolean {
  return ['on', 'true', '1', 'yes'].includes((url.params['foreign_keys'] ?? 'off').toLowerCase());
}

/** What to do about a SQLite error that is about the file rather than about SQL. */
export function sqliteFileHint(e: unknown): string {
  const code = String((e as { code?: unknown }).code ?? '');
  if (code === 'SQLITE_NOTADB') return ' (the file exists but is not a SQLite 3 database: check the path)';
  if (code.startsWith('SQLITE_READONLY')) return ' (shale writes to the file and creates its journal next to it: make both the file and its folder writable)';
  if (code.startsWith('SQLITE_CANTOPEN')) return ' (check that the path names a file, and that its folder exists and is writable)';
  return '';
}

/**
 * Open the SQLite file (created if missing, with its folder). better-sqlite3 turns `foreign_keys`
 * ON; shale restores SQLite's own default (OFF) so table-rebuild migrations behave as in the
 * `sqlite3` shell and in dbmate, unless the URL says `?foreign_keys=on`. The file is read once
 * here, so one that is not a database fails at open, before anything is written to it.
 */
export async function openSqliteFile(url: SqliteUrl): Promise<BetterSqlite3.Database> {
  const { default: Database } = await import('better-sqlite3');
  let db: BetterSqlite3.Database | null = null;
  try {
    if (url.path !== ':memory:') mkdirSync(dirname(url.path), { recursive: true });
    db = new Database(url.path, { timeout: SQLITE_BUSY_TIMEOUT_MS });
    db.prepare('select count(*) from sqlite_master').get();
    db.pragma(`foreign_keys = ${foreignKeysOn(url) ? 'ON' : 'OFF'}`);
    return db;
  } catch (e) {
    db?.close();
    throw new ShaleError('E_CONNECT', `cannot open SQLite database ${url.display}: ${messageOf(e)}${sqliteFileHint(e)}`, { url: url.display }, { cause: e });
  }
}
