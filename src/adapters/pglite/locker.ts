import type { Locker, LockOptions } from '../adapter.js';
import { pollForLock } from '../shared/poll-lock.js';

/**
 * PGlite runs inside this process and one process at a time owns its data folder, so the lock only
 * has to exclude other migrators of this process on the same instance: a flag on the shared instance.
 */
export function pgliteLocker(shared: { locked: boolean }): Locker {
  let mine = false;
  const holder = async () => (shared.locked ? { pid: process.pid, detail: 'another migrator in this process' } : null);
  return {
    async acquire(opts: LockOptions): Promise<void> {
      if (mine) return;
      await pollForLock(
        async () => {
          if (shared.locked) return false;
          shared.locked = true;
          return true;
        },
        holder,
        { ...opts, pollMs: opts.pollMs ?? 20 },
      );
      mine = true;
    },
    async release(): Promise<void> {
      if (!mine) return;
      mine = false;
      shared.locked = false;
    },
    holder,
    async forceRelease(): Promise<boolean> {
      const was = shared.locked;
      shared.locked = false;
      mine = false;
      return was;
    },
  };
}
