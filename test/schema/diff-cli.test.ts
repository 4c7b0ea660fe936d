// `shale diff` end to end (child process through registerDiff): migra's exit codes and messages,
// --json, pglite: URLs, and errors that never show a password.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { createPgDatabase, skipUnlessPg } from '../helpers/databases.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const runner = join(root, 'test/schema/diff-cli-runner.ts');
const MESSAGE = '-- ERROR: destructive statements generated. Use the --unsafe flag to suppress this error.\n';

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', runner, 'diff', ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function withDbs(a: string, b: string, fn: (a: string, b: string) => Promise<void>) {
  const A = await createPgDatabase('shale_cli');
  const B = await createPgDatabase('shale_cli');
  try {
    for (const [db, sql] of [[A, a], [B, b]] as const) {
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      await c.query(sql);
      await c.end();
    }
    await fn(A.url, B.url);
  } finally {
    await A.drop();
    await B.drop();
  }
}

const skip = await skipUnlessPg();

test('identical databases: exit 0, nothing printed', { skip }, async () => {
  await withDbs('create table t (id int);', 'create table t (id int);', async (a, b) => {
    const r = cli(a, b);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
  });
});

test('additive differences: exit 2 and the SQL on stdout', { skip }, async () => {
  await withDbs('create table t (id int);', 'create table t (id int, name text);', async (a, b) => {
    const r = cli(a, b);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stdout, 'alter table "public"."t" add column "name" text;\n');
  });
});

test('destructive differences: exit 3, migra message, empty stdout; --unsafe prints them', { skip }, async () => {
  await withDbs('create table t (id int, gone int);', 'create table t (id int);', async (a, b) => {
    const refused = cli(a, b);
    assert.equal(refused.code, 3);
    assert.equal(refused.stdout, '');
    assert.equal(refused.stderr, MESSAGE);
    const ok = cli(a, b, '--unsafe');
    assert.equal(ok.code, 2, ok.stderr);
    assert.equal(ok.stdout, 'alter table "public"."t" drop column "gone";\n');
  });
});

test('--json lists statement, object, kind and destructive', { skip }, async () => {
  await withDbs('create table t (id int, gone int);', 'create table t (id int); create view v as select id from t;', async (a, b) => {
    const r = cli(a, b, '--json', '--unsafe');
    assert.equal(r.code, 2, r.stderr);
    const doc = JSON.parse(r.stdout) as { statements: { statement: string; object: string; kind: string; destructive: boolean }[]; destructive: boolean };
    assert.equal(doc.destructive, true);
    assert.deepEqual(
      doc.statements.map((s) => [s.kind, s.object, s.destructive]),
      [['dropColumn', 'public.t.gone', true], ['createView', 'public.v', false]],
    );
    assert.match(doc.statements[1]!.statement, /^create view "public"\."v" as/);
  });
});

test('--json on a refusal: the document (destructive flags, refused) on stdout, still exit 3', { skip }, async () => {
  await withDbs('create table t (id int, gone int);', 'create table t (id int, name text);', async (a, b) => {
    const r = cli(a, b, '--json');
    assert.equal(r.code, 3, r.stderr);
    assert.equal(r.stderr, MESSAGE);
    const doc = JSON.parse(r.stdout) as { statements: { statement: string; kind: string; destructive: boolean }[]; destructive: boolean; refused: boolean };
    assert.equal(doc.destructive, true);
    assert.equal(doc.refused, true);
    assert.deepEqual(doc.statements.map((s) => [s.kind, s.destructive]).sort(), [['addColumn', false], ['dropColumn', true]]);
    const ok = cli(a, b, '--json', '--unsafe');
    assert.equal(ok.code, 2, ok.stderr);
    assert.equal((JSON.parse(ok.stdout) as { refused: boolean }).refused, false);
  });
});

