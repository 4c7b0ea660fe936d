import type { Adapter } from '../adapters/adapter.js';
import { ShaleError } from '../errors.js';
import type { Direction, Emitter } from '../events.js';
import { applyMigration, logOuterFailure, rollbackMigration, type RunMode } from './apply.js';
import { executeBody } from './execute.js';
import { isTransactional, type Hook, type Migration, type MigrationBody } from './migration.js';
import { prepareBody, statementCount, type PreparedBody } from './prepare.js';
import { failed, notRun, onlyFailed, type MigrationResult, type Outcome } from './result.js';
import { databaseError, fromDatabase } from './run-error.js';

/** One migration of a plan, split into statements and ready to run (or to show, with `--dry-run`). */
export interface PlannedRun {
  readonly migration: Migration;
  readonly direction: Direction;
  readonly body: PreparedBody;
  readonly mode: RunMode;
}

/** Every migration of a plan prepared, or the results of a plan that one of them stopped. */
export type Prepared = { readonly ok: true; readonly runs: readonly PlannedRun[] } | Extract<Outcome, { ok: false }>;

/** The body `direction` runs; `planDown` already refused a migration without a rollback. */
function bodyFor(m: Migration, direction: Direction): MigrationBody {
  const body = direction === 'up' ? m.up : m.down;
  if (!body) throw new ShaleError('E_NO_ROLLBACK', `cannot roll back ${m.id}: ${m.location} has no rollback (add a rollback/down file or section)`, { id: m.id });
  return body;
}

/** Own transaction where the database and the migration allow it, else statement-journaled. */
function modeFor(a: Adapter, body: MigrationBody): RunMode {
  return a.capabilities.transactionalDdl && isTransactional(body) ? 'transaction' : 'journal';
}

/**
 * Split one migration's body for `direction`. Blank scripts are skipped, so a migration with no
 * statement (an empty file, only comments, an empty dbmate block) runs as a no-op and is recorded,
 * as in dbmate (P2), yoyo and Flyway; `up` warns about it (see {@link emptyWarnings}).
 */
async function prepareRun(a: Adapter, m: Migration, direction: Direction): Promise<PlannedRun> {
  const body = bodyFor(m, direction);
  const runnable = body.kind === 'sql' ? { ...body, scripts: body.scripts.filter((s) => s.sql.trim() !== '') } : body;
  return { migration: m, direction, body: await prepareBody(a, runnable), mode: modeFor(a, body) };
}

/**
 * Prepare every migration of a plan before anything runs, so a syntax error anywhere stops the run
 * with nothing executed: the migration that cannot be prepared is `failed`, the others `not-run`.
 */
export async function prepareRuns(a: Adapter, migrations: readonly Migration[], direction: Direction): Promise<Prepared> {
  const runs: PlannedRun[] = [];
  for (const [i, m] of migrations.entries()) {
    try {
      runs.push(await prepareRun(a, m, direction));
    } catch (error) {
      return { ok: false, results: onlyFailed(migrations, direction, i, error), error };
    }
  }
  return { ok: true, runs };
}

/** A warning per migration about to be recorded without running anything (merge points excepted). */
export function emptyWarnings(runs: readonly PlannedRun[]): string[] {
  return runs
    .filter(({ migration: m, body }) => statementCount(body) === 0 && m.depends.length < 2)
    .map(({ migration: m }) => `${m.location}: no SQL statement (empty or only comments); recorded as applied without running anything`);
}

/** Run `runs` in order while the lock holds; the first failure stops the batch, the rest are `not-run`. */
async function oneByOne(a: Adapter, runs: readonly PlannedRun[], status: 'applied' | 'rolled-back', runOne: (run: PlannedRun, last: boolean) => Promise<number>): Promise<Outcome> {
  const results: MigrationResult[] = [];
  for (const [i, run] of runs.entries()) {
    try {
      a.locker.assertHeld?.();
      const durationMs = await runOne(run, i === runs.length - 1);
      results.push({ id: run.migration.id, direction: run.direction, status, durationMs });
    } catch (error) {
      const rest = runs.slice(i + 1).map((r) => r.migration);
      return { ok: false, results: [...results, failed(run.migration, run.direction, error), ...notRun(rest, run.direction)], error };
    }
  }
  return { ok: true, results };
}

/** Apply migrations one by one. Only the last one waits for its commit to reach disk (see ApplyOptions.durable). */
export function applyEach(a: Adapter, events: Emitter, runs: readonly PlannedRun[]): Promise<Outcome> {
  return oneByOne(a, runs, 'applied', (r, last) => applyMigration(a, events, r.migration, r.body, { mode: r.mode, durable: last }));
}

/** Roll back migrations one by one (newest first, as given). */
export function rollbackEach(a: Adapter, events: Emitter, runs: readonly PlannedRun[]): Promise<Outcome> {
  return oneByOne(a, runs, 'rolled-back', (r) => rollbackMigration(a, events, r.migration, r.body, r.mode));
}

/**
 * `--single-transaction`: every migration in one transaction; all or nothing. On failure nothing
 * stays: the migration that failed (the last one, when the COMMIT did) is `failed`, the others `not-run`.
 */
export async function applyInOneTransaction(a: Adapter, events: Emitter, runs: readonly PlannedRun[]): Promise<Outcome> {
  const planned = runs.map((r) => r.migration);
  const journaled = runs.find((r) => r.mode !== 'transaction');
  if (journaled) {
    const m = journaled.migration;
    const error = new ShaleError('E_USAGE', `--single-transaction: ${m.location} cannot run inside a transaction (transaction: false, or the database has no transactional DDL)`, { id: m.id });
    return { ok: false, results: notRun(planned, 'up'), error };
  }
  const started = Date.now();
  const applied: MigrationResult[] = [];
  let current = '';
  // Outside the migrations' work, what the transaction throws is its BEGIN's or COMMIT's: the database's.
  let inWork = false;
  try {
    await a.transaction(async (outer) => {
      inWork = true;
      for (const { migration: m, body } of runs) {
        current = m.id;
        const durationMs = await applyMigration(a, events, m, body, { mode: 'outer-transaction', outer });
        applied.push({ id: m.id, direction: 'up', status: 'applied', durationMs });
      }
      inWork = false;
    });
    return { ok: true, results: applied };
  } catch (e) {
    await logOuterFailure(a, current, started, e);
    const at = planned.findIndex((m) => m.id === current);
    // A COMMIT that fails after the last migration ran keeps that migration's duration.
    const results = onlyFailed(planned, 'up', at, e, applied[at]?.durationMs ?? 0);
    return { ok: false, results, error: inWork ? e : databaseError(e) };
  }
}

/** Post-apply hooks (yoyo F1–F2): each in its own transaction where possible; never recorded. */
export async function runHooks(a: Adapter, events: Emitter, hooks: readonly Hook[]): Promise<void> {
  for (const h of hooks) {
    events.emit('hook:run', { name: h.name, location: h.location });
    const body = await prepareBody(a, h.body);
    if (a.capabilities.transactionalDdl && isTransactional(h.body)) await fromDatabase(() => a.transaction((tx) => executeBody(a, tx, body)));
    else await executeBody(a, a, body);
  }
}
