import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import type BetterSqlite3 from 'better-sqlite3';
import { ShaleError } from '../../errors.js';
import type { Locker, LockHolder, LockOptions, Queryable } from '../adapter.js';
import { pollForLock } from '../shared/poll-lock.js';
import { SQLITE_BUSY_TIMEOUT_MS } from './connect.js';
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

/** Suffix of the file beside the database where `shale unlock` records the holders it revoked. */
export const SQLITE_UNLOCK_SUFFIX = '-shale-unlock';

type Holder = { host: string; pid: number; since: string };

/**
 * Revocations live in a second SQLite file: a running migration holds the database's write lock
 * (BEGIN IMMEDIATE) for as long as it runs, so `shale unlock` cannot delete the lock row until it
 * commits, and the migrator goes straight on to its next migration. SQLite locks per file, so this
 * one stays writable; the holder reads it synchronously before each migration (`assertHeld`).
 */
class Revocations {
  private conn: BetterSqlite3.Database | null = null;
  constructor(
    readonly file: string,
    private readonly Database: typeof BetterSqlite3,
  ) {}
  private open(create: boolean): BetterSqlite3.Database | null {
    if (this.conn) return this.conn;
    if (!create && !existsSync(this.file)) return null;
    this.conn = new this.Database(this.file, { timeout: 5_000 });
    this.conn.exec('create table if not exists revoked (host text not null, pid integer not null, since text not null, at text not null, primary key (host, pid, since))');
    return this.conn;
  }
  add(h: Holder): void {
    this.open(true)!.prepare('insert into revoked values (?, ?, ?, ?) on conflict do nothing').run(h.host, h.pid, h.since, new Date().toISOString());
  }
  has(h: Holder): boolean {
    return this.open(false)?.prepare('select 1 from revoked where host = ? and pid = ? and since = ?').get(h.host, h.pid, h.since) !== undefined;
  }
  remove(h: Holder): void {
    this.open(false)?.prepare('delete from revoked where host = ? and pid = ? and since = ?').run(h.host, h.pid, h.since);
  }
  close(): void {
    this.conn?.close();
    this.conn = null;
  }
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
  let mine: Holder | null = null;
  /** null for an in-memory database (one connection: nobody else can unlock it). */
  let revocations: Revocations | null | undefined;
  const revocationsOf = async (): Promise<Revocations | null> => {
    if (revocations !== undefined) return revocations;
    const main = (await db.query<{ name: string; file: string }>('pragma database_list')).rows.find((r) => r.name === 'main');
    const Database = main?.file ? (await import('better-sqlite3')).default : null;
    revocations = main?.file && Database ? new Revocations(`${main.file}${SQLITE_UNLOCK_SUFFIX}`, Database) : null;
    return revocations;
  };
  const ensure = () =>
    db.query(`create table if not exists ${table} (id integer primary key check (id = 1), host text not null, pid integer not null, since text not null, heartbeat text not null)`);
  const exists = async () => (await db.query("select 1 from sqlite_master where type = 'table' and name = ?", [`${prefix}lock`])).rows.length > 0;
  const read = async (): Promise<(Holder & { heartbeat: string }) | null> => {
    const r = await db.query<{ host: string; pid: number; since: string; heartbeat: string }>(`select host, pid, since, heartbeat from ${table} where id = 1`);
    const row = r.rows[0];
    return row ? { host: row.host, pid: Number(row.pid), since: row.since, heartbeat: row.heartbeat } : null;
  };
  const insert = async (): Promise<boolean> => {
    const now = new Date().toISOString();
    const ins = await db.query(`insert into ${table} (id, host, pid, since, heartbeat) values (1, ?, ?, ?, ?) on conflict (id) do nothing`, [host, pid, now, now]);
    if (ins.rowCount === 1) mine = { host, pid, since: now };
    return ins.rowCount === 1;
  };
  const tryLock = async (): Promise<boolean> => {
    try {
      const h = await read();
      if (!h) return await insert();
      const rev = await revocationsOf();
      const revoked = rev?.has(h) ?? false;
      if (!revoked && !holderGone(h, host)) return false;
      // The row must still be the dead (or unlocked) holder's: another waiter may have taken over already.
      await db.query(`delete from ${table} where id = 1 and host = ? and pid = ? and heartbeat = ?`, [h.host, h.pid, h.heartbeat]);
      const took = await insert();
      if (took && revoked) rev?.remove(h);
      return took;
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
      // Known before the first migration: assertHeld reads the revocations synchronously.
      await revocationsOf();
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
      const me = mine;
      mine = null;
      await db.query(`delete from ${table} where id = 1 and host = ? and pid = ?`, [host, pid]);
      if (me) revocations?.remove(me);
      revocations?.close();
    },
    assertHeld(): void {
      if (held && !lost && mine && revocations?.has(mine)) lost = true;
      if (held && lost) {
        throw new ShaleError('E_LOCK_LOST', 'lost the migration lock: its row in the lock table was removed (`shale unlock`?) while this run held it; stopped before the next migration (run `shale status`, then `shale up` again)');
      }
    },
    holder: async () => ((await exists()) ? read() : null),
    async forceRelease(): Promise<boolean> {
      if (!(await exists())) return false;
      // Reading needs no write lock: the holder is known even while its migration runs.
      const h = await read();
      if (!h) return false;
      const rev = await revocationsOf();
      rev?.add(h);
      try {
        // Without waiting: a running migration holds the write lock; the revocation stops it before
        // its next migration, and it removes its row then (or the next run takes it over).
        await db.query('pragma busy_timeout = 0');
        await db.query(`delete from ${table} where id = 1 and host = ? and pid = ? and since = ?`, [h.host, h.pid, h.since]);
        rev?.remove(h);
      } catch (e) {
        if (!isBusy(e) || !rev) throw e;
      } finally {
        await db.query(`pragma busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
        rev?.close();
      }
      return true;
    },
  };
}
