// generate, up, drift, verify, push and diff on SQLite files through the built CLI, the way a
// SQLite project uses them: the dev database is an in-memory SQLite (no --dev-url), a rebuild is
// written as a `-- transaction: false` migration with its own BEGIN/COMMIT, and rows survive it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openAdapter } from '../../../src/index.js';
import { runShale } from '../../helpers/cli.js';
import { project } from './helpers.js';

const V1 = `
CREATE TABLE parent (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, legacy TEXT);
CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent(id) ON DELETE CASCADE, note TEXT);
CREATE INDEX child_parent ON child (parent_id);
CREATE VIEW family AS SELECT p.name, c.note FROM child c JOIN parent p ON p.id = c.parent_id;
CREATE TRIGGER parent_ins AFTER INSERT ON parent BEGIN INSERT INTO child (parent_id, note) VALUES (new.id, 'first'); END;
`;

// name gets a collation and a CHECK (a rebuild); legacy goes (destructive); child gets a column (ALTER).
const V2 = `
CREATE TABLE parent (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL COLLATE NOCASE CHECK (name <> ''));
CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent(id) ON DELETE CASCADE, note TEXT, seen INTEGER NOT NULL DEFAULT 0);
CREATE INDEX child_parent ON child (parent_id);
CREATE VIEW family AS SELECT p.name, c.note FROM child c JOIN parent p ON p.id = c.parent_id;
CREATE TRIGGER parent_ins AFTER INSERT ON parent BEGIN INSERT INTO child (parent_id, note) VALUES (new.id, 'first'); END;
`;

async function rows(url: string, sql: string): Promise<unknown[]> {
  const db = await openAdapter(url);
  try {
    return (await db.query(sql)).rows;
  } finally {
    await db.close();
  }
}

function newest(dir: string, suffix: string): string {
  const f = readdirSync(dir).filter((x) => x.endsWith(suffix) && !x.endsWith(`.rollback${suffix}`)).sort().at(-1);
  return readFileSync(join(dir, f!), 'utf8');
}

test('sqlite: generate → up → drift → verify, a rebuild keeps rows (foreign keys on), destructive gate', async () => {
  const p = project({}, V1);
  // Foreign keys on: a rebuild that dropped the parent with them on would cascade to the children.
  const url = `sqlite:${join(p.dir, 'app.db')}?foreign_keys=on`;
  const run = (...args: string[]) => runShale(p.dir, ['--db', url, '--source', p.migrations, ...args]);
  const first = run('generate', 'init', '--desired', p.schema);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(run('up').code, 0);
  await rows(url, "INSERT INTO parent (name, legacy) VALUES ('ann', 'x'), ('bob', 'y')");
  assert.deepEqual(await rows(url, 'SELECT count(*) AS n FROM child'), [{ n: 2 }]);
  assert.equal(run('drift').code, 0);

  writeFileSync(p.schema, V2);
  const drift = run('drift');
  assert.equal(drift.code, 0, 'the database still matches its migrations');
  const safe = run('generate', 'reshape', '--desired', p.schema);
  assert.equal(safe.code, 0, safe.stderr);
  assert.match(safe.stderr, /destructive statement/);
  const text = newest(p.migrations, '.sql');
  assert.match(text, /^-- transaction: false$/m);
  assert.match(text, /PRAGMA foreign_keys = OFF;\n\nBEGIN;/);
  assert.match(text, /-- DROP TABLE "parent";/, 'the rebuild that loses legacy is commented out');
  assert.match(text, /ALTER TABLE "child" ADD COLUMN seen INTEGER NOT NULL DEFAULT 0;/);
  assert.match(text, /COMMIT;\n$/);
  // Replace the safe migration by the --unsafe one.
  for (const f of readdirSync(p.migrations).filter((x) => x.includes('reshape'))) rmSync(join(p.migrations, f));
  const unsafe = run('generate', 'reshape', '--desired', p.schema, '--unsafe');
  assert.equal(unsafe.code, 0, unsafe.stderr);
  assert.match(newest(p.migrations, '.sql'), /^DROP TABLE "parent";$/m);

  const up = run('up');
  assert.equal(up.code, 0, up.stderr);
  assert.deepEqual(await rows(url, 'SELECT name, note FROM family ORDER BY name'), [{ name: 'ann', note: 'first' }, { name: 'bob', note: 'first' }]);
  assert.deepEqual(await rows(url, 'SELECT count(*) AS n FROM child'), [{ n: 2 }]);
  assert.deepEqual(await rows(url, 'SELECT * FROM pragma_foreign_key_check'), []);
  assert.equal(run('generate', 'again', '--desired', p.schema).stdout.trim(), `nothing to do: the migrations already produce ${p.schema}`);
  assert.equal(run('drift').code, 0);
  const verify = run('verify');
  assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  assert.match(verify.stdout, /verified 2 migrations: all round-trip/);

  // Drift: a column added by hand is found, and the fix is printed with its own transaction.
  await rows(url, 'ALTER TABLE parent ADD COLUMN extra TEXT');
  const drifted = run('drift');
  assert.equal(drifted.code, 2);
  assert.match(drifted.stdout, /ALTER TABLE "parent" DROP COLUMN "extra";/);
});

