import { hostname, userInfo } from 'node:os';
import type { Adapter, Transaction } from '../adapters/adapter.js';
import type { AppliedRecord, HistoryStore, LogOperation, NewLogEntry } from './history.js';
import { ShaleError, messageOf } from '../errors.js';
import type { Emitter } from '../events.js';
import { executeBody, executeScript } from './execute.js';
import { runJournal, StatementFailed } from './journal.js';
import { isInDoubt } from './status.js';
import { isProgrammingError } from './run-error.js';
import { runUnit, type UnitScope } from './transaction.js';
import { isTransactional, type Migration } from './migration.js';
import { statementCount, type PreparedBody } from './prepare.js';

/** How a migration's statements are wrapped. */
export type RunMode =
  /** its own transaction: all or nothing */
  | 'transaction'
  /** inside a transaction the caller opened (--single-transaction) */
  | 'outer-transaction'
  /** autocommit, one statement at a time, progress journaled in the state table */
  | 'journal';

function whoami(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env['USER'] ?? 'unknown';
  }
}

export const IDENTITY = { user: whoami(), host: hostname(), pid: process.pid };

function record(m: Migration, total: number, done: number, durationMs: number, status: AppliedRecord['status'], error: string | null, started = done): AppliedRecord {
  return {
    id: m.id,
    checksum: m.checksum,
    kind: m.kind,
    appliedAt: new Date().toISOString(),
    appliedBy: IDENTITY.user,
    host: IDENTITY.host,
    durationMs,
    statementsTotal: total,
    statementsDone: done,
    statementsStarted: started,
    status,
    error,
  };
}

async function log(h: HistoryStore, id: string, operation: LogOperation, durationMs: number | null, error: string | null): Promise<void> {
  await h.log({ id, operation, user: IDENTITY.user, host: IDENTITY.host, pid: IDENTITY.pid, durationMs, error });
}

function logEntry(rec: AppliedRecord, operation: LogOperation): NewLogEntry {
  return { id: rec.id, operation, user: IDENTITY.user, host: IDENTITY.host, pid: IDENTITY.pid, durationMs: rec.durationMs, error: null };
}

/** Save the record and its log row; in a transaction they commit with it (the adapter may send them with its COMMIT). */
async function saveAndLog(h: HistoryStore, rec: AppliedRecord, operation: LogOperation): Promise<void> {
  await h.saveAndLog(rec, logEntry(rec, operation));
}

/** Record a failure in the audit log, outside any transaction; a failure to log must not hide the real error. */
async function logFailure(adapter: Adapter, id: string, started: number, e: unknown): Promise<void> {
  await log(adapter.history, id, 'fail', Date.now() - started, adapter.redact(messageOf(e))).catch(() => undefined);
}

/**
 * Run `work` and then record `rec` as one unit in `scope`. A failure after the work (the COMMIT: a
 * deferred constraint, say; or the state rows sent with it) says so: the whole migration rolled back.
 */
async function commitWithRecord(adapter: Adapter, m: Migration, scope: UnitScope, work: (tx: Transaction) => Promise<void>, rec: () => AppliedRecord, operation: LogOperation): Promise<void> {
  let workDone = false;
  try {
    await runUnit(adapter, scope, async (tx) => {
      await work(tx);
      workDone = true;
      await saveAndLog(tx.history, rec(), operation);
      // Several migrations share the caller's transaction: this one's state rows must fail here, not
      // with the next migration's statements.
      if ('outer' in scope) await tx.checkpoint();
    });
  } catch (e) {
    if (!workDone || 'outer' in scope || isProgrammingError(e)) throw e;
    const msg = adapter.redact(messageOf(e).split('\n')[0]!);
    throw new ShaleError('E_SQL', `${m.location}: COMMIT failed, nothing of the migration was applied: ${msg}`, { id: m.id, file: m.location, dbCode: (e as { code?: unknown })?.code }, { cause: e });
  }
}

/**
 * What a migration's run threw, as a ShaleError naming its file: the database's (or driver's) error
 * is `E_SQL`; JavaScript's own (a bug) is `E_INTERNAL`.
 */
function migrationError(adapter: Adapter, m: Migration, e: unknown): ShaleError {
  if (e instanceof ShaleError) return e;
  return new ShaleError(isProgrammingError(e) ? 'E_INTERNAL' : 'E_SQL', adapter.redact(`${m.location}: ${messageOf(e)}`), { id: m.id }, { cause: e });
}

/** The record the state table holds for `id` (null when it cannot be read). */
async function committedRecord(adapter: Adapter, id: string): Promise<AppliedRecord | null> {
  return (await adapter.history.list().catch(() => [])).find((r) => r.id === id) ?? null;
}

