import type { Adapter, Executor, StatementTxn } from '../adapters/adapter.js';
import type { AppliedRecord, HistoryStore } from './history.js';
import { ShaleError, messageOf } from '../errors.js';
import { migrationContext, statementError } from './execute.js';
import type { PreparedBody } from './prepare.js';

export interface JournalOptions {
  /** Index of the first statement to run (resume); 0 writes the initial `partial` record first. */
  readonly from: number;
  /** The initial record (statements done 0), written when `from` is 0. */
  readonly initial: (started: number) => AppliedRecord;
  /**
   * Consecutive transactional statements share one transaction (a migration that did not ask for
   * `transaction: false`, on a database whose DDL commits implicitly); else one transaction each.
   */
  readonly group: boolean;
  readonly onStart: (index: number, sql: string) => void;
  /**
   * Write the migration's final `applied` record and its log row. Called inside the transaction of
   * the last statement when that statement is transactional, so they commit together; after the
   * last `autocommit` statement, in place of its "done" update (one write fewer, the same journal).
   */
  readonly finish: (h: HistoryStore) => Promise<void>;
}

/** One unit of a journaled body: a statement, or a whole TS/JS module (which cannot be journaled inside). */
interface Step {
  readonly txn: StatementTxn;
  /** Run it on `x`: the adapter (autocommit, or inside the migration's own BEGIN) or a transaction of it. */
  run(x: Executor): Promise<void>;
}

/** A statement (or module) of a journaled migration failed with an error of its own: it did not take effect. */
export class StatementFailed extends Error {
  constructor(
    readonly error: unknown,
    /** The server refused it before running any of it (see `ErrorFacts.notRun`). */
    readonly notRun: boolean,
  ) {
    super(messageOf(error));
    this.name = 'StatementFailed';
  }
}

function stepsOf(adapter: Adapter, body: PreparedBody): Step[] {
  if (body.kind === 'module') {
    const run = async (x: Executor): Promise<void> => {
      try {
        await body.run(migrationContext(adapter, x));
      } catch (e) {
        // Code may have done anything before it failed.
        throw new StatementFailed(new ShaleError('E_SQL', adapter.redact(`${body.location}: ${messageOf(e).split('\n')[0]}`), { file: body.location }, { cause: e }), false);
      }
    };
    return [{ txn: 'autocommit', run }];
  }
  return body.statements.map((stmt, i) => ({
    txn: adapter.statementTxn(stmt.sql),
    run: async (x) => {
      try {
        await x.execute(stmt.sql);
      } catch (e) {
        const err = statementError(adapter, e, stmt, i);
        throw new StatementFailed(err, err.details['notRun'] === true);
      }
    },
  }));
}

/**
 * Run a body statement by statement so that `statements_done` is exact after any crash (DESIGN §7):
 * - a transactional statement commits in one transaction with the journal update that counts it;
 * - inside the migration's own BEGIN … COMMIT, the update travels in that block, just before its
 *   COMMIT, so a crash or a failed COMMIT takes both back (and a `SET TRANSACTION` can still open it);
 * - an `autocommit` or `session` statement is journaled started before it is sent and done after: a
 *   crash in between leaves an honest "may or may not have completed" (`statementsStarted > statementsDone`).
 * Consecutive `autocommit` statements share one update between them ("k done, k+1 started"), and
 * the final record travels with the last statement (see {@link JournalOptions.finish}).
 * A statement's own failure is thrown as {@link StatementFailed}; anything else is the journal's.
 * Returns the number of steps.
 */
