import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { ShaleError } from '../../errors.js';
import type { Locker, LockHolder, Queryable } from '../adapter.js';
import { sessionLock, type LockConnection } from '../shared/session-lock.js';

/** How long `forceRelease` waits for a terminated holder's backend to exit (and so free the lock). */
export const PG_TERMINATE_WAIT_MS = 5_000;

/** Two int4 keys derived from the state-table location, so two prefixes or schemas do not share a lock. */
export function advisoryKeys(scope: string): [number, number] {
  const h = createHash('sha256').update(`shale:${scope}`).digest();
  return [h.readInt32BE(0), h.readInt32BE(4)];
}

/** `shale <pid>@<host>`: what other sessions see as the holder (application_name, max 63 bytes). */
export function holderTag(): string {
  return `shale ${process.pid}@${hostname()}`.slice(0, 63);
}

/**
 * Session advisory lock on a dedicated connection, taken by polling `pg_try_advisory_lock`: a
 * blocking `pg_advisory_lock` would deadlock with `CREATE INDEX CONCURRENTLY`, which waits for every
 * other transaction, including a waiting locker's (DESIGN §4).
 */
export function postgresLocker(openLockConnection: () => Promise<LockConnection>, main: Queryable, scope: string): Locker {
  const [k1, k2] = advisoryKeys(scope);
  const holder = async (): Promise<LockHolder | null> => {
    const r = await main.query<{ pid: number; application_name: string; client_addr: string | null; state_change: Date | null }>(
      `select a.pid, a.application_name, a.client_addr::text as client_addr, a.state_change
         from pg_catalog.pg_locks l join pg_catalog.pg_stat_activity a on a.pid = l.pid
        where l.locktype = 'advisory' and l.granted and l.classid = $1::int::oid and l.objid = $2::int::oid and l.objsubid = 2
        limit 1`,
      [k1, k2],
    );
    const row = r.rows[0];
    if (!row) return null;
    const m = /^shale (\d+)@(.*)$/.exec(row.application_name ?? '');
    return {
      ...(m ? { pid: Number(m[1]), host: m[2]! } : { host: row.client_addr ?? 'local', pid: row.pid }),
      ...(row.state_change ? { since: new Date(row.state_change).toISOString() } : {}),
      detail: `backend pid ${row.pid}`,
    };
  };
  const session = sessionLock({
    open: openLockConnection,
    tryLock: async (c) => (await c.query<{ ok: boolean }>('select pg_catalog.pg_try_advisory_lock($1, $2) as ok', [k1, k2])).rows[0]?.ok === true,
    // If the unlock fails (the session was ended by `shale unlock`), closing the connection is the release.
    unlock: async (c) => void (await c.query('select pg_catalog.pg_advisory_unlock($1, $2)', [k1, k2]).catch(() => undefined)),
    holder,
  });
  return {
    ...session,
    holder,
    async forceRelease(): Promise<boolean> {
      const h = await main.query<{ pid: number }>(
        `select l.pid from pg_catalog.pg_locks l
          where l.locktype = 'advisory' and l.granted and l.classid = $1::int::oid and l.objid = $2::int::oid and l.objsubid = 2`,
        [k1, k2],
      );
      for (const row of h.rows) {
        const r = await main.query<{ ok: boolean }>('select pg_catalog.pg_terminate_backend($1) as ok', [row.pid]);
        if (r.rows[0]?.ok !== true) throw new ShaleError('E_CONNECT', `could not end the session ${row.pid} holding the shale lock`, { pid: row.pid });
      }
      // pg_terminate_backend only signals the backend: the lock is free once it has exited.
      const pids = h.rows.map((row) => row.pid);
      const deadline = Date.now() + PG_TERMINATE_WAIT_MS;
      while (pids.length > 0) {
        const left = await main.query<{ n: number }>('select count(*)::int as n from pg_catalog.pg_stat_activity where pid = any($1::int[])', [pids]);
        if (left.rows[0]?.n === 0) break;
        if (Date.now() >= deadline) {
          throw new ShaleError('E_CONNECT', `ended the session ${pids.join(', ')} holding the shale lock, but it is still there after ${PG_TERMINATE_WAIT_MS / 1000}s`, { pids });
        }
        await new Promise((res) => setTimeout(res, 50));
      }
      return h.rows.length > 0;
    },
  };
}
