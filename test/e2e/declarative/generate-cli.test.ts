// `shale generate` as a user runs it: files written (and what they hold), nothing to do, destructive
// statements commented out without --unsafe, and bad input: a syntax error (file:line:col), a
// dependency cycle, an unreachable dev database (one line, password redacted, exit 1).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createPgDatabase, PG_URL, pgQuery, skipUnlessPg } from '../../helpers/databases.js';
import { shale } from '../../helpers/cli.js';
import { project } from './helpers.js';

const skip = await skipUnlessPg();

function generated(dir: string): string[] {
  return readdirSync(dir).filter((f) => !f.startsWith('0001')).sort();
}

test('generate (CLI): writes the migration and its rollback; then nothing to do', { skip }, async () => {
  const p = project({ '0001_t.sql': 'create table t (id int primary key);' }, 'create table t (id int primary key, note text);');
  const r = await shale(['--source', p.migrations, 'generate', 'add note', '--desired', p.schema, '--dev-url', PG_URL]);
  assert.equal(r.code, 0, r.stderr);
  const files = generated(p.migrations);
  assert.equal(files.length, 2);
  assert.match(files[0]!, /^\d{14}_add_note\.rollback\.sql$/);
  assert.match(files[1]!, /^\d{14}_add_note\.sql$/);
  assert.match(readFileSync(join(p.migrations, files[1]!), 'utf8'), /alter table "public"\."t" add column "note" text;/);
  assert.match(readFileSync(join(p.migrations, files[0]!), 'utf8'), /alter table "public"\."t" drop column "note";/);
  const again = await shale(['--source', p.migrations, 'generate', 'again', '--desired', p.schema, '--dev-url', PG_URL]);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /nothing to do/);
  assert.equal(generated(p.migrations).length, 2);
});

test('generate (CLI): destructive statements are commented out with a warning unless --unsafe', { skip }, async () => {
  const p = project({ '0001_t.sql': 'create table t (id int primary key, old text);' }, 'create table t (id int primary key);');
  const r = await shale(['--source', p.migrations, 'generate', 'drop old', '--desired', p.schema, '--dev-url', PG_URL]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /warning: 1 destructive statement written commented out/);
  const up = readFileSync(join(p.migrations, generated(p.migrations)[1]!), 'utf8');
  assert.match(up, /^-- alter table "public"\."t" drop column "old";$/m);
  assert.doesNotMatch(up, /^alter table/m);
  const q = project({ '0001_t.sql': 'create table t (id int primary key, old text);' }, 'create table t (id int primary key);');
  const unsafe = await shale(['--source', q.migrations, 'generate', 'drop old', '--desired', q.schema, '--unsafe', '--dev-url', PG_URL]);
  assert.equal(unsafe.code, 0, unsafe.stderr);
  assert.match(readFileSync(join(q.migrations, generated(q.migrations)[1]!), 'utf8'), /^alter table "public"\."t" drop column "old";$/m);
});

test('generate (CLI): a syntax error in the desired schema is one line with file:line:col, nothing written', async () => {
  const p = project({ '0001_t.sql': 'create table t (id int);' }, 'create table t (id int);\n\ncreate table u (id int,);\n');
  const r = await shale(['--source', p.migrations, 'generate', 'x', '--desired', p.schema]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.ok(r.stderr.includes(`${p.schema}:3:24: syntax error at or near ")"`), r.stderr);
  assert.deepEqual(generated(p.migrations), []);
});

test('generate (CLI): a dependency cycle in the desired schema is reported (exit 4)', { skip }, async () => {
  const p = project({ '0001_t.sql': 'create table t (id int);' }, '');
  writeFileSync(p.schema, 'create view v1 as select * from v2;\ncreate view v2 as select * from v1;\n');
  const r = await shale(['--source', p.migrations, 'generate', 'x', '--desired', p.schema, '--dev-url', PG_URL]);
  assert.equal(r.code, 4, r.stderr);
  assert.match(r.stderr, /dependency cycle in the desired schema: .*schema\.sql:1:1 create view v1.*schema\.sql:2:1 create view v2/);
});

test('an unreachable dev database is one E_CONNECT line (password redacted), exit 1', async () => {
  const p = project({ '0001_t.sql': 'create table t (id int);' }, 'create table t (id int);');
  for (const cmd of [['generate', 'x', '--desired', p.schema], ['verify']]) {
    const r = await shale(['--source', p.migrations, ...cmd, '--dev-url', 'postgres://dev:s3cret@127.0.0.1:1/postgres']);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /^shale: error: cannot connect to postgres:\/\/dev:\*\*\*\*@127\.0\.0\.1:1\/postgres/);
    assert.doesNotMatch(r.stderr, /s3cret/);
  }
});

