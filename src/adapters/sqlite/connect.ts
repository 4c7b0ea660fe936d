import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { ShaleError, messageOf } from '../../errors.js';
import type { DatabaseUrl } from '../../core/url.js';

/** How long a statement waits for another connection's write lock before SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 5_000;

/**
 * Open the SQLite file (created if missing, with its folder). better-sqlite3 turns `foreign_keys`
 * ON; shale restores SQLite's own default (OFF) so table-rebuild migrations behave as in the
 * `sqlite3` shell and in dbmate, unless the URL says `?foreign_keys=on`.
 */
export async function openSqliteFile(url: Extract<DatabaseUrl, { kind: 'sqlite' }>): Promise<BetterSqlite3.Database> {
  const { default: Database } = await import('better-sqlite3');
  try {
    if (url.path !== ':memory:') mkdirSync(dirname(url.path), { recursive: true });
    const db = new Database(url.path, { timeout: SQLITE_BUSY_TIMEOUT_MS });
    const fk = (url.params['foreign_keys'] ?? 'off').toLowerCase();
    db.pragma(`foreign_keys = ${fk === 'on' || fk === 'true' || fk === '1' ? 'ON' : 'OFF'}`);
    return db;
  } catch (e) {
    throw new ShaleError('E_CONNECT', `cannot open SQLite database ${url.display}: ${messageOf(e)}`, { url: url.display }, { cause: e });
  }
}
