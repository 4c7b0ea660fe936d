// What generate plans from unusual desired schemas (embedded dev database): an empty schema, extensions
// and grants to roles the dev database lacks, files listing objects before what they need, rename
// hints that name nothing.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { planGeneration, renderGenerated } from '../../../src/declarative/index.js';
import { checkGenerateRoundTrip, project } from './helpers.js';

test('generate (pglite): an empty desired schema drops everything (commented out without --unsafe)', async () => {
  const p = project({ '0001_t.sql': 'create table t (id int);' }, '');
  const plan = await planGeneration({ schema: p.schema, sources: [p.migrations] });
  assert.deepEqual(plan.up.map((s) => s.sql), ['drop table "public"."t";']);
  assert.match(renderGenerated(plan, { title: 'x', unsafe: false }).up, /^-- drop table "public"\."t";$/m);
});

test('generate (pglite): create extension, create schema, comments and grants to a role the dev database lacks', async () => {
  const r = await checkGenerateRoundTrip({
    name: 'extension + role',
    a: 'create table t (id int);',
    b: "grant select on app.users to app_reader;\ncomment on table app.users is 'people';\ncreate table app.users (id int, email citext);\ncreate schema app;\ncreate extension citext;\ncreate table t (id int);",
  });
  assert.match(r.up, /create extension if not exists "citext"/);
  // The dev database's extension version is not the schema's: none is pinned.
  assert.doesNotMatch(r.up, /version '/);
  assert.match(r.up, /comment on table "app"\."users" is 'people'/);
});

test('generate (pglite): a folder whose files list views, foreign keys and functions before what they need', async () => {
  const p = project({ '0001_base.sql': 'create table keep (id int);' });
  const d = join(p.dir, 'desired');
  mkdirSync(join(d, 'b'), { recursive: true });
  writeFileSync(join(d, '1_views.sql'), 'create view active_posts as select p.id from posts p join users u on u.id = p.user_id where is_active(u.status);');
  writeFileSync(join(d, '2_posts.sql'), 'create table posts (id int primary key, user_id int references users (id));');
  writeFileSync(join(d, 'b', '3_fn.sql'), "create function is_active(s status) returns boolean language sql immutable as $$ select s = 'active' $$;");
  writeFileSync(join(d, 'b', '4_users.sql'), 'create table users (id int primary key, status status);');
  writeFileSync(join(d, 'z_types.sql'), "create type status as enum ('active', 'gone');\ncreate table keep (id int);");
  const plan = await planGeneration({ schema: d, sources: [p.migrations] });
  const sql = plan.up.map((s) => s.sql).join('\n');
  for (const want of [/create type "public"\."status"/, /create table "public"\."users"/, /function "?public"?\."?is_active"?/i, /create view "public"\."active_posts"/]) assert.match(sql, want);
});

test('generate (pglite): a column rename hint naming nothing is E_NOT_FOUND at the hint; a table hint naming nothing is skipped (the drop stays gated)', async () => {
  const col = project({ '0001_t.sql': 'create table t (id int, name text);' }, 'create table t (\n  id int,\n  -- shale:renamed from=nmae\n  full_name text\n);');
  await assert.rejects(planGeneration({ schema: col.schema, sources: [col.migrations] }), (e: { code?: string; message: string }) => {
    assert.equal(e.code, 'E_NOT_FOUND');
    assert.match(e.message, /schema\.sql:3:\d+: .*column nmae of table public\.t/);
    return true;
  });
  const table = project({ '0001_t.sql': 'create table t (id int);' }, '-- shale:renamed from=nope\ncreate table t2 (id int);');
  const plan = await planGeneration({ schema: table.schema, sources: [table.migrations] });
  assert.deepEqual(plan.up.filter((s) => /rename/i.test(s.sql)), []);
  assert.ok(plan.up.some((s) => s.destructive && /drop table "public"\."t"/.test(s.sql)), plan.up.map((s) => s.sql).join('\n'));
});

test('generate (pglite): on a fresh database (no migrations yet) rename hints have nothing to rename and are skipped', async () => {
  const p = project({}, '-- shale:renamed from=people\ncreate table users (\n  id int,\n  -- shale:renamed from=nmae\n  full_name text\n);');
  const plan = await planGeneration({ schema: p.schema, sources: [p.migrations] });
  const sql = plan.up.map((s) => s.sql).join('\n');
  assert.match(sql, /create table "public"\."users"/);
  assert.doesNotMatch(sql, /rename/);
});
