// push: declarative apply without migration files. Plan first; --dry-run changes nothing; without a
// terminal and without --yes it refuses; destructive needs --unsafe (exit 3); rename hints keep data;
// shale's state tables are never touched.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { test } from 'node:test';
import pg from 'pg';
import { openAdapter } from '../../../src/index.js';
import { applyPush, planPush, pushStatements } from '../../../src/declarative/index.js';
import { createPgDatabase, PG_URL, skipUnlessPg } from '../../helpers/databases.js';
import { shale } from '../../helpers/cli.js';
import { project } from './helpers.js';

test('push (pglite): plan, apply, then nothing to do', async () => {
  const p = project({}, 'create index t_name on t (name);\ncreate table t (id int primary key, name text);');
  const db = await openAdapter('pglite:memory');
  try {
    await db.query('create table t (id int primary key)');
    const plan = await planPush(db, { schema: p.schema });
    assert.match(pushStatements(plan).join('\n'), /add column "name" text[\s\S]*CREATE INDEX t_name/);
    assert.equal(plan.destructive, false);
    await applyPush(db, plan);
    assert.deepEqual(pushStatements(await planPush(db, { schema: p.schema })), []);
  } finally {
    await db.close();
  }
});

test('push (postgres, CLI): dry run, refusal without --yes, --yes, destructive gate, rename hint', { skip: await skipUnlessPg() }, async () => {
  const p = project({ '0001_t.sql': 'create table t (id int primary key, name text);' }, '');
  const db = await createPgDatabase();
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    const base = ['--db', db.url, '--source', p.migrations];
    assert.equal((await shale([...base, 'up'])).code, 0); // state tables exist: push must leave them alone
    await c.query("insert into t values (1, 'ann')");
    writeFileSync(p.schema, 'create table t (\n  id int primary key,\n  -- shale:renamed from=name\n  full_name text,\n  email text\n);\ncreate index t_email on t (email);\n');
    const push = (...extra: string[]) => shale([...base, 'push', p.schema, '--dev-url', PG_URL, ...extra]);

    const dry = await push('--dry-run');
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /rename column "name" to "full_name";[\s\S]*add column "email" text;[\s\S]*CREATE INDEX CONCURRENTLY t_email/); // t holds rows: the safe form
    const columns = async () => (await c.query<{ column_name: string }>("select column_name from information_schema.columns where table_name = 't' order by 1")).rows.map((r) => r.column_name);
    assert.deepEqual(await columns(), ['id', 'name']);

    const refused = await push();
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /--yes/);
    assert.deepEqual(await columns(), ['id', 'name']);

    const applied = await push('--yes');
    assert.equal(applied.code, 0, applied.stderr);
    assert.deepEqual(await columns(), ['email', 'full_name', 'id']);
    assert.deepEqual((await c.query('select full_name from t')).rows, [{ full_name: 'ann' }]);
    assert.match((await push('--yes')).stdout, /nothing to do/);
    assert.equal((await c.query('select count(*)::int as n from shale_migrations')).rows[0].n, 1);

    writeFileSync(p.schema, 'create table t (id int primary key, full_name text);\n');
    const gated = await push('--yes');
    assert.equal(gated.code, 3);
    assert.match(gated.stderr, /destructive statements generated\. Use the --unsafe flag/);
    assert.deepEqual(await columns(), ['email', 'full_name', 'id']);
    const unsafe = await push('--yes', '--unsafe');
    assert.equal(unsafe.code, 0, unsafe.stderr);
    assert.deepEqual(await columns(), ['full_name', 'id']);
  } finally {
    await c.end();
    await db.drop();
  }
});
