// What the cases of the adapter suite share: the target factory, per-engine options, fresh databases.
import assert from 'node:assert/strict';
import type { Adapter, Migrator, MigratorOptions, RunResult } from '../../src/index.js';
import type { Capabilities } from '../../src/adapters/adapter.js';

export interface TargetFactory {
  /** A fresh, empty database for one test. */
  create(): Promise<{ url: string; drop(): Promise<void> }>;
  /** Why the suite cannot run (undefined when it can); never skips under CI. */
  skip?: () => Promise<string | false>;
}

/**
 * What an engine can do beyond its adapter's capabilities, said by the file that runs the suite on
 * it. The suite branches on these and on `adapter.capabilities`, never on the engine's name.
 */
export interface SuiteOptions {
  /**
   * The adapter's capabilities, said up front so that a case an engine cannot have is not registered
   * for it (under CI nothing is skipped); the suite checks that the adapter says the same.
   */
  readonly capabilities: Capabilities;
  /**
   * Foreign keys declared `deferrable initially deferred` are checked at COMMIT. `url` adds what the
   * connection needs to check foreign keys at all (SQLite: `?foreign_keys=on`).
   */
  readonly deferredForeignKeys?: { readonly url?: (url: string) => string };
  /**
   * A statement that refuses to run inside a transaction block (it runs after
   * `create table t (x int)`), where the engine has one.
   */
  readonly notInTransaction?: string;
  /** A lock timeout names the holder's pid (false: by its connection, as MariaDB without performance_schema). */
  readonly lockHolderPid?: boolean;
}

export interface FreshOptions {
  /** Rewrites the factory's URL (parameters the case needs). */
  readonly url?: (url: string) => string;
}

/** One case's view of the suite: a fresh database with a migrator on it, and one more migrator on it. */
export interface SuiteContext {
  readonly skip: string | false;
  readonly options: SuiteOptions;
  fresh(files: Record<string, string>, extra?: Partial<MigratorOptions>, how?: FreshOptions): Promise<{ m: Migrator; a: Adapter; url: string }>;
  other(url: string, files: Record<string, string>, extra?: Partial<MigratorOptions>): Migrator;
}

export async function rows(a: Adapter, sql: string): Promise<Record<string, unknown>[]> {
  return (await a.query(sql)).rows;
}

export async function tableExists(a: Adapter, name: string): Promise<boolean> {
  try {
    await a.query(`select count(*) as n from ${name}`);
    return true;
  } catch {
    return false;
  }
}

export const statuses = (r: RunResult): string[] => r.results.map((x) => `${x.id}:${x.status}`);

/** `line:col` (col in UTF-16 units, as shale counts) of the first `needle` in `text`. */
export function posOf(text: string, needle: string): string {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, needle);
  const before = text.slice(0, i);
  return `${before.split('\n').length}:${i - before.lastIndexOf('\n')}`;
}

/**
 * A table whose check refuses `insert into pre values (0)` on every engine: an error that carries no
 * position from any database, so shale points at the start of the failing statement.
 */
export const PRE = 'create table pre (x int check (x > 0))';
export const FAILS = 'insert into pre values (0)';
