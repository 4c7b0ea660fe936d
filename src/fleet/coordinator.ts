import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { DEFAULT_TABLE_PREFIX, type Adapter } from '../adapters/adapter.js';
import type { FleetQueue, QueueClaim, QueuedTarget } from '../adapters/fleet-queue.js';
import { checkTablePrefix, openAdapter } from '../adapters/open.js';
import { parseDatabaseUrl } from '../adapters/url.js';
import { ShaleError } from '../errors.js';
import type { CoordinatorSummary, TargetResult } from './report.js';

export const DEFAULT_LEASE_MS = 30_000;

/** How runners share one fleet through a PostgreSQL queue table. */
export interface CoordinatorOptions {
  /** PostgreSQL URL of the database that holds the queue table. */
  readonly url: string;
  /** Runners with the same run id share the work. Default: derived from the targets and the migrations. */
  readonly runId?: string;
  /** A claim not renewed for this long is taken over by another runner (default 30 s). */
  readonly leaseMs?: number;
  /** This runner's name in the queue (default host:pid:random). */
  readonly runner?: string;
  /** Prefix of the queue table (default `shale_` → `shale_fleet_queue`). */
  readonly tablePrefix?: string;
}

/** A claimed target (see {@link FleetQueue.claim}). */
export type Claim = QueueClaim;

/**
 * sha256 of a target URL with its secrets masked: the queue stores this and the redacted URL, never
 * a password. A hash of the URL itself would let whoever reads the queue test password guesses
 * offline against it (the rest of the URL is in the `target` column).
 */
export function targetKey(url: string): string {
  return createHash('sha256').update(parseDatabaseUrl(url).display).digest('hex');
}

/**
 * One runner's part in a coordinated run: it claims targets from the database's fleet queue (an
 * adapter capability, see {@link FleetQueue}) and a heartbeat renews its leases.
 */
export class Coordinator {
  readonly runner: string;
  readonly leaseMs: number;
  private heartbeat: NodeJS.Timeout | null = null;

  private constructor(
    private readonly db: Adapter,
    private readonly queue: FleetQueue,
    readonly runId: string,
    opts: CoordinatorOptions,
  ) {
    this.runner = opts.runner ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  }

  /** Connect, create the queue table if needed, and enqueue the targets (idempotent across runners). */
  static async open(opts: CoordinatorOptions, runId: string, targets: readonly QueuedTarget[]): Promise<Coordinator> {
    const prefix = checkTablePrefix(opts.tablePrefix ?? DEFAULT_TABLE_PREFIX);
    const db = await openAdapter(opts.url);
    const queue = db.fleetQueue?.(prefix);
    if (!queue) {
      await db.close();
      throw new ShaleError('E_USAGE', `--coordinator needs a PostgreSQL database, got ${db.display}`);
    }
    const c = new Coordinator(db, queue, runId, opts);
    try {
      await queue.setup(runId, targets);
    } catch (e) {
      await db.close();
      throw e;
    }
    // A missed renewal is not fatal: at worst the lease expires and another runner re-checks the target,
    // which its per-target lock and state tables make a no-op.
    c.heartbeat = setInterval(() => void c.renew().catch(() => undefined), Math.max(100, Math.floor(c.leaseMs / 3)));
    c.heartbeat.unref();
    return c;
  }

  private lease(): number {
    return this.leaseMs / 1000;
  }

  /** Claim the next pending target, or one whose runner's lease expired. */
  claim(): Promise<Claim | null> {
    return this.queue.claim(this.runId, this.runner, this.lease());
  }

  /** Extend the leases of every target this runner holds. */
  renew(): Promise<void> {
    return this.queue.renew(this.runId, this.runner, this.lease());
  }

  /** Record a target's outcome; ignored if another runner took the claim over meanwhile. */
  finish(key: string, result: TargetResult): Promise<void> {
    return this.queue.finish(this.runId, key, this.runner, {
      failed: result.status === 'failed',
      migrations: [...result.applied, ...result.rolledBack],
      error: result.error?.message ?? null,
    });
  }

  /** Counts over the whole run, across runners. */
  async summary(): Promise<CoordinatorSummary> {
    const c = await this.queue.counts(this.runId);
    const n = (s: string): number => c[s] ?? 0;
    return { runId: this.runId, runner: this.runner, total: Object.values(c).reduce((s, x) => s + x, 0), done: n('done'), failed: n('failed'), pending: n('pending') + n('claimed') };
  }

  async close(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    // A renewal still in flight would otherwise fail on a closed connection.
    await this.queue.drain();
    await this.db.close();
  }
}
