import type { Adapter } from '../adapters/adapter.js';
import { defaultDevUrl, devDatabaseKind, openAdapter, schemaFamilyName, schemaFamilyOf } from '../adapters/open.js';
import { parseDatabaseUrl } from '../adapters/url.js';
import { ShaleError, messageOf } from '../errors.js';
import { schemaDialectOf } from './schema-dialect.js';

/** The dev database used when none is given: an embedded PostgreSQL in memory (no server, no Docker). */
export const DEFAULT_DEV_URL = 'pglite:memory';

/** The project's database, as far as choosing its dev database goes. */
export interface DevFor {
  /** The schema dialect (a `SchemaDialect` id, e.g. from the project's URL via `schemaFamilyOf`). */
  readonly family: string;
  /** The database, for messages (password redacted). */
  readonly display: string;
}

/**
 * The dev database to use: `devUrl` when given (of the project's dialect, else E_USAGE naming
 * both), else the default of the project's dialect (`sqlite::memory:` for SQLite, `pglite:memory`
 * for PostgreSQL; E_USAGE where one must be given), else {@link DEFAULT_DEV_URL}.
 * @example chooseDevUrl(undefined, { family: 'sqlite', display: 'sqlite:app.db' }) // 'sqlite::memory:'
 */
export function chooseDevUrl(devUrl: string | undefined, project: DevFor | undefined): string {
  if (!project) return devUrl ?? DEFAULT_DEV_URL;
  if (!devUrl) return defaultDevUrl(project.family, project.display);
  const family = schemaFamilyOf(devUrl);
  if (family !== project.family) {
    const display = parseDatabaseUrl(devUrl).display;
    throw new ShaleError(
      'E_USAGE',
      `the dev database ${display} is ${schemaFamilyName(family)} but the project's database ${project.display} is ${schemaFamilyName(project.family)}: pass a --dev-url of the same dialect`,
      { devUrl: display, url: project.display },
    );
  }
  return devUrl;
}

/** {@link DevFor} of a database URL (no connection is opened). */
export function devForUrl(url: string): DevFor {
  return { family: schemaFamilyOf(url), display: parseDatabaseUrl(url).display };
}

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
    throw new ShaleError('E_USAGE', `the dev database must be empty and disposable: use an in-memory embedded database (pglite:memory, sqlite::memory:) or a server where shale may create a scratch database, not ${display}`, { url: display });
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
    throw new ShaleError('E_USAGE', `the dev database must be empty and disposable: use an in-memory embedded database (pglite:memory, sqlite::memory:) or a server where shale may create a scratch database, not ${first.display}`, { url: first.display });
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
