import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { DEFAULT_TABLE_PREFIX, type Adapter, type QueryResult } from '../adapters/adapter.js';
import { checkTablePrefix, openAdapter } from '../adapters/open.js';
import { quoteIdent } from '../adapters/postgres/quote.js';
import { parseDatabaseUrl } from '../core/url.js';
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

export interface Claim {
  readonly key: string;
  /** The runner whose expired lease this claim took over, if any. */
  readonly takenFrom: string | null;
}

/**
 * sha256 of a target URL with its secrets masked: the queue stores this and the redacted URL, never
 * a password. A hash of the URL itself would let whoever reads the queue test password guesses
 * offline against it (the rest of the URL is in the `target` column).
 */
export function targetKey(url: string): string {
  return createHash('sha256').update(parseDatabaseUrl(url).display).digest('hex');
}

/**
 * The queue of one coordinated run (`<prefix>fleet_queue`). Claims use `FOR UPDATE SKIP LOCKED`, so
 * each target goes to exactly one runner; a heartbeat renews this runner's leases.
 */
export class Coordinator {
  readonly runner: string;
  readonly leaseMs: number;
  private readonly table: string;
  private heartbeat: NodeJS.Timeout | null = null;
  /** The tail of the queries sent so far: one pg client runs one query at a time. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly db: Adapter,
    readonly runId: string,
    opts: CoordinatorOptions,
  ) {
    this.runner = opts.runner ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
    this.table = quoteIdent(`${checkTablePrefix(opts.tablePrefix ?? DEFAULT_TABLE_PREFIX)}fleet_queue`);
  }

  /** Connect, create the queue table if needed, and enqueue the targets (idempotent across runners). */
  static async open(opts: CoordinatorOptions, runId: string, targets: readonly { key: string; display: string }[]): Promise<Coordinator> {
    const db = await openAdapter(opts.url);
    if (db.kind !== 'postgres') {
      await db.close();
      throw new ShaleError('E_USAGE', `--coordinator needs a PostgreSQL database, got ${db.display}`);
    }
    const c = new Coordinator(db, runId, opts);
    try {
      await c.setup(targets);
    } catch (e) {
      await db.close();
      throw e;
    }
    return c;
  }

  private async setup(targets: readonly { key: string; display: string }[]): Promise<void> {
    // Two runners starting together must not race on CREATE TABLE.
    await this.db.query('begin');
    try {
      await this.db.query('select pg_advisory_xact_lock(hashtext($1))', [this.table]);
      await this.db.query(`create table if not exists ${this.table} (
        run_id text not null, target_key text not null, target text not null, position integer not null,
        status text not null default 'pending', claimed_by text, lease_until timestamptz, attempts integer not null default 0,
        applied text[] not null default '{}', error text, updated_at timestamptz not null default now(),
        primary key (run_id, target_key))`);
      await this.db.query(
        `insert into ${this.table} (run_id, target_key, target, position)
         select $1, k, d, p::int from unnest($2::text[], $3::text[]) with ordinality as t(k, d, p)
         on conflict (run_id, target_key) do nothing`,
        [this.runId, targets.map((t) => t.key), targets.map((t) => t.display)],
      );
      // Joining a run retries its failed targets. Joining a finished run (nothing pending or claimed)
      // re-checks every target: the derived run id is the same for the same targets, operation and
      // migrations, so without this a second `fleet up` after a `fleet down` (or a restored database)
      // would find the run "done" and do nothing. Up-to-date targets are no-ops.
      await this.db.query(
        `update ${this.table} set status = 'pending', claimed_by = null, lease_until = null, error = null
         where run_id = $1 and (status = 'failed'
           or not exists (select 1 from ${this.table} w where w.run_id = $1 and w.status in ('pending', 'claimed')))`,
        [this.runId],
      );
      await this.db.query('commit');
    } catch (e) {
      await this.db.query('rollback');
      throw e;
    }
    // A missed renewal is not fatal: at worst the lease expires and another runner re-checks the target,
    // which its per-target lock and state tables make a no-op.
    this.heartbeat = setInterval(() => void this.renew().catch(() => undefined), Math.max(100, Math.floor(this.leaseMs / 3)));
    this.heartbeat.unref();
  }

  /**
   * Send one query after every query sent before it. Pool workers and the heartbeat share this
   * connection; overlapping `client.query` calls are deprecated in pg 8 and removed in pg 9.
   */
  private query<R>(sql: string, params: readonly unknown[]): Promise<QueryResult<R>> {
    const run = this.queue.then(() => this.db.query<R>(sql, params));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private lease(): number {
    return this.leaseMs / 1000;
  }

  /** Claim the next pending target, or one whose runner's lease expired. */
  async claim(): Promise<Claim | null> {
    const r = await this.query<{ target_key: string; previous: string | null; was: string }>(
      `with c as (
         select run_id, target_key, status, claimed_by from ${this.table}
         where run_id = $1 and (status = 'pending' or (status = 'claimed' and lease_until < now()))
         order by position limit 1 for update skip locked)
       update ${this.table} q set status = 'claimed', claimed_by = $2, lease_until = now() + make_interval(secs => $3),
         attempts = q.attempts + 1, updated_at = now()
       from c where q.run_id = c.run_id and q.target_key = c.target_key
       returning q.target_key, c.claimed_by as previous, c.status as was`,
      [this.runId, this.runner, this.lease()],
    );
    const row = r.rows[0];
    return row ? { key: row.target_key, takenFrom: row.was === 'claimed' ? row.previous : null } : null;
  }

  /** Extend the leases of every target this runner holds. */
  async renew(): Promise<void> {
    await this.query(`update ${this.table} set lease_until = now() + make_interval(secs => $3), updated_at = now() where run_id = $1 and claimed_by = $2 and status = 'claimed'`, [
      this.runId,
      this.runner,
      this.lease(),
    ]);
  }

  /** Record a target's outcome; ignored if another runner took the claim over meanwhile. */
  async finish(key: string, result: TargetResult): Promise<void> {
    await this.query(
      `update ${this.table} set status = $4, applied = $5, error = $6, lease_until = null, updated_at = now()
       where run_id = $1 and target_key = $2 and claimed_by = $3 and status = 'claimed'`,
      [this.runId, key, this.runner, result.status === 'failed' ? 'failed' : 'done', [...result.applied, ...result.rolledBack], result.error?.message ?? null],
    );
  }

  /** Counts over the whole run, across runners. */
  async summary(): Promise<CoordinatorSummary> {
    const r = await this.query<{ status: string; n: string }>(`select status, count(*) as n from ${this.table} where run_id = $1 group by status`, [this.runId]);
    const n = (s: string): number => Number(r.rows.find((x) => x.status === s)?.n ?? 0);
    return { runId: this.runId, runner: this.runner, total: r.rows.reduce((s, x) => s + Number(x.n), 0), done: n('done'), failed: n('failed'), pending: n('pending') + n('claimed') };
  }

  async close(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    // A renewal still in flight would otherwise fail on a closed connection.
    await this.queue;
    await this.db.close();
  }
}
