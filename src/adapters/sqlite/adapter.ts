import { ShaleError, messageOf } from '../../errors.js';
import type { DatabaseUrl } from '../../core/url.js';
import type { Adapter, Capabilities, QueryResult, Row } from '../adapter.js';
import { openSqliteFile } from './connect.js';
import { sqliteHistoryStore } from './history-store.js';
import { sqliteLocker } from './locker.js';
import { splitSqlite } from './splitter.js';

export const SQLITE_CAPABILITIES: Capabilities = { transactionalDdl: true, advisoryLocks: false, savepoints: true };

type SqliteUrl = Extract<DatabaseUrl, { kind: 'sqlite' }>;

export async function openSqlite(url: SqliteUrl, opts: { tablePrefix: string }): Promise<Adapter> {
  const db = await openSqliteFile(url);
  const query = async <R = Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> => {
    const stmt = db.prepare(sql);
    const args = params.map((p) => (typeof p === 'boolean' ? Number(p) : p));
    if (stmt.reader) {
      const rows = stmt.all(...args) as R[];
      return { rows, rowCount: rows.length };
    }
    const r = stmt.run(...args);
    return { rows: [], rowCount: r.changes };
  };
  const locker = sqliteLocker({ query }, opts.tablePrefix);
  return {
    kind: 'sqlite',
    display: url.display,
    capabilities: SQLITE_CAPABILITIES,
    locker,
    history: sqliteHistoryStore({ query }, opts.tablePrefix),
    query,
    param: () => '?',
    split: async (script) => splitSqlite(script),
    execute: (sql) => query(sql),
    // IMMEDIATE takes the write lock up front, so a migration never fails half-way on SQLITE_BUSY.
    begin: async () => void db.exec('begin immediate'),
    commit: async () => void db.exec('commit'),
    rollback: async () => {
      if (db.inTransaction) db.exec('rollback');
    },
    errorPosition: () => null,
    async close() {
      try {
        await locker.release();
      } catch (e) {
        throw new ShaleError('E_SQL', `could not release the SQLite lock row: ${messageOf(e)}`, {}, { cause: e });
      } finally {
        db.close();
      }
    },
  };
}
