import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Extension, PGlite } from '@electric-sql/pglite';
import { ShaleError, messageOf } from '../../errors.js';

/**
 * A fresh PGlite runs initdb (~2–4 s). shale keeps a tarball of a freshly initialised data folder
 * (in memory, and on disk under the temp folder, per PGlite version) and starts new databases from
 * it (~0.6 s).
 */
let template: Promise<Blob> | null = null;

/** PGlite's version, read from its package.json (the package does not export that path). */
function pgliteVersion(): string {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve('@electric-sql/pglite'));
  for (let i = 0; i < 5; i++, dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === '@electric-sql/pglite' && pkg.version) return pkg.version;
  }
  // Without a version the template cannot be trusted across upgrades: keep it per process only.
  return `unknown-${process.pid}`;
}

async function freshTemplate(): Promise<Blob> {
  template ??= (async () => {
    const file = join(tmpdir(), `shale-pglite-template-${pgliteVersion()}.tar.gz`);
    if (existsSync(file)) return new Blob([readFileSync(file)]);
    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create();
    const blob = await db.dumpDataDir('gzip');
    await db.close();
    // Write then rename, so a concurrent process never reads half a file.
    const part = `${file}.${process.pid}.part`;
    writeFileSync(part, Buffer.from(await blob.arrayBuffer()));
    renameSync(part, file);
    return blob;
  })();
  return template;
}

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
}

/** Data folders open in this process: two opens of one folder share one instance (PGlite allows one). */
const open = new Map<string, Shared>();

export interface PgliteHandle {
  readonly db: PGlite;
  /** The lock state shared by every adapter on this instance. */
  readonly shared: { locked: boolean };
  release(): Promise<void>;
}

/** Start (or share) an embedded PostgreSQL (PGlite, PostgreSQL 18 in WASM): in memory, or in a data folder. */
export async function startPglite(dataDir: string | null, display: string): Promise<PgliteHandle> {
  try {
    const key = dataDir === null ? null : resolve(dataDir);
    const existing = key ? open.get(key) : undefined;
    if (existing) {
      existing.refs++;
      return handle(key, existing);
    }
    const { PGlite } = await import('@electric-sql/pglite');
    const empty = key === null || !existsSync(key) || readdirSync(key).length === 0;
    if (key) mkdirSync(key, { recursive: true });
    const extensions = await contribExtensions();
    const db = empty ? await PGlite.create(key ?? undefined, { loadDataDir: await freshTemplate(), extensions }) : await PGlite.create(key!, { extensions });
    const shared: Shared = { db, refs: 1, locked: false };
    if (key) open.set(key, shared);
    return handle(key, shared);
  } catch (e) {
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
      if (key) open.delete(key);
      await shared.db.close();
    },
  };
}
