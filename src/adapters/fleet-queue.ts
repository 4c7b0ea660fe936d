/** A target as the queue holds it: a key (no secret in it) and the URL as shown (password masked). */
export interface QueuedTarget {
  readonly key: string;
  readonly display: string;
}

/** A claimed target, and the runner whose expired lease the claim took over, if any. */
export interface QueueClaim {
  readonly key: string;
  readonly takenFrom: string | null;
}

/** What a runner records of a finished target. */
export interface QueueOutcome {
  readonly failed: boolean;
  readonly migrations: readonly string[];
  readonly error: string | null;
}

/**
 * The shared queue of coordinated fleet runs (`<prefix>fleet_queue`): an adapter capability, for
 * databases whose row locks let many runners claim targets without two taking the same one
 * (PostgreSQL's `FOR UPDATE SKIP LOCKED`). Methods may be called concurrently: the queue orders them.
 */
export interface FleetQueue {
  /** Create the queue table if needed and enqueue the targets (idempotent across runners). */
  setup(runId: string, targets: readonly QueuedTarget[]): Promise<void>;
  /** Claim the next pending target, or one whose runner's lease expired. */
  claim(runId: string, runner: string, leaseSeconds: number): Promise<QueueClaim | null>;
  /** Extend the leases of every target `runner` holds. */
  renew(runId: string, runner: string, leaseSeconds: number): Promise<void>;
  /** Record a target's outcome; ignored if another runner took the claim over meanwhile. */
  finish(runId: string, key: string, runner: string, outcome: QueueOutcome): Promise<void>;
  /** Targets of the run per status (`pending`, `claimed`, `done`, `failed`). */
  counts(runId: string): Promise<Readonly<Record<string, number>>>;
  /** Wait for every call already made. */
  drain(): Promise<void>;
}
