import { ShaleError } from '../../errors.js';
import type { LockHolder, LockOptions, Queryable } from '../adapter.js';
import { pollForLock } from './poll-lock.js';

export type LockConnection = Queryable & {
  end(): Promise<void>;
  /** Call `fn` when the connection closes or fails (not called for our own `end()`). */
  onLost(fn: (reason: string) => void): void;
};

export interface SessionLockSpec {
  /** Open the dedicated connection whose session holds the lock. */
  readonly open: () => Promise<LockConnection>;
  /** One non-blocking attempt on that connection. */
  readonly tryLock: (c: LockConnection) => Promise<boolean>;
  /** Release on that connection; closing the connection releases the lock anyway. */
  readonly unlock: (c: LockConnection) => Promise<void>;
  readonly holder: () => Promise<LockHolder | null>;
}

/**
 * A lock held by a database session (PostgreSQL advisory lock, MySQL GET_LOCK) on a dedicated
 * connection, taken by polling. Re-entrant within one adapter (yoyo G3).
 */
export function sessionLock(spec: SessionLockSpec): { acquire(opts: LockOptions): Promise<void>; release(): Promise<void>; assertHeld(): void } {
  let conn: LockConnection | null = null;
  let lost: { conn: LockConnection; reason: string } | null = null;
  return {
    async acquire(opts: LockOptions): Promise<void> {
      if (conn) return;
      const c = await spec.open();
      c.onLost((reason) => {
        if (conn === c) lost = { conn: c, reason };
      });
      try {
        await pollForLock(() => spec.tryLock(c), spec.holder, opts);
      } catch (e) {
        await c.end().catch(() => undefined);
        throw e;
      }
      conn = c;
    },
    assertHeld(): void {
      if (conn && lost?.conn === conn) {
        throw new ShaleError('E_LOCK_LOST', `lost the migration lock: its database session ended (${lost.reason}); stopped before the next migration (run \`shale status\`, then \`shale up\` again)`, { reason: lost.reason });
      }
    },
    async release(): Promise<void> {
      const c = conn;
      conn = null;
      if (!c) return;
      try {
        await spec.unlock(c);
      } finally {
        await c.end().catch(() => undefined);
      }
    },
  };
}
