import type { Adapter } from '../adapters/adapter.js';
import { assertNever } from '../errors.js';
import type { Emitter } from '../events.js';
import { acceptChecksum, markMigration, unmarkMigration } from './apply.js';
import { renderDryRun } from './dry-run.js';
import type { Hook, Migration } from './migration.js';
import type { RepairEntry } from './plan.js';
import { notRun, type MigrationResult, type Outcome, type Report, type ResultStatus } from './result.js';
import { resumePartial, type ResumeRun } from './resume.js';
import { fromDatabase } from './run-error.js';
import { applyEach, applyInOneTransaction, emptyWarnings, prepareRuns, rollbackEach, runHooks } from './run-migrations.js';
import type { RunState } from './state.js';

/** `up`: pending migrations in run order, then the post-apply hooks when something was applied. */
export interface ApplyPlan {
  readonly kind: 'apply';
  readonly migrations: readonly Migration[];
  /** Said before anything runs (out-of-order migrations). */
  readonly warnings: readonly string[];
  readonly singleTransaction: boolean;
  readonly hooks: readonly Hook[];
}

/** `down`: applied migrations, newest first. */
export interface RollbackPlan {
  readonly kind: 'rollback';
  readonly migrations: readonly Migration[];
}

/** What a command does, decided from the state it reads under the lock: a closed set, run in one place. */
export type RunPlan =
  | ApplyPlan
  | RollbackPlan
  /** `redo`: roll back these (newest first), then apply them again. */
  | { readonly kind: 'redo'; readonly migrations: readonly Migration[] }
  /** `mark`, `baseline`, `adopt`: record without running. */
  | { readonly kind: 'record'; readonly operation: 'mark' | 'adopt'; readonly migrations: readonly Migration[] }
  /** `unmark`: forget without running. */
  | { readonly kind: 'forget'; readonly entries: readonly { readonly id: string }[] }
  | { readonly kind: 'repair'; readonly entries: readonly RepairEntry[] }
  | ({ readonly kind: 'resume' } & ResumeRun);

/** The plans a dry run can show: the ones that run SQL. */
export type SqlPlan = ApplyPlan | RollbackPlan;

/** A command's planning: pure, over the state read for it. */
export type Planner<P extends RunPlan = RunPlan> = (state: RunState) => P;

/** Write a record per item, in order; the results list those written, a failure stops the rest. */
async function recordEach<T extends { readonly id: string }>(items: readonly T[], status: ResultStatus, write: (item: T) => Promise<void>): Promise<Outcome> {
  const results: MigrationResult[] = [];
  for (const item of items) {
    try {
      await fromDatabase(() => write(item));
    } catch (error) {
      return { ok: false, results, error };
    }
    results.push({ id: item.id, direction: 'none', status, durationMs: 0 });
  }
  return { ok: true, results };
}

async function apply(a: Adapter, events: Emitter, plan: ApplyPlan): Promise<Report> {
  for (const w of plan.warnings) events.emit('warning', { message: w });
  const prepared = await prepareRuns(a, plan.migrations, 'up');
  if (!prepared.ok) return { ...prepared, warnings: plan.warnings };
  const empty = emptyWarnings(prepared.runs);
  for (const w of empty) events.emit('warning', { message: w });
  const warnings = [...plan.warnings, ...empty];
  const outcome = plan.singleTransaction ? await applyInOneTransaction(a, events, prepared.runs) : await applyEach(a, events, prepared.runs);
  if (!outcome.ok || prepared.runs.length === 0) return { ...outcome, warnings };
  try {
    await runHooks(a, events, plan.hooks);
  } catch (error) {
    return { ok: false, results: outcome.results, error, warnings };
  }
  return { ...outcome, warnings };
}

async function rollback(a: Adapter, events: Emitter, migrations: readonly Migration[]): Promise<Outcome> {
  const prepared = await prepareRuns(a, migrations, 'down');
  return prepared.ok ? rollbackEach(a, events, prepared.runs) : prepared;
}

/** Both halves are prepared before anything runs; a failure leaves every later migration `not-run`. */
async function redo(a: Adapter, events: Emitter, migrations: readonly Migration[]): Promise<Outcome> {
  const again = [...migrations].reverse();
  const downs = await prepareRuns(a, migrations, 'down');
  if (!downs.ok) return { ...downs, results: [...downs.results, ...notRun(again, 'up')] };
  const ups = await prepareRuns(a, again, 'up');
  if (!ups.ok) return { ...ups, results: [...notRun(migrations, 'down'), ...ups.results] };
  const down = await rollbackEach(a, events, downs.runs);
  if (!down.ok) return { ...down, results: [...down.results, ...notRun(again, 'up')] };
  const up = await applyEach(a, events, ups.runs);
  return { ...up, results: [...down.results, ...up.results] };
}

/** Run a plan on `a`, under the lock. A migration's failure is in the report; what stops the run before any migration is thrown. */
export async function executePlan(a: Adapter, events: Emitter, plan: RunPlan): Promise<Report> {
  switch (plan.kind) {
    case 'apply':
      return apply(a, events, plan);
    case 'rollback':
      return rollback(a, events, plan.migrations);
    case 'redo':
      return redo(a, events, plan.migrations);
    case 'record':
      return recordEach(plan.migrations, 'marked', (m) => markMigration(a, m, plan.operation));
    case 'forget':
      return recordEach(plan.entries, 'unmarked', (e) => unmarkMigration(a, e.id));
    case 'repair':
      return recordEach(plan.entries, 'repaired', (e) => (e.state === 'partial' ? unmarkMigration(a, e.id, 'repair') : acceptChecksum(a, e.migration, e.record)));
    case 'resume':
      return resumePartial(a, events, plan);
    default:
      return assertNever(plan, 'run plan');
  }
}

/** What a plan would run (`dryRun`): every migration `not-run`, and the SQL with its transaction boundaries. */
export async function describePlan(a: Adapter, plan: SqlPlan): Promise<Report> {
  const direction = plan.kind === 'apply' ? 'up' : 'down';
  const warnings = plan.kind === 'apply' ? plan.warnings : [];
  const single = plan.kind === 'apply' && plan.singleTransaction;
  const prepared = await prepareRuns(a, plan.migrations, direction);
  if (!prepared.ok) return { ...prepared, warnings };
  const runs = single ? prepared.runs.map((r) => ({ ...r, mode: 'outer-transaction' as const })) : prepared.runs;
  return { ok: true, results: notRun(plan.migrations, direction), warnings, sql: renderDryRun(runs, a.history.tables, single) };
}