/**
 * The statement refuses to run in a transaction block (`CREATE INDEX CONCURRENTLY`, `VACUUM`,
 * `CREATE DATABASE`, …; the adapter's error facts say so). Say how to run it.
 */
function withTransactionHint(e: unknown, mode: RunMode): unknown {
  if (!(e instanceof ShaleError) || e.details['notInTransaction'] !== true) return e;
  const how = mode === 'outer-transaction' ? ', and run it without --single-transaction' : '';
  return new ShaleError(
    e.code,
    `${e.message}; put \`-- transaction: false\` at the top of the file to run its statements one by one, outside a transaction${how}`,
    { ...e.details, hint: 'transaction: false' },
    { cause: e.cause ?? e },
  );
}

export interface ApplyOptions {
  readonly mode: RunMode;
  /** Statement to start at (resume of a journaled migration). */
  readonly from?: number;
  /** Audit-log operation written on success. */
  readonly operation?: LogOperation;
  /**
   * Whether the commit must reach disk before returning (default true). A run commits its earlier
   * migrations lazily and its last one durably: a later durable commit flushes the earlier ones, and
   * a crash in between loses a whole migration with its state row, never one without the other.
   */
  readonly durable?: boolean;
  /** The caller's transaction, for mode `outer-transaction`. */
  readonly outer?: Transaction;
}

function outerOf(opts: { readonly outer?: Transaction }): Transaction {
  if (!opts.outer) throw new ShaleError('E_INTERNAL', 'outer-transaction mode needs the outer transaction');
  return opts.outer;
}

/**
 * Apply one migration and record it. Transactional: statements, state row and log row commit
 * together. Journaled: the state row says `partial` until the last statement is done, and carries
 * `statements_done`, so a crash or failure leaves the truth behind.
 */
export async function applyMigration(adapter: Adapter, events: Emitter, m: Migration, body: PreparedBody, opts: ApplyOptions): Promise<number> {
  const started = Date.now();
  const total = statementCount(body);
  const from = opts.from ?? 0;
  events.emit('migration:start', { id: m.id, direction: 'up', location: m.location });
  const onStart = (index: number, sql: string) => events.emit('statement:start', { id: m.id, index, total, sql });
  try {
    if (opts.mode === 'journal') {
      try {
        // The state row and its log row commit together (MySQL writes them as two statements); the
        // adapter puts back the session the migration's statements may have changed before writing them.
        const finish = (h: HistoryStore): Promise<void> => saveAndLog(h, record(m, total, total, Date.now() - started, 'applied', null), opts.operation ?? 'apply');
        await runJournal(adapter, m.id, body, {
          from,
          initial: (first) => record(m, total, 0, 0, 'partial', null, first),
          group: isTransactional(m.up),
          onStart,
          finish,
        });
      } catch (thrown) {
        // A transaction the migration opened itself (its BEGIN, then the failure) ends here, undone
        // with the progress recorded inside it: the state row, read back, says what stays applied.
        await adapter.rollback().catch(() => undefined);
        const e = thrown instanceof StatementFailed ? thrown.error : thrown;
        const rec = await committedRecord(adapter, m.id);
        const done = rec?.statementsDone ?? from;
        // What the state row says stays, with the error. A transactional statement rolled back with
        // its journal update; one that cannot run in a transaction stays in doubt (a CREATE INDEX
        // CONCURRENTLY that fails leaves an invalid index, a procedure may have committed part of its
        // work) unless the server refused it before it ran. If the record cannot be read (or the
        // connection is gone), nothing is written.
        if (rec) {
          const started = thrown instanceof StatementFailed && thrown.notRun ? done : rec.statementsStarted;
          await adapter.history.progress(m.id, { done, started, error: adapter.redact(messageOf(e)) }).catch(() => undefined);
        }
        // Without a transaction the statements before the failure stay applied: say exactly which.
        const ran0 = done === 0 ? 'no statement of it ran' : done === 1 ? `statement 1 of ${total} ran and stays applied` : `statements 1-${done} of ${total} ran and stay applied`;
        const doubt = rec && isInDoubt({ ...rec, statementsDone: done }) && !(thrown instanceof StatementFailed && thrown.notRun);
        const ran = doubt ? `${ran0}, and statement ${done + 1} may have taken effect in part (\`shale resume\` checks it)` : ran0;
        if (e instanceof ShaleError) {
          throw new ShaleError(e.code, `${e.message}; ${ran}: fix the cause and run \`shale resume\`, or undo them and run \`shale repair\``, { ...e.details, statementsDone: done, statementsTotal: total }, { cause: e.cause ?? e });
        }
        throw e;
      }
    } else {
      const scope: UnitScope = opts.mode === 'outer-transaction' ? { outer: outerOf(opts) } : { durable: opts.durable ?? true };
      const work = async (tx: Transaction): Promise<void> => {
        try {
          await executeScript(adapter, tx, body, onStart);
        } catch (e) {
          throw withTransactionHint(e, opts.mode);
        }
      };
      await commitWithRecord(adapter, m, scope, work, () => record(m, total, total, Date.now() - started, 'applied', null), opts.operation ?? 'apply');
    }
  } catch (e) {
    const err = migrationError(adapter, m, e);
    // In an outer transaction the log row would roll back with it; the caller logs after its rollback.
    if (opts.mode !== 'outer-transaction') await logFailure(adapter, m.id, started, err);
    events.emit('migration:fail', { id: m.id, direction: 'up', error: err });
    throw err;
  }
  const durationMs = Date.now() - started;
  events.emit('migration:done', { id: m.id, direction: 'up', durationMs, statements: total });
  return durationMs;
}

