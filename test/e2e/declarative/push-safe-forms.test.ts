// `push` on a database whose tables hold rows: the plan runs in the safe forms of `shale lint --fix`
// (CONCURRENTLY alone, NOT VALID then VALIDATE after the commit, a lock_timeout), step by step; a
// step that fails stops it with the steps before it applied and names where, an invalid index a failed
// CONCURRENTLY build left is dropped, and push again finishes the job. --no-safe-forms: one transaction.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createPgDatabase, PG_URL, pgQuery, skipUnlessPg } from '../../helpers/databases.js';
import { shale } from '../../helpers/cli.js';

const skip = await skipUnlessPg();

function desired(sql: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'shale-push-safe-')), 'schema.sql');
  writeFileSync(file, sql);
  return file;
}

const BEFORE = 'create table p (id int primary key); create table t (id int primary key, a int, b int); insert into p values (1), (2); insert into t values (1, 1, 1), (2, 2, 2);';

test('push: tables the database has are changed in safe forms, step by step', { skip }, async () => {
  const db = await createPgDatabase('shale_push_safe');
  try {
    await pgQuery(db.url, BEFORE);
    const schema = desired('create table p (id int primary key);\ncreate table t (id int primary key, a int not null, b int references p (id));\ncreate index t_a on t (a);\n');
    const dry = await shale(['--db', db.url, 'push', schema, '--dry-run', '--json', '--dev-url', PG_URL]);
    assert.equal(dry.code, 0, dry.stderr);
    const plan = JSON.parse(dry.stdout) as { statements: string[]; safeForms: string[] };
    assert.ok(plan.statements.includes('CREATE INDEX CONCURRENTLY t_a ON public.t USING btree (a);'), plan.statements.join('\n'));
    assert.ok(plan.safeForms.some((f) => /NOT VALID, VALIDATE after the commit/.test(f)), plan.safeForms.join('\n'));
    const r = await shale(['--db', db.url, 'push', schema, '--yes', '--dev-url', PG_URL]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /the plan runs in \d+ steps/);
    const valid = await pgQuery(db.url, `select count(*)::int as n from pg_index where indexrelid = 't_a'::regclass and indisvalid`);
    assert.equal(valid[0]!['n'], 1);
    const fk = await pgQuery(db.url, `select convalidated from pg_constraint where conname = 't_b_fkey'`);
    assert.equal(fk[0]!['convalidated'], true);
    const again = await shale(['diff', db.url, schema, '--dev-url', PG_URL]);
    assert.equal(again.code, 0, again.stdout + again.stderr);
  } finally {
    await db.drop();
  }
});

test('push: a failed CONCURRENTLY build stops at its step, leaves no invalid index, and push again finishes', { skip }, async () => {
  const db = await createPgDatabase('shale_push_safe');
  try {
    await pgQuery(db.url, `${BEFORE} insert into t values (3, 1, 1);`); // a = 1 twice: the unique index cannot build
    const schema = desired('create table p (id int primary key);\ncreate table t (id int primary key, a int, b int, c text);\ncreate unique index t_a on t (a);\ncreate index t_b on t (b);\n');
    const failed = await shale(['--db', db.url, 'push', schema, '--yes', '--dev-url', PG_URL]);
    assert.equal(failed.code, 1, failed.stderr);
    assert.match(failed.stderr, /^shale: error: push failed on .* at step \d+ of \d+: could not create unique index "t_a".*steps 1-\d+ are applied: push again to finish/m);
    const left = await pgQuery(db.url, `select count(*)::int as n from pg_class where relname = 't_a'`);
    assert.equal(left[0]!['n'], 0); // the invalid index the failed build left was dropped
    const col = await pgQuery(db.url, `select count(*)::int as n from information_schema.columns where table_name = 't' and column_name = 'c'`);
    assert.equal(col[0]!['n'], 1); // the step before it committed
    await pgQuery(db.url, 'delete from t where id = 3');
    const finished = await shale(['--db', db.url, 'push', schema, '--yes', '--dev-url', PG_URL]);
    assert.equal(finished.code, 0, finished.stderr);
    const again = await shale(['diff', db.url, schema, '--dev-url', PG_URL]);
    assert.equal(again.code, 0, again.stdout + again.stderr);
  } finally {
    await db.drop();
  }
});

test('push --no-safe-forms: the plan as is, in one transaction (a failure changes nothing)', { skip }, async () => {
  const db = await createPgDatabase('shale_push_safe');
  try {
    await pgQuery(db.url, `${BEFORE} insert into t values (3, 1, 1);`);
    const schema = desired('create table p (id int primary key);\ncreate table t (id int primary key, a int, b int, c text);\ncreate unique index t_a on t (a);\n');
    const dry = await shale(['--db', db.url, 'push', schema, '--dry-run', '--no-safe-forms', '--dev-url', PG_URL]);
    assert.doesNotMatch(dry.stdout, /CONCURRENTLY|lock_timeout/);
    const failed = await shale(['--db', db.url, 'push', schema, '--yes', '--no-safe-forms', '--dev-url', PG_URL]);
    assert.equal(failed.code, 1, failed.stderr);
    assert.match(failed.stderr, /nothing was changed/);
    const col = await pgQuery(db.url, `select count(*)::int as n from information_schema.columns where table_name = 't' and column_name = 'c'`);
    assert.equal(col[0]!['n'], 0);
  } finally {
    await db.drop();
  }
});

test('push: a database without the tables yet gets the plan as is, in one transaction', { skip }, async () => {
  const db = await createPgDatabase('shale_push_safe');
  try {
    const schema = desired('create table t (id int primary key, a int);\ncreate index t_a on t (a);\n');
    const dry = await shale(['--db', db.url, 'push', schema, '--dry-run', '--json', '--dev-url', PG_URL]);
    const plan = JSON.parse(dry.stdout) as { statements: string[]; safeForms: string[] };
    assert.deepEqual(plan.safeForms, []);
    assert.ok(!plan.statements.some((s) => /CONCURRENTLY|^BEGIN/.test(s)), plan.statements.join('\n'));
  } finally {
    await db.drop();
  }
});

test('push: a partitioned table gets its index and foreign key as planned (PostgreSQL refuses CONCURRENTLY and, before 18, NOT VALID there)', { skip }, async () => {
  const db = await createPgDatabase('shale_push_safe');
  try {
    await pgQuery(db.url, 'create table p (id int primary key); create table pt (id int, a int, r int) partition by range (id); create table pt1 partition of pt for values from (0) to (10); insert into p values (1); insert into pt values (1, 1, 1);');
    const schema = desired('create table p (id int primary key);\ncreate table pt (id int, a int, r int references p (id)) partition by range (id);\ncreate table pt1 partition of pt for values from (0) to (10);\ncreate index pt_a on pt (a);\n');
    const r = await shale(['--db', db.url, 'push', schema, '--yes', '--dev-url', PG_URL]);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /CONCURRENTLY|NOT VALID/);
    const again = await shale(['diff', db.url, schema, '--dev-url', PG_URL]);
    assert.equal(again.code, 0, again.stdout + again.stderr);
  } finally {
    await db.drop();
  }
});

