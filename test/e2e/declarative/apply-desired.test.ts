// Desired-state DDL on a dev database: dependency order whatever the file order, and bad input
// (syntax error at file:line:col, a database error at file:line:col, a dependency cycle, a missing
// object, a misplaced rename hint). One embedded database serves every case: each runs in a
// transaction that is rolled back.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { isShaleError } from '../../../src/index.js';
import { desiredSnapshot, openDevDatabase, readSchemaFiles, type DevDatabase } from '../../../src/declarative/index.js';
import { readRenameHints, type Schema } from '../../../src/schema/postgres/index.js';
import { project } from './helpers.js';

let dev: DevDatabase;
before(async () => {
  dev = await openDevDatabase();
});
after(async () => {
  await dev.dispose();
});

function files(text: string, name = 'schema.sql') {
  const p = project({}, '');
  writeFileSync(join(p.dir, name), text);
  return { path: join(p.dir, name), files: readSchemaFiles(join(p.dir, name)) };
}

async function rejection(text: string): Promise<{ code: string; message: string; path: string }> {
  const f = files(text);
  try {
    await desiredSnapshot(dev.adapter, f.files);
  } catch (e) {
    assert.ok(isShaleError(e), String(e));
    return { code: e.code, message: e.message, path: f.path };
  }
  assert.fail('expected an error');
}

test('objects are created in dependency order whatever order the files list them in', async () => {
  const p = project({}, '');
  mkdirSync(join(p.dir, 'schema'));
  // Folder: files are read in natural order (1_views before 2_tables); statements inside are reversed too.
  writeFileSync(join(p.dir, 'schema', '1_views.sql'), [
    'create view app.active as select id, app.label(name) as label from app.users where state = \'on\';',
    'alter table app.posts add constraint posts_user foreign key (user_id) references app.users (id);',
    'create function app.label(text) returns text language sql immutable as $$ select upper($1) $$;',
  ].join('\n'));
  writeFileSync(join(p.dir, 'schema', '2_tables.sql'), [
    'create table app.posts (id int primary key, user_id int);',
    "create table app.users (id int primary key, name text, state app.state default 'on');",
    "create type app.state as enum ('on', 'off');",
    'create schema app;',
  ].join('\n'));
  const s = (await desiredSnapshot(dev.adapter, readSchemaFiles(join(p.dir, 'schema')))) as Schema;
  assert.deepEqual(s.tables.map((t) => t.name).sort(), ['posts', 'users']);
  assert.deepEqual(s.views.map((v) => v.name), ['active']);
  assert.ok(s.constraints.some((c) => c.name === 'posts_user'));
  // Rolled back: the dev database is empty again.
  assert.equal((await dev.adapter.query("select 1 from pg_namespace where nspname = 'app'")).rows.length, 0);
});

test('a syntax error is E_PARSE at file:line:col', async () => {
  const r = await rejection('create table a (id int);\n\ncreate tabel b (id int);\n');
  assert.equal(r.code, 'E_PARSE');
  assert.ok(r.message.startsWith(`${r.path}:3:8: `), r.message);
  assert.match(r.message, /syntax error at or near "tabel"/);
});

test('a database error that is not a missing dependency is E_SQL at file:line:col', async () => {
  const r = await rejection('create table a (id int);\ncreate table b (\n  id int,\n  id text\n);\n');
  assert.equal(r.code, 'E_SQL');
  assert.ok(r.message.startsWith(`${r.path}:2:1: `), r.message); // PostgreSQL gives no position: the statement
  assert.match(r.message, /specified more than once/);
});

test('a dependency cycle is E_CYCLE naming the statements', async () => {
  const r = await rejection(
    'create table a (id int primary key, b_id int references b (id));\n' + 'create table b (id int primary key, a_id int references a (id));\n' + 'create table c (id int);\n',
  );
  assert.equal(r.code, 'E_CYCLE');
  assert.match(r.message, /dependency cycle in the desired schema/);
  assert.ok(r.message.includes(`${r.path}:1:1 create table a`) && r.message.includes(`${r.path}:2:1 create table b`), r.message);
  assert.doesNotMatch(r.message, /create table c/);
});

test('a reference to an object the schema does not define is E_SQL naming the statement', async () => {
  const r = await rejection('create table t (id int);\ncreate view v as select * from nothing_here;\n');
  assert.equal(r.code, 'E_SQL');
  assert.ok(r.message.includes(`${r.path}:2:1 create view v`), r.message);
  assert.match(r.message, /relation "nothing_here" does not exist/);
});

test('rename hints: before a column or a CREATE TABLE; anywhere else E_PARSE at file:line:col', async () => {
  const ok = files('-- shale:renamed from=old_t\ncreate table app.t (\n  id int,\n  -- shale:renamed from="Old Name"\n  name text\n);\n');
  assert.deepEqual(
    (await readRenameHints(ok.files)).map((h) => (h.kind === 'table' ? ['table', h.from, h.to] : ['column', h.table, h.from, h.to])),
    [
      ['table', { schema: 'app', name: 'old_t' }, { schema: 'app', name: 't' }],
      ['column', { schema: 'app', name: 't' }, 'Old Name', 'name'],
    ],
  );
  const bad = files('create table t (id int);\n-- shale:renamed from=x\ncreate view v as select 1;\n');
  await assert.rejects(readRenameHints(bad.files), (e: unknown) => isShaleError(e, 'E_PARSE') && e.message.startsWith(`${bad.path}:2:1: `));
});