export async function runJournal(adapter: Adapter, id: string, body: PreparedBody, opts: JournalOptions): Promise<number> {
  const h = adapter.history;
  const steps = stepsOf(adapter, body);
  const total = steps.length;
  const sqlOf = (k: number): string => (body.kind === 'sql' ? body.statements[k]!.sql : body.location);
  const done = (n: number): Promise<void> => h.progress(id, { done: n, started: n, error: null });
  let i = opts.from;
  // The first statement's "started" travels with the initial record.
  let startedWritten = -1;
  if (i === 0) {
    const first = steps[0] && isOutside(steps[0].txn) ? 1 : 0;
    await h.save(opts.initial(first));
    startedWritten = first - 1;
  }
  let inOwnBlock = false;
  let finished = false;
  while (i < total) {
    const step = steps[i]!;
    opts.onStart(i, sqlOf(i));
    if (inOwnBlock && partOfBlock(adapter, step.txn)) {
      // Part of the migration's own transaction: counted when it commits. A BEGIN inside it commits
      // it on MySQL (implicitly): what ran so far is counted first, in the block, to commit with it.
      if (step.txn === 'commit' || step.txn === 'begin') await done(step.txn === 'commit' ? i + 1 : i);
      await step.run(adapter);
      if (step.txn === 'rollback') await done(i + 1);
      if (step.txn === 'commit' || step.txn === 'rollback') inOwnBlock = false;
      i++;
      continue;
    }
    if (step.txn === 'transactional') {
      i = await runTransactional(adapter, id, steps, i, opts, sqlOf);
      finished = i === total;
      continue;
    }
    if (isOutside(step.txn) && startedWritten !== i) await h.progress(id, { done: i, started: i + 1, error: null });
    await step.run(adapter);
    // BEGIN opens the migration's own block; an implicit commit (MySQL DDL) ends one. A prelude is
    // counted with what follows it.
    inOwnBlock = step.txn === 'begin';
    if (step.txn !== 'begin' && step.txn !== 'prelude') {
      const next = steps[i + 1];
      if (!next) {
        await adapter.transaction((tx) => opts.finish(tx.history));
        finished = true;
      } else if (isOutside(next.txn)) {
        // This one done and the next one started, in one write, before the next is sent.
        await h.progress(id, { done: i + 1, started: i + 2, error: null });
        startedWritten = i + 1;
      } else await done(i + 1);
    }
    i++;
  }
  if (inOwnBlock) {
    throw new ShaleError('E_SQL', `${body.kind === 'sql' ? body.statements[total - 1]!.location : body.location}: the migration ends inside its own BEGIN without a COMMIT; add the COMMIT (nothing of the block was applied)`, { id });
  }
  if (!finished) await adapter.transaction((tx) => opts.finish(tx.history));
  return total;
}

/** Statements that cannot run in shale's transaction, journaled started before they are sent. */
function isOutside(t: StatementTxn): boolean {
  return t === 'autocommit' || t === 'outside';
}

/**
 * Whether a statement met inside the migration's own BEGIN … COMMIT belongs to that block. One that
 * commits by itself ends it where DDL commits implicitly (MySQL); where DDL is transactional it runs
 * in the block or fails there (CREATE INDEX CONCURRENTLY), and rolls back with it.
 */
function partOfBlock(adapter: Adapter, t: StatementTxn): boolean {
  return t !== 'autocommit' || adapter.capabilities.transactionalDdl;
}

/** Run statement `i` (and, grouped, the transactional ones after it) in one transaction with the journal update; returns the next index. */
async function runTransactional(adapter: Adapter, id: string, steps: readonly Step[], i: number, opts: JournalOptions, sqlOf: (k: number) => string): Promise<number> {
  let last = i;
  while (opts.group && last + 1 < steps.length && steps[last + 1]!.txn === 'transactional') last++;
  // The last statement commits with the final record; the session is put back before it is written.
  const final = last + 1 === steps.length;
  await adapter.transaction(
    async (tx) => {
      for (let k = i; k <= last; k++) {
        if (k > i) opts.onStart(k, sqlOf(k));
        await steps[k]!.run(tx);
      }
      if (final) await opts.finish(tx.history);
      else await tx.history.progress(id, { done: last + 1, started: last + 1, error: null });
    },
    { keepSession: !final },
  );
  return last + 1;
}
