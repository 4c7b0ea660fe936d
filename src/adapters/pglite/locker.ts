import type { Locker } from '../adapter.js';

/**
 * PGlite runs inside this process and one process at a time owns its data folder, so the lock only
 * has to serialise migrators within the process: a promise queue.
 */
export function pgliteLocker(): Locker {
  let tail: Promise<void> = Promise.resolve();
  let releaseCurrent: (() => void) | null = null;
  return {
    async acquire(): Promise<void> {
      if (releaseCurrent) return;
      const prev = tail;
      let release!: () => void;
      tail = new Promise<void>((r) => (release = r));
      await prev;
      releaseCurrent = release;
    },
    async release(): Promise<void> {
      const r = releaseCurrent;
      releaseCurrent = null;
      r?.();
    },
    holder: async () => (releaseCurrent ? { pid: process.pid, detail: 'this process' } : null),
    async forceRelease(): Promise<boolean> {
      const held = releaseCurrent !== null;
      releaseCurrent?.();
      releaseCurrent = null;
      return held;
    },
  };
}
