import { linkSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ShaleError } from '../../errors.js';
import { processAlive } from '../shared/process-alive.js';

/** Marks a PGlite data folder as open by one process; never part of PostgreSQL's own files. */
export const PGLITE_LOCK_FILE = '.shale-pglite.lock';

interface Owner {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
}

function readOwner(file: string): Owner | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    const o = JSON.parse(text) as Partial<Owner>;
    if (typeof o.pid === 'number' && typeof o.host === 'string' && typeof o.since === 'string') return { pid: o.pid, host: o.host, since: o.since };
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
  }
  // Not written by shale (the lock file is created whole): nobody this process can check owns it.
  return { pid: 0, host: hostname(), since: new Date(0).toISOString() };
}

/**
 * Whether the owner recorded in the lock file is gone: a process on this host that no longer runs,
 * or this very pid in an earlier life (containers reuse pids across restarts). An owner on another
 * host (a shared network folder) cannot be checked and counts as alive.
 */
function ownerGone(o: Owner): boolean {
  if (o.host !== hostname()) return false;
  if (o.pid === process.pid) return Date.parse(o.since) < performance.timeOrigin;
  return o.pid <= 0 || !processAlive(o.pid);
}

/**
 * Take the data folder of an embedded PostgreSQL for this process. PGlite keeps its database in
 * memory and writes it back to the folder: two processes on one folder would each apply the same
 * migrations and overwrite each other's files, so a second process gets a clear error instead.
 * Returns the release function (also run at process exit, so only SIGKILL leaves the file behind,
 * and a file whose process is gone is taken over).
 */
export function lockDataDir(dir: string, display: string): () => void {
  const file = join(dir, PGLITE_LOCK_FILE);
  const mine = `${file}.${process.pid}`;
  writeFileSync(mine, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
  try {
    // link() creates the lock file with its content in one step, and fails if it exists.
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(mine, file);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const owner = readOwner(file);
      if (owner && !ownerGone(owner)) {
        throw new ShaleError(
          'E_CONNECT',
          `cannot open embedded PostgreSQL ${display}: its data folder is in use by pid ${owner.pid} on ${owner.host} since ${owner.since}; PGlite opens a data folder in one process at a time: wait for that process to finish, or remove ${file} if it is gone`,
          { url: display, holder: owner },
        );
      }
      if (attempt > 0) throw new ShaleError('E_CONNECT', `cannot open embedded PostgreSQL ${display}: could not take over ${file} from a process that is gone`, { url: display });
      rmSync(file, { force: true });
    }
  } finally {
    rmSync(mine, { force: true });
  }
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.off('exit', atExit);
    try {
      unlinkSync(file);
    } catch (e) {
      // Removed by hand while open: nothing left to release.
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  };
  const atExit = (): void => {
    try {
      release();
    } catch {
      // The process is exiting; a file left behind is taken over by the next run (its pid is gone).
    }
  };
  process.on('exit', atExit);
  return release;
}
