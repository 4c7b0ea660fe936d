import type { Adapter } from '../adapters/adapter.js';
import { devDatabaseKind, openAdapter } from '../adapters/open.js';
import { parseDatabaseUrl } from '../adapters/url.js';
import { ShaleError, messageOf } from '../errors.js';
import { schemaDialectOf } from './schema-dialect.js';

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
  const open = { ...(opts.tablePrefix !== undefined ? { tablePrefix: opts.tablePrefix } : {}) };
  if (devDatabaseKind(devUrl) === null) {
    const display = parseDatabaseUrl(devUrl).display;
    throw new ShaleError('E_USAGE', `the dev database must be empty and disposable: use pglite:memory or a postgres:// server, not ${display}`, { url: display });
  }
  const first = await openAdapter(devUrl, open);
  const support = first.devDatabase;
  if (support?.kind === 'self') {
    return {
      adapter: first,
      display: first.display,
      provideRoles: async (sql) => {
        const roles = (await schemaDialectOf(first, 'providing roles')).roles;
        return roles ? roles.createMissing(first, await roles.referenced(sql)) : [];
      },
      dispose: once(() => first.close()),
    };
  }
  if (!support) {
    await first.close();
    throw new ShaleError('E_USAGE', `the dev database must be empty and disposable: use pglite:memory or a postgres:// server, not ${first.display}`, { url: first.display });
  }
  // A server: `first` is the admin connection that creates the scratch database and drops it.
  let scratch: { url: string; name: string; drop(): Promise<void> };
  try {
    scratch = await support.create();
  } catch (e) {
    await first.close();
    throw new ShaleError('E_SQL', `cannot create a scratch database on ${first.display}: ${messageOf(e)}`, { url: first.display }, { cause: e });
  }
  const drop = async (): Promise<void> => {
    try {
      await scratch.drop();
    } finally {
      await first.close();
    }
  };
  let adapter: Adapter;
  try {
    adapter = await openAdapter(scratch.url, open);
  } catch (e) {
    await drop();
    throw e;
  }
  return {
    adapter,
    display: adapter.display,
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
