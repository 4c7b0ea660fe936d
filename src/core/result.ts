import type { ShaleError } from '../errors.js';

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
