import type { StatusReport } from '../core/migrator.js';

export type TargetStatus = 'ok' | 'failed' | 'skipped';

/** What happened to one target of a fleet run. `target` never holds a password. */
export interface TargetResult {
  readonly target: string;
  readonly status: TargetStatus;
  /** Migrations applied on this target (up). */
  readonly applied: string[];
  /** Migrations rolled back on this target (down). */
  readonly rolledBack: string[];
  /** Migrations still pending on this target (status; or after a failed up). */
  readonly pending: string[];
  /** Per-state counts (status only). */
  readonly counts?: StatusReport['counts'];
  readonly durationMs: number;
  readonly error: { readonly code: string; readonly message: string } | null;
}

export interface FleetSummary {
  readonly total: number;
  readonly ok: number;
  readonly failed: number;
  readonly skipped: number;
  /** Migrations applied (up) or rolled back (down) over all targets. */
  readonly migrations: number;
  readonly durationMs: number;
  /** Why the run stopped early, if it did. */
  readonly stopped: 'canary-failed' | 'target-failed' | null;
}

/** Coordinated runs: the state of the whole run in the queue, across every runner. */
export interface CoordinatorSummary {
  readonly runId: string;
  readonly runner: string;
  readonly total: number;
  readonly done: number;
  readonly failed: number;
  readonly pending: number;
}

/** The result of a fleet operation (`--json` prints it as is). */
export interface FleetReport {
  readonly operation: 'up' | 'down' | 'status';
  readonly targets: TargetResult[];
  readonly summary: FleetSummary;
  readonly coordinator?: CoordinatorSummary;
}

/** A target that was never started. */
export function skipped(target: string): TargetResult {
  return { target, status: 'skipped', applied: [], rolledBack: [], pending: [], durationMs: 0, error: null };
}

export function summarise(results: readonly TargetResult[], durationMs: number, stopped: FleetSummary['stopped']): FleetSummary {
  const n = (s: TargetStatus): number => results.filter((r) => r.status === s).length;
  return {
    total: results.length,
    ok: n('ok'),
    failed: n('failed'),
    skipped: n('skipped'),
    migrations: results.reduce((sum, r) => sum + r.applied.length + r.rolledBack.length, 0),
    durationMs,
    stopped,
  };
}
