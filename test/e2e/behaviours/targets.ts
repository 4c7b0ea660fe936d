// One fresh database per test, for each dialect the spec tests run against (SQLite file, PostgreSQL).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAdapter } from '../../../src/adapters/open.js';
import type { Adapter } from '../../../src/adapters/adapter.js';
import { createMigrator, type Migrator, type MigratorOptions } from '../../../src/core/migrator.js';
import { createPgDatabase, skipUnlessPg } from '../../helpers/databases.js';

export type Dialect = 'sqlite' | 'postgres';
export const DIALECTS: readonly Dialect[] = ['sqlite', 'postgres'];

export interface Target {
  readonly dialect: Dialect;
  readonly url: string;
  /** Raw connections opened with {@link Target.open} are closed by `cleanup`. */
  open(url?: string): Promise<Adapter>;
  migrator(opts: Omit<MigratorOptions, 'db' | 'adapter'> & { readonly db?: string }): Migrator;
  cleanup(): Promise<void>;
}

/** The node:test `skip` option for a dialect (PostgreSQL never skips under CI=true). */
export async function skipFor(dialect: Dialect): Promise<string | false> {
  return dialect === 'postgres' ? skipUnlessPg() : false;
}

export async function createTarget(dialect: Dialect): Promise<Target> {
  let url: string;
  let drop: () => Promise<void>;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'shale-spec-'));
    url = `sqlite:${join(dir, 'test.db')}`;
    drop = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const db = await createPgDatabase('shale_spec');
    url = db.url;
    drop = () => db.drop();
  }
  const adapters: Adapter[] = [];
  const migrators: Migrator[] = [];
  return {
    dialect,
    url,
    async open(u = url) {
      const a = await openAdapter(u);
      adapters.push(a);
      return a;
    },
    migrator(opts) {
      const m = createMigrator({ db: url, lockTimeoutMs: 10_000, ...opts });
      migrators.push(m);
      return m;
    },
    async cleanup() {
      for (const m of migrators) await m.close().catch(() => undefined);
      for (const a of adapters) await a.close().catch(() => undefined);
      await drop();
    },
  };
}

/** Run `fn` with a fresh target; always cleans up. */
export async function withTarget(dialect: Dialect, fn: (t: Target) => Promise<void>): Promise<void> {
  const t = await createTarget(dialect);
  try {
    await fn(t);
  } finally {
    await t.cleanup();
  }
}

/** Whether a table exists, seen through a fresh connection (so only committed work counts). */
export async function tableExists(t: Target, name: string, schema = 'public'): Promise<boolean> {
  const a = await t.open();
  const r =
    t.dialect === 'sqlite'
      ? await a.query("select 1 from sqlite_master where type = 'table' and name = ?", [name])
      : await a.query('select 1 from pg_catalog.pg_tables where schemaname = $1 and tablename = $2', [schema, name]);
  await a.close();
  return r.rows.length > 0;
}

/** Rows of a query on a fresh connection. */
export async function rows<R = Record<string, unknown>>(t: Target, sql: string): Promise<R[]> {
  const a = await t.open();
  try {
    return (await a.query<R>(sql)).rows;
  } finally {
    await a.close();
  }
}

/** The audit log as `id operation` strings. */
export async function logSequence(m: Migrator): Promise<string[]> {
  return (await m.history()).map((e) => `${e.id} ${e.operation}`);
}
