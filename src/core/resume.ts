import type { Adapter, InDoubtResolution } from '../adapters/adapter.js';
import { ShaleError } from '../errors.js';
import type { Emitter } from '../events.js';
import { applyMigration, settleStatement } from './apply.js';
import type { AppliedRecord } from './history.js';
import type { Migration } from './migration.js';
import { statementPreview } from './position.js';
import { prepareBody, type PreparedBody } from './prepare.js';
import { failed, type Outcome } from './result.js';
import { fromDatabase } from './run-error.js';
import { isInDoubt } from './status.js';

/** A partial migration to continue (see `planResume`), and the user's word on a statement in doubt. */
export interface ResumeRun {
  readonly migration: Migration;
  readonly record: AppliedRecord;
  readonly statement: 'done' | 'not-done' | undefined;
}

/** Decide whether the in-doubt statement of `rec` took effect; returns the statement to continue at. */
async function settleInDoubt(a: Adapter, events: Emitter, m: Migration, body: PreparedBody, rec: AppliedRecord, choice: 'done' | 'not-done' | undefined): Promise<number> {
  const index = rec.statementsStarted - 1;
  const stmt = body.kind === 'sql' ? body.statements[index] : undefined;
  const what = stmt ? `statement ${index + 1} of ${rec.statementsTotal} (${statementPreview(stmt.sql)})` : `${m.location} (a TS/JS migration)`;
  const r: InDoubtResolution = choice
    ? { outcome: choice, reason: `--statement-${choice}` }
    : stmt
      ? await fromDatabase(() => a.resolveInDoubt(stmt.sql))
      : { outcome: 'unknown', reason: 'shale cannot tell what its code had done' };
  if (r.outcome === 'unknown') {
    throw new ShaleError(
      'E_PARTIAL',
      `${m.location}: ${what} may or may not have completed: the run that sent it stopped before it could record the outcome, and ${r.reason}. Check the database, then run \`shale resume --statement-done\` if it took effect or \`shale resume --statement-not-done\` to run it again`,
      { id: m.id, statement: index + 1, statementsDone: rec.statementsDone, statementsTotal: rec.statementsTotal },
    );
  }
  const done = r.outcome === 'done' ? index + 1 : index;
  await fromDatabase(() => settleStatement(a, m.id, done, r.outcome === 'done' ? 'statement-done' : 'statement-not-done'));
  events.emit('warning', { message: `${m.location}: ${what} ${r.outcome === 'done' ? 'had completed' : 'had not completed; running it again'} (${r.reason})`, id: m.id });
  return done;
}

/**
 * Continue a partial (statement-journaled) migration at the statement that failed or was
 * interrupted. A statement left in doubt by a killed run is settled first: by checking the
 * database where the adapter can, else by `statement` (`done`: it took effect, skip it;
 * `not-done`: run it again), audit-logged.
 */
export async function resumePartial(a: Adapter, events: Emitter, run: ResumeRun): Promise<Outcome> {
  const { migration: m, record: rec } = run;
  const body = await prepareBody(a, m.up);
  const from = isInDoubt(rec) ? await settleInDoubt(a, events, m, body, rec, run.statement) : rec.statementsDone;
  try {
    const durationMs = await applyMigration(a, events, m, body, { mode: 'journal', from, operation: 'resume' });
    return { ok: true, results: [{ id: m.id, direction: 'up', status: 'resumed', durationMs }] };
  } catch (error) {
    return { ok: false, results: [failed(m, 'up', error)], error };
  }
}
