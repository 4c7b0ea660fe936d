import { hostname } from 'node:os';
import type { Locker, LockHolder, LockOptions, Queryable } from '../adapter.js';
import { pollForLock } from '../shared/poll-lock.js';
import { quoteIdent } from './quote.js';

export const SQLITE_HEARTBEAT_MS = 5_000;
/** A holder on another host whose heartbeat is older than this is taken over. */
export const SQLITE_STALE_MS = 10 * 60_000;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isBusy(e: unknown): boolean {
  const code = (e as { code?: string }).code ?? '';
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}

/**
 * SQLite has no advisory locks: a single row in `<prefix>lock` marks the holder (host, pid, since),
 * with a heartbeat. A holder on this host whose process is gone is taken over at once; one on
 * another host once its heartbeat is older than {@link SQLITE_STALE_MS}.
 */
export function sqliteLocker(db: Queryable, prefix: string): Locker {
  const table = quoteIdent(`${prefix}lock`);
  const host = hostname();
  const pid = process.pid;
  let timer: NodeJS.Timeout | null = null;
  let held = false;
  const ensure = () =>
    db.query(`create table if not exists ${table} (id integer primary key check (id = 1), host text not null, pid integer not null, since text not null, heartbeat text not null)`);
  const read = async (): Promise<(LockHolder & { heartbeat: string }) | null> => {
    const r = await db.query<{ host: string; pid: number; since: string; heartbeat: string }>(`select host, pid, since, heartbeat from ${table} where id = 1`);
    const row = r.rows[0];
    return row ? { host: row.host, pid: Number(row.pid), since: row.since, heartbeat: row.heartbeat } : null;
  };
  const tryLock = async (): Promise<boolean> => {
    try {
      const now = new Date().toISOString();
      const ins = await db.query(`insert into ${table} (id, host, pid, since, heartbeat) values (1, ?, ?, ?, ?) on conflict (id) do nothing`, [host, pid, now, now]);
      if (ins.rowCount === 1) return true;
      const h = await read();
      if (!h) return false;
      const dead = h.host === host ? !processAlive(h.pid!) : Date.now() - Date.parse(h.heartbeat) > SQLITE_STALE_MS;
      if (dead) await db.query(`delete from ${table} where id = 1 and host = ? and pid = ? and heartbeat = ?`, [h.host, h.pid, h.heartbeat]);
      return false;
    } catch (e) {
      if (isBusy(e)) return false;
      throw e;
    }
  };
  return {
    async acquire(opts: LockOptions): Promise<void> {
      if (held) return;
      await ensure().catch((e) => {
        if (!isBusy(e)) throw e;
      });
      await pollForLock(tryLock, read, { ...opts, pollMs: opts.pollMs ?? 50 });
      held = true;
      timer = setInterval(() => {
        db.query(`update ${table} set heartbeat = ? where id = 1 and host = ? and pid = ?`, [new Date().toISOString(), host, pid]).catch(() => undefined);
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
    holder: async () => {
      await ensure();
      return read();
    },
    async forceRelease(): Promise<boolean> {
      await ensure();
      const r = await db.query(`delete from ${table}`);
      return r.rowCount > 0;
    },
  };
}