/** Roll back one migration and forget it; transactional where possible. */
export async function rollbackMigration(adapter: Adapter, events: Emitter, m: Migration, body: PreparedBody, mode: RunMode, opts: { readonly outer?: Transaction } = {}): Promise<number> {
  const started = Date.now();
  const total = statementCount(body);
  events.emit('migration:start', { id: m.id, direction: 'down', location: m.location });
  try {
    const onStart = (index: number, sql: string) => events.emit('statement:start', { id: m.id, index, total, sql });
    const forget = async (h: HistoryStore): Promise<void> => {
      await h.remove(m.id);
      await log(h, m.id, 'rollback', Date.now() - started, null);
    };
    if (mode === 'journal') {
      await executeBody(adapter, adapter, body, { onStart });
      await adapter.transaction((tx) => forget(tx.history));
    } else {
      const scope: UnitScope = mode === 'outer-transaction' ? { outer: outerOf(opts) } : {};
      await runUnit(adapter, scope, async (tx) => {
        try {
          await executeBody(adapter, tx, body, { onStart });
        } catch (e) {
          throw withTransactionHint(e, mode);
        }
        await forget(tx.history);
      });
    }
  } catch (e) {
    const err = migrationError(adapter, m, e);
    if (mode !== 'outer-transaction') await logFailure(adapter, m.id, started, err);
    events.emit('migration:fail', { id: m.id, direction: 'down', error: err });
    throw err;
  }
  const durationMs = Date.now() - started;
  events.emit('migration:done', { id: m.id, direction: 'down', durationMs, statements: total });
  return durationMs;
}

/** Record without running (mark / baseline / adopt). */
export async function markMigration(adapter: Adapter, m: Migration, operation: LogOperation = 'mark'): Promise<void> {
  await adapter.transaction((tx) => saveAndLog(tx.history, record(m, 0, 0, 0, 'applied', null), operation));
}

/** Record a journaled migration whose statements all ran as applied (its final row was never written). */
export async function completeRecord(adapter: Adapter, rec: AppliedRecord): Promise<void> {
  const done: AppliedRecord = { ...rec, status: 'applied', error: null, statementsDone: rec.statementsTotal, statementsStarted: rec.statementsTotal };
  await adapter.transaction((tx) => saveAndLog(tx.history, done, 'resume'));
}

/** Settle a statement left in doubt: `done` statements count as run; audit-logged as `operation`. */
export async function settleStatement(adapter: Adapter, id: string, done: number, operation: 'statement-done' | 'statement-not-done'): Promise<void> {
  await adapter.transaction(async ({ history }) => {
    await history.progress(id, { done, started: done, error: null });
    await log(history, id, operation, 0, null);
  });
}

/** Forget a record without running anything (unmark / repair of a partial migration). */
export async function unmarkMigration(adapter: Adapter, id: string, operation: LogOperation = 'unmark'): Promise<void> {
  await adapter.transaction(async ({ history }) => {
    await history.remove(id);
    await log(history, id, operation, 0, null);
  });
}

/** Accept the current checksum of an edited migration (repair). */
export async function acceptChecksum(adapter: Adapter, m: Migration, previous: AppliedRecord): Promise<void> {
  await adapter.transaction(async ({ history }) => {
    await history.save({ ...previous, checksum: m.checksum });
    await log(history, m.id, 'repair', 0, null);
  });
}

export async function logOuterFailure(adapter: Adapter, id: string, started: number, e: unknown): Promise<void> {
  await logFailure(adapter, id, started, e);
}
