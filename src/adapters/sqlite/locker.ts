import { hostname } from 'node:os';
import { ShaleError } from '../../errors.js';
import type { Locker, LockHolder, LockOptions, Queryable } from '../adapter.js';
import { pollForLock } from '../shared/poll-lock.js';
import { quoteIdent } from './quote.js';
import { processAlive } from '../shared/process-alive.js';

export const SQLITE_HEARTBEAT_MS = 5_000;
/** A holder on another host whose heartbeat is older than this is taken over. */
export const SQLITE_STALE_MS = 10 * 60_000;

function isBusy(e: unknown): boolean {
  const code = (e as { code?: string }).code ?? '';
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}

/**
 * Whether the recorded holder is gone: on this host, a process that no longer runs, or this very pid
 * in an earlier life (containers reuse pids across restarts: the row is older than this process);
 * on another host, one whose heartbeat is older than {@link SQLITE_STALE_MS}.
 */
function holderGone(h: LockHolder & { heartbeat: string }, host: string): boolean {
  if (h.host !== host) return Date.now() - Date.parse(h.heartbeat) > SQLITE_STALE_MS;
  if (h.pid === process.pid) return Date.parse(h.since!) < performance.timeOrigin;
  return !processAlive(h.pid!);
}

/**
 * SQLite has no advisory locks: a single row in `<prefix>lock` marks the holder (host, pid, since),
 * with a heartbeat every {@link SQLITE_HEARTBEAT_MS}. A holder on this host whose process is gone
 * is taken over at once; one on another host once its heartbeat is older than {@link SQLITE_STALE_MS}.
 * Waiters only read the row while it is held, so they never queue for the write lock a running
 * migration holds.
 */
export function sqliteLocker(db: Queryable, prefix: string): Locker {
  const table = quoteIdent(`${prefix}lock`);
  const host = hostname();
  const pid = process.pid;
  let timer: NodeJS.Timeout | null = null;
  let held = false;
  /** Set when a heartbeat finds the row gone (`shale unlock` while running). */
  let lost = false;
  const ensure = () =>
    db.query(`create table if not exists ${table} (id integer primary key check (id = 1), host text not null, pid integer not null, since text not null, heartbeat text not null)`);
  const exists = async () => (await db.query("select 1 from sqlite_master where type = 'table' and name = ?", [`${prefix}lock`])).rows.length > 0;
  const read = async (): Promise<(LockHolder & { heartbeat: string }) | null> => {
    const r = await db.query<{ host: string; pid: number; since: string; heartbeat: string }>(`select host, pid, since, heartbeat from ${table} where id = 1`);
    const row = r.rows[0];
    return row ? { host: row.host, pid: Number(row.pid), since: row.since, heartbeat: row.heartbeat } : null;
  };
  const insert = async (): Promise<boolean> => {
    const now = new Date().toISOString();
    const ins = await db.query(`insert into ${table} (id, host, pid, since, heartbeat) values (1, ?, ?, ?, ?) on conflict (id) do nothing`, [host, pid, now, now]);
    return ins.rowCount === 1;
  };
  const tryLock = async (): Promise<boolean> => {
    try {
      const h = await read();
      if (!h) return await insert();
      if (!holderGone(h, host)) return false;
      // The row must still be the dead holder's: another waiter may have taken over already.
      await db.query(`delete from ${table} where id = 1 and host = ? and pid = ? and heartbeat = ?`, [h.host, h.pid, h.heartbeat]);
      return await insert();
    } catch (e) {
      if (isBusy(e)) return false;
      throw e;
    }
  };
  const beat = async (): Promise<void> => {
    const r = await db.query(`update ${table} set heartbeat = ? where id = 1 and host = ? and pid = ?`, [new Date().toISOString(), host, pid]);
    if (r.rowCount === 0) lost = true;
  };
  return {
    async acquire(opts: LockOptions): Promise<void> {
      if (held) return;
      await ensure().catch((e) => {
        if (!isBusy(e)) throw e;
      });
      await pollForLock(tryLock, read, { ...opts, pollMs: opts.pollMs ?? 50 });
      held = true;
      lost = false;
      timer = setInterval(() => {
        // A failed beat (a busy file) is made up by the next one: staleness is minutes, beats seconds.
        beat().catch(() => undefined);
      }, SQLITE_HEARTBEAT_MS);
      timer.unref();
    },
    async release(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = null;
      if (!held) return;
      held = false;
      await db.query(`delete from ${table} where id = 1 and host = ? and pid = ?`, [host, pid]);
    },
    assertHeld(): void {
      if (held && lost) {
        throw new ShaleError('E_LOCK_LOST', 'lost the migration lock: its row in the lock table was removed (`shale unlock`?) while this run held it; stopped before the next migration (run `shale status`, then `shale up` again)');
      }
    },
    holder: async () => ((await exists()) ? read() : null),
    async forceRelease(): Promise<boolean> {
      if (!(await exists())) return false;
      const r = await db.query(`delete from ${table}`);
      return r.rowCount > 0;
    },
  };
}
