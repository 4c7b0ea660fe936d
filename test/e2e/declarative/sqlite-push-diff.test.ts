// push and diff on SQLite files through the built CLI: the plan, the destructive gate (exit 3),
// rename hints that keep data, and the dev database following the project's dialect.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeFileSync } from 'node:fs';
import { openAdapter } from '../../../src/index.js';
import { runShale } from '../../helpers/cli.js';
import { project } from './helpers.js';

async function sql(url: string, text: string): Promise<unknown[]> {
  const db = await openAdapter(url);
  try {
    let last: unknown[] = [];
    for (const s of await db.split(text)) last = (await db.query(s.sql)).rows;
    return last;
  } finally {
    await db.close();
  }
}

test('sqlite push: dry run, apply, destructive gate, rename hint keeps data, nothing left to do', async () => {
  const p = project({}, 'CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);\nCREATE INDEX t_name ON t (name);\n');
  const url = `sqlite:${join(p.dir, 'app.db')}`;
  await sql(url, "CREATE TABLE t (id INTEGER PRIMARY KEY, old TEXT); INSERT INTO t VALUES (1, 'ann');");
  const push = (...extra: string[]) => runShale(p.dir, ['--db', url, 'push', p.schema, ...extra]);
  // Without a hint, old → name is a drop and an add: destructive, refused.
  const refused = push('--yes');
  assert.equal(refused.code, 3, refused.stderr);
  assert.deepEqual(await sql(url, 'SELECT * FROM t'), [{ id: 1, old: 'ann' }]);
  writeFileSync(p.schema, 'CREATE TABLE t (\n  id INTEGER PRIMARY KEY,\n  -- shale:renamed from=old\n  name TEXT\n);\nCREATE INDEX t_name ON t (name);\n');
  const dry = push('--dry-run');
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /ALTER TABLE "t" RENAME COLUMN "old" TO "name";[\s\S]*CREATE INDEX t_name ON t \(name\);/);
  assert.deepEqual(await sql(url, 'SELECT * FROM t'), [{ id: 1, old: 'ann' }], 'a dry run changes nothing');
  const applied = push('--yes');
  assert.equal(applied.code, 0, applied.stderr);
  assert.deepEqual(await sql(url, 'SELECT * FROM t'), [{ id: 1, name: 'ann' }]);
  assert.match(push('--yes').stdout, /nothing to do/);

  // A change ALTER cannot make: a rebuild, run with foreign keys off in its own transaction.
  writeFileSync(p.schema, 'CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL COLLATE NOCASE);\nCREATE INDEX t_name ON t (name);\n');
  const rebuild = push('--yes');
  assert.equal(rebuild.code, 0, rebuild.stderr);
  assert.match(rebuild.stdout, /PRAGMA foreign_keys = OFF;\n\nBEGIN;[\s\S]*ALTER TABLE "_shale_new_t" RENAME TO "t";[\s\S]*COMMIT;/);
  assert.deepEqual(await sql(url, 'SELECT * FROM t'), [{ id: 1, name: 'ann' }]);
  assert.match(push('--yes').stdout, /nothing to do/);
});

test('sqlite diff: two files, exit 2 with the SQL, exit 3 for a drop without --unsafe', async () => {
  const p = project({});
  const a = `sqlite:${join(p.dir, 'a.db')}`;
  const b = `sqlite:${join(p.dir, 'b.db')}`;
  await sql(a, 'CREATE TABLE t (id INTEGER PRIMARY KEY); CREATE TABLE gone (id INTEGER PRIMARY KEY);');
  await sql(b, 'CREATE TABLE t (id INTEGER PRIMARY KEY, note TEXT); CREATE VIEW v AS SELECT id FROM t;');
  const refused = runShale(p.dir, ['diff', a, b]);
  assert.equal(refused.code, 3, refused.stderr);
  const r = runShale(p.dir, ['diff', a, b, '--unsafe']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stdout, /DROP TABLE "gone";[\s\S]*ALTER TABLE "t" ADD COLUMN note TEXT;[\s\S]*CREATE VIEW v AS SELECT id FROM t;/);
  assert.equal(runShale(p.dir, ['diff', a, a]).code, 0);
});

test('the dev database follows the project: a dev database of another dialect, or none for MySQL, is E_USAGE', () => {
  const p = project({}, 'CREATE TABLE t (id INTEGER PRIMARY KEY);\n');
  const url = `sqlite:${join(p.dir, 'app.db')}`;
  const other = runShale(p.dir, ['--db', url, '--source', p.migrations, 'generate', 'x', '--desired', p.schema, '--dev-url', 'pglite:memory']);
  assert.equal(other.code, 1);
  assert.match(other.stderr, /pglite:memory is PostgreSQL but the project's database sqlite:.* is SQLite/);
  assert.equal(other.stderr.trim().split('\n').length, 1);
  // Refused from the URL alone: no server is contacted.
  const mysql = runShale(p.dir, ['--db', 'mysql://root@127.0.0.1:1/app', '--source', p.migrations, 'generate', 'x', '--desired', p.schema]);
  assert.equal(mysql.code, 1);
  assert.match(mysql.stderr, /MySQL database.*--dev-url mysql:\/\//);
  assert.equal(mysql.stderr.trim().split('\n').length, 1);
  const verify = runShale(p.dir, ['--db', 'mysql://root@127.0.0.1:1/app', '--source', p.migrations, 'verify']);
  assert.equal(verify.code, 1);
  assert.match(verify.stderr, /--dev-url mysql:\/\//);
});