test('migrations: (PGlite, PostgreSQL 18) against PostgreSQL 15 --with-privileges: no `maintain`, a note says what was left out', { skip }, async () => {
  const schemaSql = 'create table t (id int primary key, name text); create view v as select id, name from t where id > 0; grant select on t to public;';
  const dir = mkdtempSync(join(tmpdir(), 'shale-skew-'));
  try {
    writeFileSync(join(dir, '0001_init.sql'), schemaSql);
    await withDbs(schemaSql, 'select 1', async (a) => {
      for (const [from, to] of [[`migrations:${dir}`, a], [a, `migrations:${dir}`]] as const) {
        const r = cli(from, to, '--with-privileges');
        assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
        assert.equal(r.stdout, '');
        assert.match(r.stderr, /-- note: privilege MAINTAIN is not compared: PostgreSQL 15 has no MAINTAIN/);
      }
      const json = cli(`migrations:${dir}`, a, '--with-privileges', '--json');
      assert.equal(json.code, 0, json.stderr);
      const doc = JSON.parse(json.stdout) as { statements: unknown[]; notes: string[] };
      assert.deepEqual(doc.statements, []);
      assert.ok(doc.notes.some((n) => /comparing PostgreSQL 18 \(from\) with PostgreSQL 15 \(to\)/.test(n)), String(doc.notes));
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a type change with no cast: one-line E_UNSUPPORTED naming the column (exit 1); --unsafe drops and adds it', { skip }, async () => {
  await withDbs('create table t (id int, at bigint);', 'create table t (id int, at timestamp);', async (a, b) => {
    const r = cli(a, b);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /public\.t\.at from bigint to timestamp without time zone.*shale:using.*--unsafe/);
    const ok = cli(a, b, '--unsafe');
    assert.equal(ok.code, 2, ok.stderr);
    assert.equal(ok.stdout, 'alter table "public"."t" drop column "at";\n\nalter table "public"."t" add column "at" timestamp without time zone;\n');
  });
});

test('objects shale does not model: a one-line error naming them (exit 1), unless --allow-unsupported', { skip }, async () => {
  const template = 'create table t (id int); create text search template tmpl (lexize = dsimple_lexize);';
  await withDbs(template, 'create table t (id int, note text);', async (a, b) => {
    const r = cli(a, b);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /text search template public\.tmpl.*--allow-unsupported/);
    const ok = cli(a, b, '--allow-unsupported');
    assert.equal(ok.code, 2, ok.stderr);
    assert.match(ok.stderr, /-- warning: text search template public\.tmpl is not compared \(unsupported\)/);
    assert.equal(ok.stdout, 'alter table "public"."t" add column "note" text;\n');
  });
});

test('--schema and --exclude-schema limit the comparison', { skip }, async () => {
  await withDbs('create schema s1; create schema s2;', 'create schema s1; create schema s2; create table s1.t (id int); create table s2.u (id int);', async (a, b) => {
    const only = cli(a, b, '--schema', 's1');
    assert.equal(only.code, 2, only.stderr);
    assert.equal(only.stdout, 'create table "s1"."t" (\n    "id" integer\n);\n');
    const without = cli(a, b, '--exclude-schema', 's1');
    assert.equal(without.code, 2, without.stderr);
    assert.match(without.stdout, /"s2"\."u"/);
    assert.doesNotMatch(without.stdout, /"s1"/);
  });
});

test('bad URL and unreachable database: one line on stderr, exit 1, no password', async () => {
  const bad = cli('nonsense://x', 'pglite:memory');
  assert.equal(bad.code, 1);
  assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
  const down = cli('postgres://user:s3cret@127.0.0.1:1/db', 'pglite:memory');
  assert.equal(down.code, 1);
  assert.equal(down.stdout, '');
  assert.equal(down.stderr.trim().split('\n').length, 1, down.stderr);
  assert.doesNotMatch(down.stderr, /s3cret/);
});

test('pglite: URLs (PostgreSQL 18, in-process)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'shale-diff-'));
  try {
    const a = new PGlite(join(dir, 'a'));
    await a.exec('create table t (id int);');
    await a.close();
    const b = new PGlite(join(dir, 'b'));
    await b.exec('create table t (id int primary key, note text);');
    await b.close();
    const r = cli(`pglite:${join(dir, 'a')}`, `pglite:${join(dir, 'b')}`);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stdout, /alter table "public"\."t" add column "note" text;/);
    assert.match(r.stdout, /add constraint "t_pkey" PRIMARY KEY \(id\)/);
    const same = cli('pglite:memory', 'pglite:memory');
    assert.equal(same.code, 0, same.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--with-owners: an owner changed by hand is a difference only with the flag', { skip }, async () => {
  const role = `do $$ begin create role schemainspect_test_role; exception when duplicate_object or unique_violation then null; end $$;`;
  await withDbs(`${role} create table t (id int);`, `${role} create table t (id int); alter table t owner to schemainspect_test_role;`, async (a, b) => {
    assert.equal(cli(a, b).code, 0);
    const r = cli(a, b, '--with-owners');
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stdout, 'alter table "public"."t" owner to "schemainspect_test_role";\n');
  });
});
