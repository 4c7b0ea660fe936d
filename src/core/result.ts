import { messageOf, type ShaleError } from '../errors.js';
import type { Direction } from '../events.js';
import type { Migration } from './migration.js';
import { runError } from './run-error.js';

export type ResultStatus = 'applied' | 'rolled-back' | 'marked' | 'unmarked' | 'resumed' | 'repaired' | 'failed' | 'not-run';

export interface MigrationResult {
  readonly id: string;
  readonly direction: 'up' | 'down' | 'none';
  readonly status: ResultStatus;
  readonly durationMs: number;
  readonly error?: string;
}

/** Outcome of a batch operation: per-migration results, and the error that stopped it, if any. */
export interface RunResult {
  readonly results: MigrationResult[];
  readonly error: ShaleError | null;
  readonly warnings: string[];
  /** With `dryRun`: the SQL that would run. */
  readonly sql?: string;
}

/**
 * What a batch of migrations did, as its runner returns it: a result per planned migration and,
 * when one failed, what it threw (the run funnel turns that into the {@link RunResult}'s error).
 */
export type Outcome =
  | { readonly ok: true; readonly results: readonly MigrationResult[] }
  | { readonly ok: false; readonly results: readonly MigrationResult[]; readonly error: unknown };

/** What a plan did (or, with `dryRun`, would do): its outcome, the run's warnings, the SQL of a dry run. */
export type Report = Outcome & { readonly warnings?: readonly string[]; readonly sql?: string };

/** The {@link RunResult} of a report: here, at the end of the run funnel, what stopped it becomes a ShaleError. */
export function toRunResult(r: Report): RunResult {
  const base = { results: [...r.results], warnings: [...(r.warnings ?? [])] };
  if (!r.ok) return { ...base, error: runError(r.error) };
  return { ...base, error: null, ...(r.sql !== undefined ? { sql: r.sql } : {}) };
}

/** `not-run` results for migrations a run planned but did not get to. */
export function notRun(migrations: readonly Migration[], direction: Direction): MigrationResult[] {
  return migrations.map((m) => ({ id: m.id, direction, status: 'not-run', durationMs: 0 }));
}

/** The result of a migration that failed with `error`. */
export function failed(m: Migration, direction: Direction, error: unknown, durationMs = 0): MigrationResult {
  return { id: m.id, direction, status: 'failed', durationMs, error: messageOf(error) };
}

/** Results of a batch in which nothing stays done: `planned[at]` failed (none, when `at` is out of range), the others `not-run`. */
export function onlyFailed(planned: readonly Migration[], direction: Direction, at: number, error: unknown, durationMs = 0): MigrationResult[] {
  const m = planned[at];
  if (!m) return notRun(planned, direction);
  return [...notRun(planned.slice(0, at), direction), failed(m, direction, error, durationMs), ...notRun(planned.slice(at + 1), direction)];
}
