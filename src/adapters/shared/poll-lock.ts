import { ShaleError } from '../../errors.js';
import type { LockHolder, LockOptions } from '../adapter.js';

export const DEFAULT_LOCK_POLL_MS = 100;

export function describeHolder(h: LockHolder | null): string {
  if (!h) return 'unknown holder';
  const who = h.pid !== undefined ? `pid ${h.pid}${h.host ? ` on ${h.host}` : ''}` : (h.host ?? '');
  return `${who || 'unknown holder'}${h.since ? ` since ${h.since}` : ''}${h.detail ? ` (${h.detail})` : ''}`;
}

/**
 * Poll `tryLock` until it succeeds or `timeoutMs` passes; the timeout error names the holder and
 * says what to do next.
 */
export async function pollForLock(tryLock: () => Promise<boolean>, holder: () => Promise<LockHolder | null>, opts: LockOptions): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  const poll = opts.pollMs ?? DEFAULT_LOCK_POLL_MS;
  let announced = false;
  for (;;) {
    if (await tryLock()) return;
    if (!announced) {
      announced = true;
      opts.onWait?.(await holder().catch(() => null));
    }
    if (Date.now() >= deadline) {
      const h = await holder().catch(() => null);
      throw new ShaleError(
        'E_LOCK_TIMEOUT',
        `timed out after ${Math.round(opts.timeoutMs / 1000)}s waiting for the migration lock held by ${describeHolder(h)}; if that process is gone, run \`shale unlock\``,
        { holder: h, timeoutMs: opts.timeoutMs },
      );
    }
    // Jitter keeps many waiting processes from polling in lockstep.
    await new Promise((r) => setTimeout(r, poll / 2 + Math.random() * poll));
  }
}
