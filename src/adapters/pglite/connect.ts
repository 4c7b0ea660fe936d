import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type { Extension, PGlite } from '@electric-sql/pglite';
import { ShaleError, messageOf } from '../../errors.js';
import { PGLITE_LOCK_FILE, lockDataDir } from './dir-lock.js';
import { freshTemplate } from './template.js';

/**
 * Contrib modules that cannot be registered at start: pg_stat_statements needs
 * `shared_preload_libraries` (it changes every instance), auto_explain is a module, not an extension.
 */
const NOT_REGISTERED: ReadonlySet<string> = new Set(['pg_stat_statements', 'auto_explain']);

let contrib: Promise<Record<string, Extension>> | null = null;

/**
 * PGlite's bundled contrib extensions (citext, pgcrypto, btree_gist, uuid-ossp, hstore, pg_trgm, …),
 * registered on every instance so `CREATE EXTENSION` works as on a server: a desired schema or a
 * migration that creates one must not fail only because the dev database is embedded. A bundle is
 * only read when its extension is created. Loaded once per process.
 */
function contribExtensions(): Promise<Record<string, Extension>> {
  contrib ??= (async () => {
    const dir = join(dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')), 'contrib');
    const out: Record<string, Extension> = {};
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.js')).sort()) {
      const name = file.slice(0, -'.js'.length);
      if (NOT_REGISTERED.has(name)) continue;
      const mod = (await import(`@electric-sql/pglite/contrib/${name}`)) as Record<string, unknown>;
      for (const [key, value] of Object.entries(mod)) if (isExtension(value)) out[key] = value;
    }
    return out;
  })();
  return contrib;
}

function isExtension(v: unknown): v is Extension {
  return typeof v === 'object' && v !== null && typeof (v as { setup?: unknown }).setup === 'function';
}

interface Shared {
  readonly db: PGlite;
  refs: number;
  locked: boolean;
  /** Frees the data folder for other processes (after the instance stopped). */
  readonly unlock: () => void;
}

/**
 * Data folders open in this process: two opens of one folder share one instance (PGlite allows
 * one). The promise is stored before the instance starts, so concurrent opens share it too.
 */
const open = new Map<string, Promise<Shared>>();
/** Instances still writing their folder back: a new open of that folder waits for them. */
const closing = new Map<string, Promise<void>>();

export interface PgliteHandle {
  readonly db: PGlite;
  /** The lock state shared by every adapter on this instance. */
  readonly shared: { locked: boolean };
  release(): Promise<void>;
}

/** What is in a data folder: nothing yet, a PostgreSQL data folder, or something else. */
function folderState(dir: string): 'empty' | 'pgdata' | 'other' {
  const names = readdirSync(dir).filter((n) => n !== PGLITE_LOCK_FILE);
  if (names.length === 0) return 'empty';
  return names.includes('PG_VERSION') ? 'pgdata' : 'other';
}

/**
 * A new database from the template data folder. A cached template that fails to load (damaged,
 * truncated, written by a different build) is replaced by a fresh one: a cold start, not a failure.
 */
async function createFromTemplate(dir: string | null, extensions: Record<string, Extension>): Promise<PGlite> {
  const { PGlite } = await import('@electric-sql/pglite');
  const t = await freshTemplate();
  try {
    return await PGlite.create(dir ?? undefined, { loadDataDir: t.blob, extensions });
  } catch (e) {
    if (!t.fromCache) throw e;
    // Whatever the failed load extracted goes: the folder was empty before (see folderState).
    if (dir) for (const name of readdirSync(dir)) if (name !== PGLITE_LOCK_FILE) rmSync(join(dir, name), { recursive: true, force: true });
    const cold = await freshTemplate({ discardCache: true });
    return PGlite.create(dir ?? undefined, { loadDataDir: cold.blob, extensions });
  }
}

async function startShared(key: string | null, display: string): Promise<Shared> {
  const extensions = await contribExtensions();
  if (key === null) return { db: await createFromTemplate(null, extensions), refs: 1, locked: false, unlock: () => undefined };
  mkdirSync(key, { recursive: true });
  // Lock first: another process may be filling the folder right now.
  const unlock = lockDataDir(key, display);
  try {
    const state = folderState(key);
    if (state === 'other') {
      throw new ShaleError('E_CONNECT', `cannot start embedded PostgreSQL ${display}: ${key} is not empty and is not a PGlite data folder (no PG_VERSION): use a new or empty folder`, { url: display });
    }
    const { PGlite } = await import('@electric-sql/pglite');
    const db = state === 'empty' ? await createFromTemplate(key, extensions) : await PGlite.create(key, { extensions });
    return { db, refs: 1, locked: false, unlock };
  } catch (e) {
    unlock();
    throw e;
  }
}

/** Start (or share) an embedded PostgreSQL (PGlite, PostgreSQL 18 in WASM): in memory, or in a data folder. */
export async function startPglite(dataDir: string | null, display: string): Promise<PgliteHandle> {
  const key = dataDir === null ? null : resolve(dataDir);
  try {
    if (key === null) return handle(null, await startShared(null, display));
    await closing.get(key);
    let starting = open.get(key);
    if (starting) {
      const shared = await starting;
      shared.refs++;
      return handle(key, shared);
    }
    starting = startShared(key, display);
    open.set(key, starting);
    starting.catch(() => open.delete(key));
    return handle(key, await starting);
  } catch (e) {
    if (e instanceof ShaleError) throw e;
    throw new ShaleError('E_CONNECT', `cannot start embedded PostgreSQL ${display}: ${messageOf(e)}`, { url: display }, { cause: e });
  }
}

function handle(key: string | null, shared: Shared): PgliteHandle {
  let released = false;
  return {
    db: shared.db,
    shared,
    async release() {
      if (released) return;
      released = true;
      if (--shared.refs > 0) return;
      // The folder is free for another process once the instance has written it back and stopped.
      const stopped = shared.db.close().finally(shared.unlock);
      if (key) {
        open.delete(key);
        closing.set(key, stopped.then(() => undefined, () => undefined).finally(() => closing.delete(key)));
      }
      await stopped;
    },
  };
}
