import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Adapter, OrphanSession } from '../adapters/adapter.js';
import { processAlive } from '../adapters/shared/process-alive.js';
import { ShaleError } from '../errors.js';
import type { Emitter } from '../events.js';
import { statementPreview } from './position.js';

const POLL_MS = 250;

/**
 * A session whose shale process runs on this machine and is alive belongs to a live run, not a
 * killed one. Our own pid is no proof: our own sessions are never listed, so a session tagged with
 * it is a killed run's (a container restarted after an OOM kill starts its process as pid 1 again).
 */
function isLiveLocal(o: OrphanSession): boolean {
  const m = /^(\d+)@(.+)$/.exec(o.holder ?? '');
  return m !== null && m[2] === hostname() && Number(m[1]) !== process.pid && processAlive(Number(m[1]));
}

function describe(o: OrphanSession): string {
  return `server session ${o.session}${o.holder ? ` of ${o.holder}` : ''}, running for ${o.runningSeconds} s: ${statementPreview(o.query)}`;
}

/**
 * A killed shale leaves its statement running on the server (the lock's idle session ends at once,
 * the busy one only when its statement does). Wait, under the migration lock and before reading
 * any state, until no session of an earlier run is busy (a live shale process of this machine is not
 * an earlier run: a `status` or `drift` it runs is left alone); past `timeoutMs` it is E_LOCK_TIMEOUT.
 */
export async function waitForOrphans(a: Adapter, timeoutMs: number, events: Emitter): Promise<void> {
  const started = Date.now();
  let warned = false;
  for (;;) {
    const orphans = (await a.orphans()).filter((o) => !isLiveLocal(o));
    const first = orphans[0];
    if (!first) return;
    if (Date.now() - started >= timeoutMs) {
      throw new ShaleError(
        'E_LOCK_TIMEOUT',
        `a statement of an earlier shale run is still running on ${a.display} (${describe(first)}): wait for it to finish or cancel it on the server, then run again`,
        { session: first.session, holder: first.holder, waitedMs: Date.now() - started },
      );
    }
    if (!warned) events.emit('warning', { message: `waiting for a statement of an earlier shale run to finish on ${a.display}: ${describe(first)}` });
    warned = true;
    await sleep(POLL_MS);
  }
}
