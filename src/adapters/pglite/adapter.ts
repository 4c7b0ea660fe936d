import { pgLockTrace } from '../postgres/lock-trace.js';
import { readLintTarget } from '../postgres/lint-target.js';
import type { PGlite } from '@electric-sql/pglite';
import type { PgliteUrl } from './url.js';
import type { Adapter, Capabilities, QueryResult, Row, Transaction } from '../adapter.js';
import { postgresHistoryStore } from '../postgres/history-store.js';
import { pgErrorFacts } from '../postgres/errors.js';
import { pgResolveInDoubt, pgStatementTxn } from '../postgres/journal.js';
import { loadPgParser, splitPostgres } from '../postgres/splitter.js';
import { startPglite, type PgliteHandle } from './connect.js';
import { pgliteLocker } from './locker.js';
import { executeEach, plainTransactions } from '../shared/transaction.js';

export const PGLITE_CAPABILITIES: Capabilities = { transactionalDdl: true, savepoints: true };

/** Wrap a running PGlite instance as an adapter; closing the adapter releases the instance. */
export async function pgliteAdapter(h: PgliteHandle, display: string, opts: { tablePrefix: string; inMemory?: boolean }): Promise<Adapter> {
  const db: PGlite = h.db;
  const query = async <R = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> => {
    if (params && params.length > 0) {
      const r = await db.query<R>(sql, params as unknown[]);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    }
    // exec uses the simple protocol, which accepts any statement (and several at once).
    const results = await db.exec(sql);
    const last = results[results.length - 1];
    return { rows: (last?.rows ?? []) as R[], rowCount: last?.affectedRows ?? last?.rows.length ?? 0 };
  };
  const schemaRow = await query<{ s: string | null }>('select current_schema() as s');
  const history = postgresHistoryStore({ query }, schemaRow.rows[0]?.s ?? 'public', opts.tablePrefix);
  const execute = (sql: string) => query(sql);
  const tx: Transaction = { query, execute, executeAll: (sqls) => executeEach(tx, sqls), checkpoint: async () => undefined, history };
  const rollback = async (): Promise<void> => void (await db.exec('rollback'));
  const locker = pgliteLocker(h.shared);
  return {
    display,
    capabilities: PGLITE_CAPABILITIES,
    locker,
    history,
    query,
    param: (i) => `$${i}`,
    split: async (script) => {
      await loadPgParser();
      return splitPostgres(script);
    },
    execute,
    transaction: plainTransactions({ begin: async () => void (await db.exec('begin')), commit: async () => void (await db.exec('commit')), rollback }, tx),
    rollback,
    statementTxn: pgStatementTxn,
    resolveInDoubt: (sql) => pgResolveInDoubt({ query }, sql),
    // In-process: a killed run takes its statements with it.
    orphans: async () => [],
    ...(opts.inMemory ? { devDatabase: { kind: 'self' } as const } : {}),
    schemaDialect: async () => (await import('../../schema/postgres/index.js')).postgresSchema,
    lintTarget: () => readLintTarget({ query }),
    lockTrace: pgLockTrace,
    redact: (text) => text,
    errorFacts: pgErrorFacts,
    async close() {
      await locker.release();
      await h.release();
    },
  };
}

export async function openPglite(url: PgliteUrl, opts: { tablePrefix: string }): Promise<Adapter> {
  return pgliteAdapter(await startPglite(url.dataDir, url.display), url.display, { ...opts, inMemory: url.dataDir === null });
}
