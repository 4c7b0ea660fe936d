import type pg from 'pg';
import { ShaleError } from '../../errors.js';
import type { Adapter, QueryResult, Queryable, Row, Transaction, TransactionOptions } from '../adapter.js';
import type { HistoryStore } from '../../core/history.js';
import type { HistoryConnection } from '../shared/sql-history-store.js';
import { runBatch } from './batch.js';
import { shiftPosition } from './errors.js';

/** A query as the driver takes it: text, and values as parameters. */
interface Sent {
  readonly text: string;
  readonly values?: readonly unknown[];
}

/** The open transaction of the work session: what waits to travel with a later round trip. */
interface Open {
  /** BEGIN (and its SET LOCAL), not yet sent: it goes with the first statement. */
  begin: string | null;
  /** State-table writes, sent with the COMMIT. */
  readonly writes: Sent[];
  readonly lazy: boolean;
  readonly keepSession: boolean;
}

export interface WorkSession {
  readonly client: pg.Client;
  /** Run one query on the client, as it is. */
  readonly raw: Queryable;
  /**
   * SQL that puts the session back as shale opened it (role, settings, the run's tag, search_path)
   * after a migration's SET, SET ROLE or SET SESSION AUTHORIZATION, which outlive a transaction.
   */
  readonly restoreSession: string;
  /** SQL that sets the run's tag again (`reset all` inside a statement resets it too). */
  readonly setTag: string;
}

/**
 * Send `queries` in one round trip (pg's pipeline mode: each query goes out without waiting for the
 * one before) and wait for all of them. Inside a transaction block, a failure aborts it, so the
 * queries after it fail too, and a COMMIT among them reports ROLLBACK: the first failure is thrown.
 */
async function pipelined(client: pg.Client, queries: readonly Sent[]): Promise<void> {
  const c = client as pg.Client & { pipeline: boolean; connection?: { stream?: { cork?(): void; uncork?(): void } } };
  c.pipeline = true;
  try {
    // The driver writes each query as it is submitted (synchronously, in pipeline mode); corked, they
    // leave in one write instead of one per query.
    const stream = c.connection?.stream;
    stream?.cork?.();
    let sent: Promise<unknown>[];
    try {
      sent = queries.map((q) => client.query(q.text, q.values as unknown[] | undefined));
    } finally {
      stream?.uncork?.();
    }
    const settled = await Promise.allSettled(sent);
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
  } finally {
    c.pipeline = false;
  }
}

/**
 * `Adapter.transaction` for the PostgreSQL work session, and the query function every other use of
 * the session goes through. Two round trips per transactional migration: the BEGIN is held back to
 * travel with the first statement (or with the whole script, in one simple-protocol query), and
 * the state rows travel with the COMMIT, their values as parameters, in one pipelined round trip.
 * Never the COMMIT with the statements: a client killed mid-migration must leave the server
 * waiting for a COMMIT that never comes. Asynchronous commit (`durable: false`) is safe here: WAL
 * order keeps a migration and its state row together, and the run's last commit is durable.
 */
export function pgTransactions(s: WorkSession, history: (db: HistoryConnection) => HistoryStore) {
  let open: Open | null = null;

  /** Send what the open transaction holds back, before a query that needs it on the server. */
  const flush = async (): Promise<void> => {
    if (!open) return;
    if (open.begin !== null) {
      const begin = open.begin;
      open.begin = null;
      await s.raw.query(begin);
    }
    while (open.writes.length > 0) {
      const w = open.writes.shift()!;
      await s.raw.query(w.text, w.values);
    }
  };
  const query = async <R = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> => {
    await flush();
    return s.raw.query<R>(sql, params);
  };
  const txHistory = history({
    query,
    write: async (text, values) => {
      if (open) open.writes.push({ text, values });
      else await s.raw.query(text, values);
    },
  });
  const tx: Transaction = {
    query,
    history: txHistory,
    checkpoint: flush,
    execute: async (sql) => {
      if (open?.begin == null || open.writes.length > 0) return query(sql);
      const prefix = open.begin;
      open.begin = null;
      try {
        return await s.raw.query(prefix + sql);
      } catch (e) {
        shiftPosition(e, prefix.length);
        throw e;
      }
    },
    executeAll: async (sqls) => {
      if (open && open.writes.length > 0) await flush();
      const prefix = open?.begin ?? '';
      if (open) open.begin = null;
      await runBatch(s.client, prefix, prefix.split(';').length - 1, sqls);
    },
  };

  const commit = async (t: Open): Promise<void> => {
    // The session goes back as shale opened it before the state rows are written (`reset all` also
    // resets a SET LOCAL: the lazy commit's is set after it).
    const head = `${t.begin ?? ''}${t.keepSession ? `${s.setTag};\n` : s.restoreSession}${t.lazy ? 'set local synchronous_commit to off;\n' : ''}`;
    t.begin = null;
    if (t.writes.length === 0) await s.raw.query(`${head}commit`);
    else await pipelined(s.client, [{ text: head }, ...t.writes, { text: 'commit' }]);
  };
  const abort = async (t: Open): Promise<void> => {
    // Nothing reached the server while the BEGIN was still held back.
    if (t.begin === null) await s.raw.query(`rollback;\n${s.restoreSession}`);
  };

  const transaction: Adapter['transaction'] = async <T>(fn: (tx: Transaction) => Promise<T>, o: TransactionOptions = {}): Promise<T> => {
    if (open) throw new ShaleError('E_INTERNAL', 'a transaction is already open on this connection: transactions do not nest');
    const lazy = o.durable === false;
    const t: Open = { begin: lazy ? 'begin; set local synchronous_commit to off;\n' : 'begin;\n', writes: [], lazy, keepSession: o.keepSession === true };
    open = t;
    try {
      const result = await fn(tx);
      await (o.discard ? abort(t) : commit(t));
      return result;
    } catch (e) {
      await abort(t).catch(() => undefined);
      throw e;
    } finally {
      open = null;
    }
  };
  return { query, transaction };
}
