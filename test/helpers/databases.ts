// Test databases: each test gets its own fresh database so files can run in parallel.
// Servers come from environment variables with local defaults (see README "Tests").
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const PG_URL = process.env.SHALE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const MYSQL_URL = process.env.SHALE_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/';
export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

export function uniqueName(prefix = 'shale_t'): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/** Whether the PostgreSQL test server answers. Under CI=true a missing server is a failure, not a skip. */
export async function pgAvailable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch (e) {
    if (IN_CI) throw new Error(`PostgreSQL test server not reachable at ${PG_URL} (CI=true: tests must not skip): ${String(e)}`);
    return false;
  }
}

/** The node:test `skip` option for PostgreSQL tests: never skips under CI. */
export async function skipUnlessPg(): Promise<string | false> {
  return (await pgAvailable()) ? false : `PostgreSQL not reachable at ${PG_URL} (set SHALE_TEST_PG_URL)`;
}

export interface TempPgDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

/** Create a fresh PostgreSQL database; `drop()` removes it (terminating leftover sessions). */
export async function createPgDatabase(prefix = 'shale_t'): Promise<TempPgDatabase> {
  const name = uniqueName(prefix);
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: withDatabase(PG_URL, name),
    async drop() {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      try {
        await c.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** Run one query on its own connection (opened and closed here) and return its rows. */
export async function pgQuery(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

/** Two fresh databases A and B, each with a connected client; both are closed and dropped after `fn`. */
export async function withPgPair<T>(prefix: string, fn: (p: { A: TempPgDatabase; B: TempPgDatabase; a: pg.Client; b: pg.Client }) => Promise<T>): Promise<T> {
  const A = await createPgDatabase(prefix);
  const B = await createPgDatabase(prefix);
  const a = new pg.Client({ connectionString: A.url });
  const b = new pg.Client({ connectionString: B.url });
  try {
    await a.connect();
    await b.connect();
    return await fn({ A, B, a, b });
  } finally {
    await a.end().catch(() => undefined);
    await b.end().catch(() => undefined);
    await A.drop();
    await B.drop();
  }
}
