import { createHash } from 'node:crypto';
import { ShaleError } from '../../errors.js';
import type { Locker, LockHolder, Queryable } from '../adapter.js';
import { sessionLock } from '../shared/session-lock.js';
import type { MysqlConnection } from './connect.js';

/** MySQL 5.7+ and MariaDB reject user-level lock names longer than this. */
export const MYSQL_LOCK_NAME_MAX = 64;
/** How long `forceRelease` waits for a killed holder's lock to disappear. */
export const MYSQL_KILL_WAIT_MS = 5_000;

/** `shale:<database>:<prefix>`, or a hash of it when that is longer than 64 characters. */
export function mysqlLockName(database: string, prefix: string): string {
  const name = `shale:${database}:${prefix}`;
  if (name.length <= MYSQL_LOCK_NAME_MAX) return name;
  return `shale:${createHash('sha256').update(name).digest('hex').slice(0, MYSQL_LOCK_NAME_MAX - 6)}`;
}

type ProcessRow = { ID: number; USER: string | null; HOST: string | null; TIME: number | null };

/**
 * `GET_LOCK(name, 0)` polled on a dedicated connection (a blocking GET_LOCK could not report who
 * holds the lock while waiting). The lock lives as long as that connection, so a crashed process
 * never leaves it behind. The holder is found with `IS_USED_LOCK` + `information_schema.PROCESSLIST`;
 * its pid@host come from the connection attributes when the server exposes them
 * (`performance_schema` on), else the holder is named by connection id, user and client address.
 */
export function mysqlLocker(openLockConnection: () => Promise<MysqlConnection>, main: Queryable, name: string): Locker {
  const attributes = async (id: number): Promise<Map<string, string>> => {
    try {
      const r = await main.query<{ k: string; v: string }>(
        'select ATTR_NAME as k, ATTR_VALUE as v from performance_schema.session_connect_attrs where PROCESSLIST_ID = ?',
        [id],
      );
      return new Map(r.rows.map((row) => [String(row.k), String(row.v)]));
    } catch {
      // performance_schema absent or not readable by this user: the processlist still names the holder.
      return new Map();
    }
  };

  // PROCESSLIST.TIME is whole seconds of idleness: `now - TIME` moves between polls. The first
  // estimate for a holding connection is kept while that connection holds the lock.
  let seenSince: { id: number; since: string } | null = null;
  const holder = async (): Promise<LockHolder | null> => {
    const used = await main.query<{ id: number | null }>('select IS_USED_LOCK(?) as id', [name]);
    const id = used.rows[0]?.id;
    if (id == null) return null;
    const [proc, attrs] = await Promise.all([
      main.query<ProcessRow>('select ID, USER, HOST, TIME from information_schema.PROCESSLIST where ID = ?', [id]),
      attributes(Number(id)),
    ]);
    const row = proc.rows[0];
    const detail = `connection ${id}${row?.USER ? `, user ${row.USER}` : ''}`;
    // The lock connection runs nothing after GET_LOCK, so its idle time is the time it has held the lock.
    if (seenSince?.id !== Number(id) && row?.TIME != null) seenSince = { id: Number(id), since: new Date(Date.now() - Number(row.TIME) * 1000).toISOString() };
    const since = seenSince?.id === Number(id) ? { since: seenSince.since } : {};
    const pid = Number(attrs.get('shale_pid'));
    if (attrs.get('program_name') === 'shale' && Number.isInteger(pid)) {
      return { pid, host: attrs.get('shale_host') ?? '?', ...since, detail: `${detail}${row?.HOST ? ` from ${row.HOST}` : ''}` };
    }
    return { ...(row?.HOST ? { host: row.HOST } : {}), ...since, detail };
  };

  const session = sessionLock({
    open: openLockConnection,
    tryLock: async (c) => Number((await c.query<{ ok: number | null }>('select GET_LOCK(?, 0) as ok', [name])).rows[0]?.ok) === 1,
    unlock: async (c) => {
      try {
        await c.query('select RELEASE_LOCK(?)', [name]);
      } catch (e) {
        // A lock connection that is gone (`shale unlock` killed it, the server restarted) no longer
        // holds the lock: there is nothing left to release. Any other failure is reported.
        if (!(e as { fatal?: boolean }).fatal) throw e;
      }
    },
    holder,
  });
  return {
    ...session,
    holder,
    async forceRelease(): Promise<boolean> {
      const r = await main.query<{ id: number | null }>('select IS_USED_LOCK(?) as id', [name]);
      const id = r.rows[0]?.id;
      if (id == null) return false;
      const thread = Number(id);
      if (!Number.isSafeInteger(thread)) throw new ShaleError('E_SQL', `unexpected connection id ${String(id)} holding the shale lock`, { id });
      // KILL takes no parameter marker; the id is a validated integer.
      await main.query(`KILL CONNECTION ${thread}`);
      const deadline = Date.now() + MYSQL_KILL_WAIT_MS;
      for (;;) {
        const again = await main.query<{ id: number | null }>('select IS_USED_LOCK(?) as id', [name]);
        if (again.rows[0]?.id == null || Number(again.rows[0].id) !== thread) return true;
        if (Date.now() >= deadline) {
          throw new ShaleError('E_CONNECT', `killed connection ${thread} but it still holds the shale lock after ${MYSQL_KILL_WAIT_MS / 1000}s`, { connection: thread });
        }
        await new Promise((res) => setTimeout(res, 50));
      }
    },
  };
}
