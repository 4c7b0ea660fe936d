// Every bad input: a one-line error, a non-zero exit code, nothing recorded.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { shale, tempDir } from '../../helpers/cli.js';
import { skipUnlessPg, createPgDatabase } from '../../helpers/databases.js';

function project(files: Record<string, string>): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'migrations'));
  for (const [n, t] of Object.entries(files)) writeFileSync(join(dir, 'migrations', n), t);
  return dir;
}

function assertOneLineError(r: { code: number | null; stderr: string; stdout: string }, code: number, pattern: RegExp): void {
  assert.equal(r.code, code, `exit code; stderr: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line, got: ${r.stderr}`);
  assert.match(lines[0]!, pattern);
}

function nothingRecorded(dir: string): void {
  const file = join(dir, 'app.db');
  if (!existsSync(file)) return;
  const db = new Database(file, { readonly: true });
  try {
    const t = db.prepare("select name from sqlite_master where name = 'shale_migrations'").all();
    if (t.length) assert.equal((db.prepare('select count(*) as n from shale_migrations').get() as { n: number }).n, 0);
  } finally {
    db.close();
  }
}

const sqliteArgs = (dir: string) => ['--db', `sqlite:${join(dir, 'app.db')}`];

describe('bad input', async () => {
  const cases: { name: string; files: Record<string, string>; args?: (dir: string) => string[]; code: number; error: RegExp; setup?: (dir: string) => void }[] = [
    { name: 'missing migrations folder', files: {}, args: (d) => [...sqliteArgs(d), '--source', join(d, 'nope'), 'up'], code: 1, error: /migrations folder not found: .*nope/ },
    { name: 'unknown URL scheme', files: { '1.sql': 'select 1;' }, args: () => ['--db', 'oracle://x@y/z', 'up'], code: 1, error: /unsupported database URL scheme "oracle:"/ },
    { name: 'no database URL', files: { '1.sql': 'select 1;' }, args: () => ['up'], code: 1, error: /no database URL/ },
    { name: 'duplicate ids', files: { '0001_a.sql': 'select 1;', '0001_a.up.sql': 'select 2;' }, code: 1, error: /duplicate migration id "0001_a": .*0001_a\.(up\.)?sql and .*0001_a\.(up\.)?sql/ },
    {
      name: 'unreadable file',
      files: { '0001_a.sql': 'select 1;' },
      setup: (d) => symlinkSync(join(d, 'gone.sql'), join(d, 'migrations', '0002_b.sql')),
      code: 1,
      error: /cannot read migration file .*0002_b\.sql/,
    },
    { name: 'section-less dbmate file', files: { '0001_a.sql': 'create table t (id int);\n-- migrate:down\ndrop table t;\n' }, code: 1, error: /0001_a\.sql:1: statements preceding the '-- migrate:up' block/ },
    { name: 'dbmate file without down', files: { '0001_a.sql': '-- migrate:up\ncreate table t (id int);\n' }, code: 1, error: /must define a down block/ },
    { name: 'unknown dependency', files: { '0001_a.sql': '-- depends: 0000_nope\nselect 1;' }, code: 4, error: /depends on unknown migration "0000_nope"/ },
    { name: 'dependency cycle', files: { 'a.sql': '-- depends: b\nselect 1;', 'b.sql': '-- depends: a\nselect 1;' }, code: 4, error: /dependency cycle among migrations: (a -> b -> a|b -> a -> b)/ },
    { name: 'invalid Flyway version', files: { 'V1..2__x.sql': 'select 1;' }, code: 1, error: /invalid Flyway version "1\.\.2"/ },
    { name: 'unterminated string (SQLite)', files: { '0001_a.sql': "select 'abc;\n" }, code: 1, error: /0001_a\.sql:1:8: unterminated string/ },
    { name: 'bad --count', files: { '0001_a.sql': 'select 1;' }, args: (d) => [...sqliteArgs(d), 'down', '--count', 'x'], code: 1, error: /--count takes a whole number/ },
    { name: 'unknown migration for mark', files: { '0001_a.sql': 'select 1;' }, args: (d) => [...sqliteArgs(d), 'mark', 'nope'], code: 1, error: /no migration with id "nope"/ },
    { name: 'database down (password redacted)', files: { '0001_a.sql': 'select 1;' }, args: () => ['--db', 'postgres://app:s3cret-pw@127.0.0.1:1/app', 'up'], code: 1, error: /cannot connect to postgres:\/\/app:\*\*\*\*@127\.0\.0\.1:1\/app/ },
    { name: 'invalid table prefix', files: { '0001_a.sql': 'select 1;' }, args: (d) => [...sqliteArgs(d), '--table-prefix', 'x; drop', 'up'], code: 1, error: /invalid table prefix/ },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const dir = project(c.files);
      c.setup?.(dir);
      const r = await shale(c.args ? c.args(dir) : [...sqliteArgs(dir), 'up'], { cwd: dir });
      assertOneLineError(r, c.code, c.error);
      assert.doesNotMatch(r.stderr + r.stdout, /s3cret-pw/);
      nothingRecorded(dir);
    });
  }

  it('unterminated dollar quote (PostgreSQL): file:line:col, nothing recorded', { skip: await skipUnlessPg() }, async () => {
    const db = await createPgDatabase();
    try {
      const dir = project({ '0001_ok.sql': 'create table ok (id int);', '0002_bad.sql': 'create function f() returns int as $body$\n  select 1;\n' });
      const r = await shale(['--db', db.url, 'up'], { cwd: dir });
      assertOneLineError(r, 1, /0002_bad\.sql:1:36: unterminated dollar-quoted string/);
      const again = await shale(['--db', db.url, 'status', '--json'], { cwd: dir });
      const st = JSON.parse(again.stdout) as { migrations: { state: string }[] };
      assert.deepEqual(st.migrations.map((m) => m.state), ['pending', 'pending']);
    } finally {
      await db.drop();
    }
  });
});