test('sqlite: a migration generated without --unsafe applies as written (its lossy rebuild commented out), its rollback too', async () => {
  const p = project({}, V1);
  const url = `sqlite:${join(p.dir, 'app.db')}`;
  const run = (...args: string[]) => runShale(p.dir, ['--db', url, '--source', p.migrations, ...args]);
  assert.equal(run('generate', 'init', '--desired', p.schema).code, 0);
  assert.equal(run('up').code, 0);
  await rows(url, "INSERT INTO parent (name, legacy) VALUES ('ann', 'x')");
  writeFileSync(p.schema, V2);
  assert.equal(run('generate', 'reshape', '--desired', p.schema).code, 0);
  const up = run('up');
  assert.equal(up.code, 0, up.stderr);
  // The ALTER ran; the rebuild (which loses legacy), and the trigger it would recreate, did not.
  assert.deepEqual(await rows(url, 'SELECT seen FROM child'), [{ seen: 0 }]);
  assert.deepEqual(await rows(url, "SELECT name FROM sqlite_schema WHERE type = 'trigger'"), [{ name: 'parent_ins' }]);
  assert.deepEqual(await rows(url, 'SELECT name, legacy FROM parent'), [{ name: 'ann', legacy: 'x' }]);
  const down = run('down');
  assert.equal(down.code, 0, down.stderr);
  assert.deepEqual(await rows(url, "SELECT count(*) AS n FROM pragma_table_xinfo('child') WHERE name = 'seen'"), [{ n: 0 }]);
  assert.equal(run('drift').code, 0);
});

test('sqlite drift: a table made by hand is drift; the fix drops it with foreign keys off, in its own transaction', async () => {
  const p = project({ '0001_t.sql': 'CREATE TABLE t (id INTEGER PRIMARY KEY);\n' });
  const url = `sqlite:${join(p.dir, 'app.db')}`;
  const run = (...args: string[]) => runShale(p.dir, ['--db', url, '--source', p.migrations, ...args]);
  assert.equal(run('up').code, 0);
  await rows(url, 'CREATE TABLE by_hand (id INTEGER PRIMARY KEY, t_id INT REFERENCES t(id) ON DELETE CASCADE)');
  const r = run('drift');
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stdout, 'PRAGMA foreign_keys = OFF;\n\nBEGIN;\n\nDROP TABLE "by_hand";\n\nCOMMIT;\n');
  const json = JSON.parse(run('--json', 'drift').stdout) as { inSync: boolean; destructive: boolean; outsideTransaction?: { before: string[] } };
  assert.deepEqual([json.inSync, json.destructive, json.outsideTransaction?.before], [false, true, ['PRAGMA foreign_keys = OFF;']]);
});

test('sqlite generate in the sectioned (dbmate) format: the section that rebuilds says transaction:false, and it applies', async () => {
  const p = project({ '0001_t.sql': '-- migrate:up\nCREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);\n\n-- migrate:down\nDROP TABLE t;\n' }, 'CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT NOT NULL DEFAULT \'\');\n');
  const url = `sqlite:${join(p.dir, 'app.db')}`;
  const run = (...args: string[]) => runShale(p.dir, ['--db', url, '--source', p.migrations, ...args]);
  assert.equal(run('up').code, 0);
  await rows(url, "INSERT INTO t (a) VALUES ('x')");
  assert.equal(run('generate', 'not null', '--desired', p.schema).code, 0);
  const file = readdirSync(p.migrations).filter((f) => f !== '0001_t.sql')[0]!;
  const text = readFileSync(join(p.migrations, file), 'utf8');
  assert.match(text, /^-- migrate:up transaction:false\nPRAGMA foreign_keys = OFF;\n\nBEGIN;/m);
  assert.match(text, /^-- migrate:down transaction:false$/m);
  for (const cmd of ['up', 'down', 'up']) assert.equal(run(cmd).code, 0, cmd);
  assert.deepEqual(await rows(url, 'SELECT a FROM t'), [{ a: 'x' }]);
  assert.equal(run('drift').code, 0);
});
