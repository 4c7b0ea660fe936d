import { ShaleError, messageOf } from '../../errors.js';
import type { SqliteUrl } from './url.js';
import type { Adapter, Capabilities, Locker, QueryResult, Row, Transaction } from '../adapter.js';
import { openSqliteFile, sqliteFileHint } from './connect.js';
import { sqliteHistoryStore } from './history-store.js';
import { sqliteResolveInDoubt, sqliteStatementTxn } from './journal.js';
import { sqliteLocker } from './locker.js';
import { executeEach, plainTransactions } from '../shared/transaction.js';
import { splitSqlite } from './splitter.js';
import { checkTransactionPragma, sqliteErrorFacts } from './errors.js';

export const SQLITE_CAPABILITIES: Capabilities = { transactionalDdl: true, savepoints: true };

/** Lock operations write to the file: a read-only file fails here first, so say so in one line. */
function explainLockErrors(locker: Locker, display: string): Locker {
  const explain = <A extends unknown[], R>(what: string, fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await fn(...args);
      } catch (e) {
        if (e instanceof ShaleError) throw e;
        throw new ShaleError('E_CONNECT', `cannot ${what} in SQLite database ${display}: ${messageOf(e)}${sqliteFileHint(e)}`, { url: display }, { cause: e });
      }
    };
  return {
    ...locker,
    acquire: explain('take the migration lock', locker.acquire),
    release: explain('release the migration lock', locker.release),
    holder: explain('read the migration lock', locker.holder),
    forceRelease: explain('remove the migration lock', locker.forceRelease),
  };
}

export async function openSqlite(url: SqliteUrl, opts: { tablePrefix: string }): Promise<Adapter> {
  const db = await openSqliteFile(url);
  const query = async <R = Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> => {
    if (db.inTransaction) checkTransactionPragma(db, sql);
    const stmt = db.prepare(sql);
    const args = params.map((p) => (typeof p === 'boolean' ? Number(p) : p));
    if (stmt.reader) {
      const rows = stmt.all(...args) as R[];
      return { rows, rowCount: rows.length };
    }
    const r = stmt.run(...args);
    return { rows: [], rowCount: r.changes };
  };
  const history = sqliteHistoryStore({ query }, opts.tablePrefix);
  const execute = (sql: string) => query(sql);
  const tx: Transaction = { query, execute, executeAll: (sqls) => executeEach(tx, sqls), checkpoint: async () => undefined, history };
  const rollback = async (): Promise<void> => {
    if (db.inTransaction) db.exec('rollback');
  };
  const locker = explainLockErrors(sqliteLocker({ query }, opts.tablePrefix), url.display);
  return {
    display: url.display,
    capabilities: SQLITE_CAPABILITIES,
    locker,
    history,
    query,
    param: () => '?',
    split: async (script) => splitSqlite(script),
    execute,
    // IMMEDIATE takes the write lock up front, so a migration never fails half-way on SQLITE_BUSY.
    transaction: plainTransactions({ begin: async () => void db.exec('begin immediate'), commit: async () => void db.exec('commit'), rollback }, tx),
    rollback,
    statementTxn: sqliteStatementTxn,
    resolveInDoubt: sqliteResolveInDoubt,
    // In-process: a killed run takes its statements with it.
    orphans: async () => [],
    redact: (text) => text,
    errorFacts: sqliteErrorFacts,
    // An in-memory database is fresh and ends with its connection: it is its own dev database.
    ...(url.path === ':memory:' ? { devDatabase: { kind: 'self' } as const } : {}),
    schemaDialect: async () => (await import('../../schema/sqlite/dialect.js')).sqliteSchema,
    async close() {
      try {
        await locker.release();
      } finally {
        db.close();
      }
    },
  };
}
