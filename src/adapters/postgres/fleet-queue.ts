import type { QueryResult, Queryable } from '../adapter.js';
import type { FleetQueue, QueueOutcome, QueuedTarget } from '../fleet-queue.js';
import { quoteIdent } from './quote.js';

/**
 * The fleet queue in a PostgreSQL table. Claims use `FOR UPDATE SKIP LOCKED`, so each target goes to
 * exactly one runner. Calls share one connection and are sent one after another: pool workers and
 * the lease heartbeat call concurrently, and overlapping `client.query` calls are deprecated in pg 8.
 */
export function postgresFleetQueue(db: Queryable, tablePrefix: string): FleetQueue {
  const table = quoteIdent(`${tablePrefix}fleet_queue`);
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn);
    tail = run.catch(() => undefined);
    return run;
  };
  const query = <R>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> => serial(() => db.query<R>(sql, params));
  return {
    async setup(runId: string, targets: readonly QueuedTarget[]) {
      // One transaction: a second runner starting at the same moment must not race on CREATE TABLE.
      const steps = async (): Promise<void> => {
        await db.query('select pg_advisory_xact_lock(hashtext($1))', [table]);
        await db.query(`create table if not exists ${table} (
          run_id text not null, target_key text not null, target text not null, position integer not null,
          status text not null default 'pending', claimed_by text, lease_until timestamptz, attempts integer not null default 0,
          applied text[] not null default '{}', error text, updated_at timestamptz not null default now(),
          primary key (run_id, target_key))`);
        await db.query(
          `insert into ${table} (run_id, target_key, target, position)
           select $1, k, d, p::int from unnest($2::text[], $3::text[]) with ordinality as t(k, d, p)
           on conflict (run_id, target_key) do nothing`,
          [runId, targets.map((t) => t.key), targets.map((t) => t.display)],
        );
        // Joining a run retries its failed targets. Joining a finished run (nothing pending or claimed)
        // re-checks every target: the derived run id is the same for the same targets, operation and
        // migrations, so without this a second `fleet up` after a `fleet down` (or a restored database)
        // would find the run "done" and do nothing. Up-to-date targets are no-ops.
        await db.query(
          `update ${table} set status = 'pending', claimed_by = null, lease_until = null, error = null
           where run_id = $1 and (status = 'failed'
             or not exists (select 1 from ${table} w where w.run_id = $1 and w.status in ('pending', 'claimed')))`,
          [runId],
        );
      };
      await serial(async () => {
        await db.query('begin');
        try {
          await steps();
          await db.query('commit');
        } catch (e) {
          await db.query('rollback').catch(() => undefined);
          throw e;
        }
      });
    },
    async claim(runId, runner, leaseSeconds) {
      const r = await query<{ target_key: string; previous: string | null; was: string }>(
        `with c as (
           select run_id, target_key, status, claimed_by from ${table}
           where run_id = $1 and (status = 'pending' or (status = 'claimed' and lease_until < now()))
           order by position limit 1 for update skip locked)
         update ${table} q set status = 'claimed', claimed_by = $2, lease_until = now() + make_interval(secs => $3),
           attempts = q.attempts + 1, updated_at = now()
         from c where q.run_id = c.run_id and q.target_key = c.target_key
         returning q.target_key, c.claimed_by as previous, c.status as was`,
        [runId, runner, leaseSeconds],
      );
      const row = r.rows[0];
      return row ? { key: row.target_key, takenFrom: row.was === 'claimed' ? row.previous : null } : null;
    },
    async renew(runId, runner, leaseSeconds) {
      await query(`update ${table} set lease_until = now() + make_interval(secs => $3), updated_at = now() where run_id = $1 and claimed_by = $2 and status = 'claimed'`, [
        runId,
        runner,
        leaseSeconds,
      ]);
    },
    async finish(runId, key, runner, outcome: QueueOutcome) {
      await query(
        `update ${table} set status = $4, applied = $5, error = $6, lease_until = null, updated_at = now()
         where run_id = $1 and target_key = $2 and claimed_by = $3 and status = 'claimed'`,
        [runId, key, runner, outcome.failed ? 'failed' : 'done', [...outcome.migrations], outcome.error],
      );
    },
    async counts(runId) {
      const r = await query<{ status: string; n: string }>(`select status, count(*) as n from ${table} where run_id = $1 group by status`, [runId]);
      return Object.fromEntries(r.rows.map((x) => [x.status, Number(x.n)]));
    },
    async drain() {
      await tail;
    },
  };
}
