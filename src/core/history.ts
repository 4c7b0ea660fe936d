/** The history-record contract (DESIGN §4): what the state tables hold, and the store each adapter implements. */
/** State of one migration in `<prefix>migrations` (DESIGN §4). */
export interface AppliedRecord {
  readonly id: string;
  readonly checksum: string;
  readonly kind: 'versioned' | 'repeatable';
  readonly appliedAt: string;
  readonly appliedBy: string;
  readonly host: string;
  readonly durationMs: number;
  readonly statementsTotal: number;
  readonly statementsDone: number;
  /**
   * Statements sent so far: `statementsDone + 1` while an `autocommit` statement is on its way and
   * its outcome is not yet recorded, else `statementsDone`. A partial record with more started than
   * done is *in doubt*: that statement may or may not have completed.
   */
  readonly statementsStarted: number;
  readonly status: 'applied' | 'partial';
  readonly error: string | null;
}

/**
 * `statement-done` / `statement-not-done`: how `resume` settled a statement that was in doubt
 * (by checking the database, or by the user's `--statement-done` / `--statement-not-done`).
 */
export type LogOperation = 'apply' | 'rollback' | 'mark' | 'unmark' | 'fail' | 'resume' | 'adopt' | 'repair' | 'statement-done' | 'statement-not-done' | 'allow-hazard';

/** Journal progress of a statement-journaled migration. */
export interface Progress {
  readonly done: number;
  readonly started: number;
  readonly error: string | null;
}

/** One row of the append-only audit log `<prefix>log`. */
export interface LogEntry {
  readonly seq: number;
  readonly id: string;
  readonly operation: LogOperation;
  readonly at: string;
  readonly user: string;
  readonly host: string;
  readonly pid: number;
  readonly durationMs: number | null;
  readonly error: string | null;
}

export type NewLogEntry = Omit<LogEntry, 'seq' | 'at'>;

/** The log operations that leave a migration recorded as applied. */
export const RECORDING_OPERATIONS = ['apply', 'mark', 'adopt', 'resume'] as const satisfies readonly LogOperation[];

/** A migration whose latest recording log row is not an `apply`: it was marked, adopted or resumed. */
export interface Recording {
  readonly id: string;
  readonly operation: Exclude<(typeof RECORDING_OPERATIONS)[number], 'apply'>;
}

/**
 * The state tables of one database. The adapter's own store writes in autocommit; the store of a
 * {@link Transaction} writes inside it (where the adapter can, its writes travel with the COMMIT).
 */
export interface HistoryStore {
  /** Table names as quoted in SQL, for messages and dry runs. */
  readonly tables: { readonly migrations: string; readonly log: string };
  /** Create the state tables if they do not exist. */
  ensure(): Promise<void>;
  /** Whether the state tables exist (never creates them). */
  exists(): Promise<boolean>;
  list(): Promise<AppliedRecord[]>;
  /** Insert or replace the record of `rec.id`. */
  save(rec: AppliedRecord): Promise<void>;
  /** Save a record and append its log row (one round trip where the database allows). */
  saveAndLog(rec: AppliedRecord, entry: NewLogEntry): Promise<void>;
  /** Record progress of a statement-journaled migration. */
  progress(id: string, p: Progress): Promise<void>;
  remove(id: string): Promise<void>;
  log(entry: NewLogEntry): Promise<void>;
  /** The audit log, oldest first; with `limit`, only the newest `limit` rows. */
  entries(opts?: { readonly limit?: number }): Promise<LogEntry[]>;
  /**
   * Every id whose latest log row among {@link RECORDING_OPERATIONS} is not `apply`, with that
   * operation (how `status` tells marked and adopted migrations from ones that ran). Worked out by
   * the database: an id last recorded by `apply` — on most databases, every one — costs no row.
   * Optional for a store of your own: without it, they are read off {@link entries}.
   */
  recordings?(): Promise<Recording[]>;
}
