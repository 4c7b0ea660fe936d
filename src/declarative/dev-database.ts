import { randomBytes } from 'node:crypto';
import type { Adapter } from '../adapters/adapter.js';
import { openAdapter } from '../adapters/open.js';
import { quoteIdent } from '../adapters/postgres/quote.js';
import { parseDatabaseUrl } from '../core/url.js';
import { ShaleError, messageOf } from '../errors.js';
import { createMissingRoles, referencedRoles } from './roles.js';

/** The dev database used when none is given: an embedded PostgreSQL in memory (no server, no Docker). */
export const DEFAULT_DEV_URL = 'pglite:memory';

/** A scratch database that exists only while shale works with it. */
export interface DevDatabase {
  readonly adapter: Adapter;
  /** Display form of where it lives (password redacted). */
  readonly display: string;
  /**
   * Make the roles `sql` texts grant to (or otherwise name) exist, where the dev database owns its
   * cluster (embedded PGlite) and creating one touches nothing else; returns the roles created. On a
   * server, roles are shared by all its databases: shale creates none there, and a statement naming
   * a missing role fails with the server's error.
   */
  provideRoles(sql: readonly string[]): Promise<string[]>;
  /** Close it; a scratch database on a server is dropped. Safe to call twice. */
  dispose(): Promise<void>;
}

/**
 * A fresh, empty dev database. `pglite:memory` (default) starts an embedded PostgreSQL from the
 * template data folder; a `postgres://` URL is a server where shale creates `shale_dev_<random>`,
 * and drops it again in `dispose()` (also when the work failed).
 * @example const dev = await openDevDatabase(); try { … } finally { await dev.dispose() }
 */
export async function openDevDatabase(devUrl: string = DEFAULT_DEV_URL, opts: { tablePrefix?: string } = {}): Promise<DevDatabase> {
  const parsed = parseDatabaseUrl(devUrl);
  const open = { ...(opts.tablePrefix !== undefined ? { tablePrefix: opts.tablePrefix } : {}) };
  if (parsed.kind === 'pglite') {
    if (parsed.dataDir !== null) throw new ShaleError('E_USAGE', `the dev database must be empty and disposable: use pglite:memory or a postgres:// server, not ${parsed.display}`, { url: parsed.display });
    const adapter = await openAdapter(parsed, open);
    return {
      adapter,
      display: parsed.display,
      provideRoles: async (sql) => createMissingRoles(adapter, await referencedRoles(sql)),
      dispose: once(() => adapter.close()),
    };
  }
  if (parsed.kind !== 'postgres') {
    throw new ShaleError('E_USAGE', `--dev-url must be PostgreSQL (postgres://… or pglite:memory), got ${parsed.display}`, { url: parsed.display });
  }
  const name = `shale_dev_${randomBytes(6).toString('hex')}`;
  const admin = await openAdapter(parsed);
  try {
    await admin.query(`create database ${quoteIdent(name)}`);
  } catch (e) {
    await admin.close();
    throw new ShaleError('E_SQL', `cannot create the scratch database ${name} on ${parsed.display}: ${messageOf(e)}`, { url: parsed.display }, { cause: e });
  }
  const drop = async () => {
    try {
      await admin.query(`drop database if exists ${quoteIdent(name)} with (force)`);
    } finally {
      await admin.close();
    }
  };
  const u = new URL(parsed.url);
  u.pathname = `/${name}`;
  let adapter: Adapter;
  try {
    adapter = await openAdapter(u.toString(), open);
  } catch (e) {
    await drop();
    throw e;
  }
  const display = parseDatabaseUrl(u.toString()).display;
  return {
    adapter,
    display,
    provideRoles: async () => [],
    dispose: once(async () => {
      await adapter.close().catch(() => undefined);
      await drop();
    }),
  };
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | null = null;
  return () => (done ??= fn());
}