// A type change is destructive (values may not survive it): --unsafe on each command.
test('generate, diff and push (CLI): a -- shale:using hint converts a column with no cast; the rollback drops and re-adds it', { skip }, async () => {
  const desired = 'create table t (\n  id int primary key,\n  -- shale:using to_timestamp(at)\n  at timestamptz\n);\n';
  const p = project({ '0001_t.sql': 'create table t (id int primary key, at bigint);', '0001_t.rollback.sql': 'drop table t;' }, desired);
  const r = await shale(['--source', p.migrations, 'generate', 'at as time', '--desired', p.schema, '--unsafe', '--dev-url', PG_URL]);
  assert.equal(r.code, 0, r.stderr);
  const [down, up] = generated(p.migrations);
  assert.match(readFileSync(join(p.migrations, up!), 'utf8'), /alter column "at" (set data )?type timestamp with time zone using to_timestamp\(at\)/);
  const rollback = readFileSync(join(p.migrations, down!), 'utf8');
  assert.match(rollback, /drop column "at"/);
  assert.match(rollback, /add column "at" bigint/);
  const verify = await shale(['--source', p.migrations, 'verify', '--dev-url', PG_URL]);
  assert.equal(verify.code, 0, verify.stdout + verify.stderr);

  const db = await createPgDatabase('shale_using');
  try {
    await pgQuery(db.url, 'create table t (id int primary key, at bigint); insert into t values (1, 86400);');
    const refused = await shale(['diff', db.url, p.schema, '--dev-url', PG_URL]);
    assert.equal(refused.code, 3, refused.stderr);
    const diff = await shale(['diff', db.url, p.schema, '--unsafe', '--dev-url', PG_URL]);
    assert.equal(diff.code, 2, diff.stderr);
    assert.match(diff.stdout, /using to_timestamp\(at\)/);
    const push = await shale(['--db', db.url, 'push', p.schema, '--yes', '--unsafe', '--dev-url', PG_URL]);
    assert.equal(push.code, 0, push.stderr);
    const rows = await pgQuery(db.url, `select extract(epoch from at)::int as s from t`);
    assert.equal(rows[0]!['s'], 86400);
  } finally {
    await db.drop();
  }
});

test('generate (CLI): changes to tables that exist before the migration are written in their safe forms (--no-safe-forms: as planned)', { skip }, async () => {
  const migrations = { '0001_t.sql': 'create table p (id int primary key);\ncreate table t (id int primary key, a int, b int);', '0001_t.rollback.sql': 'drop table t; drop table p;' };
  const desired = 'create table p (id int primary key);\ncreate table t (id int primary key, a int not null, b int references p (id));\ncreate index t_a on t (a);\ncreate table n (id int primary key, x int);\ncreate index n_x on n (x);\n';
  const p = project(migrations, desired);
  const r = await shale(['--source', p.migrations, 'generate', 'keys', '--desired', p.schema, '--dev-url', PG_URL]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /safe form in .*: CREATE INDEX → CONCURRENTLY/);
  const up = readFileSync(join(p.migrations, generated(p.migrations)[1]!), 'utf8');
  assert.match(up, /^-- transaction: false$/m);
  assert.match(up, /^CREATE INDEX CONCURRENTLY t_a ON public\.t/m);
  assert.match(up, /^CREATE INDEX n_x ON public\.n/m); // a table the migration creates holds no rows yet
  assert.match(up, /REFERENCES public\.p\(id\) NOT VALID;\nCOMMIT;\nBEGIN;\nALTER TABLE public\.t VALIDATE CONSTRAINT t_b_fkey;/);
  assert.match(up, /CHECK \(a IS NOT NULL\) NOT VALID/);
  assert.doesNotMatch(up, /^-- hazard PG130/m); // the hazard the safe form avoids is not announced
  const verify = await shale(['--source', p.migrations, 'verify', '--dev-url', PG_URL]);
  assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  const db = await createPgDatabase('shale_safe');
  try {
    const applied = await shale(['--db', db.url, '--source', p.migrations, 'up']);
    assert.equal(applied.code, 0, applied.stderr);
    const drift = await shale(['--db', db.url, '--source', p.migrations, 'drift', '--dev-url', PG_URL]);
    assert.equal(drift.code, 0, drift.stdout + drift.stderr);
    const inLine = await shale(['diff', db.url, p.schema, '--dev-url', PG_URL]);
    assert.equal(inLine.code, 0, inLine.stdout + inLine.stderr);
  } finally {
    await db.drop();
  }

  const q = project(migrations, desired);
  const plain = await shale(['--source', q.migrations, 'generate', 'keys', '--desired', q.schema, '--no-safe-forms', '--dev-url', PG_URL]);
  assert.equal(plain.code, 0, plain.stderr);
  const asPlanned = readFileSync(join(q.migrations, generated(q.migrations)[1]!), 'utf8');
  assert.doesNotMatch(asPlanned, /^CREATE INDEX CONCURRENTLY|\) NOT VALID;$|^-- transaction: false$/m);
  assert.match(asPlanned, /^-- hazard PG130 require-concurrent-index-creation/m);
});

test('generate (CLI): an index on an existing partitioned table is written as planned (no CONCURRENTLY there)', { skip }, async () => {
  const p = project(
    { '0001_t.sql': 'create table pt (id int, a int) partition by range (id);\ncreate table pt1 partition of pt for values from (0) to (10);\ncreate table t (id int primary key, a int);', '0001_t.rollback.sql': 'drop table pt; drop table t;' },
    'create table pt (id int, a int) partition by range (id);\ncreate table pt1 partition of pt for values from (0) to (10);\ncreate index pt_a on pt (a);\ncreate table t (id int primary key, a int);\ncreate index t_a on t (a);\n',
  );
  const r = await shale(['--source', p.migrations, 'generate', 'indexes', '--desired', p.schema, '--dev-url', PG_URL]);
  assert.equal(r.code, 0, r.stderr);
  const up = readFileSync(join(p.migrations, generated(p.migrations)[1]!), 'utf8');
  assert.match(up, /^CREATE INDEX pt_a ON ONLY public\.pt|^CREATE INDEX pt_a ON public\.pt/m);
  assert.match(up, /^CREATE INDEX CONCURRENTLY t_a ON public\.t/m);
  const verify = await shale(['--source', p.migrations, 'verify', '--dev-url', PG_URL]);
  assert.equal(verify.code, 0, verify.stdout + verify.stderr);
});

