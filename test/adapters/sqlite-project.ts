// What the SQLite CLI tests share: a project folder with migrations, reading the database file, one-line errors.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { tempDir } from '../helpers/cli.js';

/** A temporary project whose `migrations` folder holds `files`. */
export function project(files: Record<string, string>): string {
  const dir = tempDir('shale-sqlite-');
  mkdirSync(join(dir, 'migrations'));
  for (const [n, t] of Object.entries(files)) writeFileSync(join(dir, 'migrations', n), t);
  return dir;
}

export function assertOneLineError(r: { code: number | null; stderr: string }, code: number, pattern: RegExp): void {
  assert.equal(r.code, code, `exit code; stderr: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line, got: ${r.stderr}`);
  assert.match(lines[0]!, pattern);
}

/** Rows of `sql` read from the database file, read-only. */
export function read<T>(file: string, sql: string): T[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

/** Ids recorded as applied in the database file. */
export const applied = (file: string): string[] => read<{ id: string }>(file, 'select id from shale_migrations order by id').map((r) => r.id);

export const TWO = { '0001_a.sql': 'create table a (id integer primary key);\n', '0002_b.sql': 'create table b (id integer primary key, a_id integer references a (id));\n' };
