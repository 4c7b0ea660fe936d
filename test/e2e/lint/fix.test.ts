// `shale lint --fix` end to end on PostgreSQL: the rewrite is printed and not written without
// --write; written, the fixed migration applies (CONCURRENTLY outside a transaction, VALIDATE after
// the commit) and leaves the same schema as the migration as first written; the rows are kept.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { shale, tempDir } from '../../helpers/cli.js';
import { createPgDatabase, pgQuery, skipUnlessPg, type TempPgDatabase } from '../../helpers/databases.js';

const BASE = "create table orgs (id int primary key);\ncreate table users (id int, email text, org int);\ninsert into orgs values (1);\ninsert into users values (1, 'a@x', 1), (2, 'b@x', null);\n";
const HAZARDS =
  '-- indexes and keys on users\n' +
  'create index users_email on users (email);\n' +
  'alter table users add constraint users_org_fk foreign key (org) references orgs (id);\n' +
  'alter table users alter column email set not null;\n' +
  'alter table users add unique (email);\n' +
  'alter table users add primary key (id);\n';
const HAZARDS_ROLLBACK =
  'alter table users drop constraint users_pkey;\nalter table users drop constraint users_email_key;\nalter table users alter column email drop not null;\n' +
  'alter table users drop constraint users_org_fk;\ndrop index users_email;\n';
const SECTIONED = '-- migrate:up\ncreate index users_org on users (org);\nalter table users add constraint org_positive check (org > 0);\n\n-- migrate:down\ndrop index users_org;\nalter table users drop constraint org_positive;\n';

function project(files: Record<string, string>): string {
  const dir = tempDir('shale-fix-');
  mkdirSync(join(dir, 'migrations'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'migrations', name), text);
  return dir;
}

interface FixDoc {
  fix: { written: boolean; files: { migration: string; file: string; fixes: string[]; diff: string }[]; skipped: unknown[]; remaining: { findings: { code: string }[] } };
}

describe('shale lint --fix (PostgreSQL)', async () => {
  const skip = await skipUnlessPg();
  let fixed: TempPgDatabase;
  let original: TempPgDatabase;
  before(async () => {
    if (skip) return;
    [fixed, original] = await Promise.all([createPgDatabase('shale_fix'), createPgDatabase('shale_fix_orig')]);
  });
  after(async () => {
    if (!skip) await Promise.all([fixed.drop(), original.drop()]);
  });

  it('prints the rewrite, writes it with --write, and the fixed migrations apply to the same schema and rows', { skip }, async () => {
    const files = { '0001_base.sql': BASE, '0002_hazards.sql': HAZARDS, '0002_hazards.rollback.sql': HAZARDS_ROLLBACK, '0003_more.sql': SECTIONED };
    const mine = project({ '0001_base.sql': BASE });
    const theirs = project(files);
    assert.equal((await shale(['--db', fixed.url, 'up'], { cwd: mine })).code, 0);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(mine, 'migrations', name), text);
    // Without --write: a diff, nothing written; the files still hold error-level findings (exit 3).
    const shown = await shale(['--db', fixed.url, 'lint', '--fix'], { cwd: mine });
    assert.equal(shown.code, 3, shown.stderr);
    assert.match(shown.stdout, /^\+create index concurrently users_email on users \(email\);$/m);
    assert.match(shown.stdout, /would rewrite 2 files \(add --write to write them\)/);
    assert.equal(readFileSync(join(mine, 'migrations', '0002_hazards.sql'), 'utf8'), HAZARDS);
    // With --write (and --json): the files are rewritten and what they still have is reported.
    const written = await shale(['--db', fixed.url, 'lint', '--fix', '--write', '--json'], { cwd: mine });
    // PG105 (ADD PRIMARY KEY) has no lock-free form shale writes: it is left, an error.
    assert.equal(written.code, 3, written.stderr);
    const doc = JSON.parse(written.stdout) as FixDoc;
    assert.equal(doc.fix.written, true);
    assert.deepEqual(doc.fix.files.map((f) => f.migration), ['0002_hazards', '0003_more']);
    const left = doc.fix.remaining.findings.map((f) => f.code);
    for (const code of ['PG102', 'PG103', 'PG118', 'PG119', 'PG130', 'PG135']) assert.ok(!left.includes(code), `${code} left: ${left.join()}`);
    assert.ok(left.includes('PG105'), left.join());
    const text = readFileSync(join(mine, 'migrations', '0002_hazards.sql'), 'utf8');
    assert.match(text, /^-- transaction: false\n-- indexes and keys on users\nSET lock_timeout = '5s';\n/);
    assert.match(readFileSync(join(mine, 'migrations', '0003_more.sql'), 'utf8'), /^-- migrate:up transaction:false\n/);
    // The fixed migrations apply; the original ones, on another database, give the same schema.
    const up = await shale(['--db', fixed.url, 'up'], { cwd: mine });
    assert.equal(up.code, 0, up.stderr);
    assert.equal((await shale(['--db', original.url, 'up'], { cwd: theirs })).code, 0);
    const diff = await shale(['diff', fixed.url, original.url, '--json']);
    assert.equal(diff.code, 0, diff.stdout + diff.stderr);
    assert.deepEqual((JSON.parse(diff.stdout) as { statements: unknown[] }).statements, []);
    assert.deepEqual(await pgQuery(fixed.url, 'select id, email, org from users order by id'), await pgQuery(original.url, 'select id, email, org from users order by id'));
    // And the fixed migrations roll back with the rollbacks written for the originals.
    const down = await shale(['--db', fixed.url, 'down', '--count', '2'], { cwd: mine });
    assert.equal(down.code, 0, down.stderr);
    assert.deepEqual(await pgQuery(fixed.url, "select indexname from pg_indexes where tablename = 'users' order by 1"), []);
  });

  it('--write without --fix or without --db, or --fix with another output, is a usage error', { skip }, async () => {
    const dir = project({ '0001_a.sql': 'select 1;\n' });
    for (const args of [['--write'], ['--fix', '--format', 'sarif'], ['--fix', '--trace'], ['--fix', '--write']]) {
      const r = await shale(['lint', ...args], { cwd: dir });
      assert.equal(r.code, 1, r.stdout);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
  });
});
