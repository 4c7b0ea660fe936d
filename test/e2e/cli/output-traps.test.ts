// What the CLI's output hid or got wrong for a new user: PostgreSQL's DETAIL and HINT, --json of init
// and new, global options in a command's help, marked migrations shown as run, ragged history
// columns, and yoyo's `apply ./migrations` (sources as arguments).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { shale, tempDir } from '../../helpers/cli.js';
import { createPgDatabase, skipUnlessPg, type TempPgDatabase } from '../../helpers/databases.js';

function project(files: Record<string, string>): string {
  const dir = tempDir('shale-output-');
  mkdirSync(join(dir, 'migrations'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'migrations', name), text);
  return dir;
}

const DUPLICATES = {
  '0001_items.sql': "create table items (sku text);\ninsert into items values ('sku1'), ('sku1');\n",
  '0002_unique.sql': 'create unique index items_sku on items (sku);\n',
};

describe('PostgreSQL DETAIL and HINT of a failed statement', async () => {
  const skip = await skipUnlessPg();
  let db: TempPgDatabase;
  before(async () => {
    if (!skip) db = await createPgDatabase('shale_output');
  });
  after(async () => {
    if (db) await db.drop();
  });

  it('text: after the error line, `shale: detail:` and `shale: hint:` lines', { skip }, async () => {
    const dir = project({
      ...DUPLICATES,
      '0003_hint.sql': 'select * from items where sku = 1;\n',
    });
    const r = await shale(['--db', db.url, 'up'], { cwd: dir });
    assert.equal(r.code, 1);
    const lines = r.stderr.trim().split('\n');
    assert.match(lines[0]!, /^shale: error: migrations\/0002_unique\.sql:1:1: could not create unique index "items_sku"/);
    assert.equal(lines[1], 'shale: detail: Key (sku)=(sku1) is duplicated.');
    assert.equal(lines.length, 2, r.stderr);
    // A hint (operator does not exist: … You might need to add explicit type casts.)
    await shale(['--db', db.url, 'mark', '0002_unique'], { cwd: dir });
    const h = await shale(['--db', db.url, 'up'], { cwd: dir });
    assert.equal(h.code, 1);
    assert.match(h.stderr, /^shale: error: migrations\/0003_hint\.sql:1:\d+: operator does not exist: text = integer/);
    assert.match(h.stderr, /\nshale: hint: No operator matches the given name and argument types\. You might need to add explicit type casts\.\n$/);
  });

  it('--json: detail and hint are members of the error document', { skip }, async () => {
    const other = await createPgDatabase('shale_output');
    try {
      const dir = project(DUPLICATES);
      const r = await shale(['--db', other.url, 'up', '--json'], { cwd: dir });
      assert.equal(r.code, 1);
      const doc = JSON.parse(r.stdout) as { error: { code: string; detail?: string; hint?: string } };
      assert.equal(doc.error.code, 'E_SQL');
      assert.equal(doc.error.detail, 'Key (sku)=(sku1) is duplicated.');
      assert.equal(doc.error.hint, undefined);
    } finally {
      await other.drop();
    }
  });
});

describe('--json is one document for init and new', () => {
  it('init and new print one JSON document on stdout (progress on stderr)', async () => {
    const dir = tempDir('shale-output-');
    const init = await shale(['init', '--json'], { cwd: dir });
    assert.equal(init.code, 0, init.stderr);
    assert.deepEqual(JSON.parse(init.stdout), { command: 'init', ok: true, config: 'shale.config.json', wroteConfig: true, migrations: 'migrations' });
    const again = await shale(['init', '--json'], { cwd: dir });
    assert.equal((JSON.parse(again.stdout) as { wroteConfig: boolean }).wroteConfig, false);
    const created = await shale(['new', 'add users', '--json'], { cwd: dir });
    assert.equal(created.code, 0, created.stderr);
    const doc = JSON.parse(created.stdout) as { command: string; ok: boolean; files: string[] };
    assert.equal(doc.command, 'new');
    assert.equal(doc.files.length, 2);
    for (const f of doc.files) assert.ok(existsSync(resolve(dir, f)), f);
    assert.deepEqual(readdirSync(join(dir, 'migrations')).map((f) => join(dir, 'migrations', f)).sort(), doc.files.map((f) => resolve(dir, f)).sort());
  });
});

describe('--json is one document for every command', () => {
  it('each command run with --json on a SQLite project prints exactly one JSON document on stdout', async () => {
    const dir = tempDir('shale-output-');
    const run = async (args: string[]): Promise<unknown> => {
      const r = await shale([...args, '--json'], { cwd: dir });
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
      try {
        return JSON.parse(r.stdout);
      } catch {
        assert.fail(`${args.join(' ')}: stdout is not one JSON document:\n${r.stdout}`);
      }
    };
    await run(['init']);
    await run(['new', 'first']);
    for (const args of [['status'], ['up'], ['history'], ['heads'], ['graph'], ['down'], ['redo'], ['unlock'], ['status', '--exit-code']]) {
      if (args[0] === 'redo') await run(['up']);
      await run(args);
    }
  });
});

describe('--json on an error', () => {
  it('diff, drift, status and lint print the error document on stdout, with the one line on stderr, exit 1; a missing database is not created', async () => {
    const dir = tempDir('shale-output-');
    const missing = `sqlite:${join(dir, 'nowhere', 'x.db')}`;
    mkdirSync(join(dir, 'migrations'));
    writeFileSync(join(dir, 'migrations', '001_t.sql'), 'create table t (id int);\n');
    const cases = [
      ['diff', missing, 'sqlite::memory:'],
      ['diff', 'sqlite::memory:', `pglite:${join(dir, 'nowhere-pg')}`],
      ['drift', '--db', missing, '--source', join(dir, 'migrations')],
      ['status', '--db', `sqlite:${join(dir, 'status', 'x.db')}`, '--source', join(dir, 'none')],
      ['lint', '--source', join(dir, 'none')],
    ];
    for (const args of cases) {
      const r = await shale([...args, '--json'], { cwd: dir });
      assert.equal(r.code, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^shale: error: /, args.join(' '));
      const doc = JSON.parse(r.stdout) as { command: string; ok: boolean; error: { code: string; message: string } };
      assert.equal(doc.command, args[0]);
      assert.equal(doc.ok, false);
      assert.match(doc.error.code, /^E_[A-Z_]+$/);
      assert.ok(r.stderr.includes(doc.error.message), `${args.join(' ')}: ${r.stderr} / ${doc.error.message}`);
    }
    // diff and drift read existing databases: a missing SQLite file or PGlite folder is not created as an empty schema.
    assert.ok(!existsSync(join(dir, 'nowhere')) && !existsSync(join(dir, 'nowhere-pg')), readdirSync(dir).join(' '));
  });
});

describe('shale <command> --help', () => {
  for (const cmd of ['up', 'status', 'down', 'new', 'history']) {
    it(`${cmd} --help lists the global options`, async () => {
      const r = await shale([cmd, '--help']);
      assert.equal(r.code, 0);
      assert.match(r.stdout, /^Global Options:$/m);
      for (const o of ['--db <url>', '--source <dir|s3://…>', '--config <file>', '--env <name>', '--json']) assert.ok(r.stdout.includes(o), `${cmd}: ${o}`);
    });
  }
});

describe('status and history', () => {
  it('status shows baselined and marked migrations as marked (text and recordedBy in --json)', async () => {
    const dir = project({ '0001_a.sql': 'create table a (x int);\n', '0002_b.sql': 'create table b (x int);\n', '0003_c.sql': 'create table c (x int);\n', '0003_c.rollback.sql': 'drop table if exists c;\n' });
    const db = ['--db', 'sqlite:app.db'];
    assert.equal((await shale([...db, 'baseline', '0001_a'], { cwd: dir })).code, 0);
    assert.equal((await shale([...db, 'up', '--to', '0002_b'], { cwd: dir })).code, 0);
    assert.equal((await shale([...db, 'mark', '0003_c'], { cwd: dir })).code, 0);
    const r = await shale([...db, 'status'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const rows = r.stdout.split('\n').filter((l) => l.startsWith('  ')).map((l) => l.trim().split(/\s+/).slice(0, 2).join(' '));
    assert.deepEqual(rows, ['marked 0001_a', 'applied 0002_b', 'marked 0003_c']);
    assert.match(r.stdout, /^3 migrations: 3 applied \(2 marked, not run\)$/m);
    const json = JSON.parse((await shale([...db, 'status', '--json'], { cwd: dir })).stdout) as { migrations: { id: string; state: string; recordedBy: string }[] };
    assert.deepEqual(json.migrations.map((m) => [m.id, m.state, m.recordedBy]), [['0001_a', 'applied', 'mark'], ['0002_b', 'applied', 'apply'], ['0003_c', 'applied', 'mark']]);
    // Rolled back and applied again: run, not marked.
    assert.equal((await shale([...db, 'down'], { cwd: dir })).code, 0);
    assert.equal((await shale([...db, 'up'], { cwd: dir })).code, 0);
    assert.match((await shale([...db, 'status'], { cwd: dir })).stdout, /^ {2}applied {2}0003_c/m);
  });

  it('history columns line up when ids differ in length', async () => {
    const dir = project({ '0001_a.sql': 'create table a (x int);\n', '0002_a_much_longer_name.sql': 'create table b (x int);\n', '0003_c.sql': 'create table c (x int);\n' });
    assert.equal((await shale(['--db', 'sqlite:app.db', 'up'], { cwd: dir })).code, 0);
    const r = await shale(['--db', 'sqlite:app.db', 'history'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const rows = r.stdout.trimEnd().split('\n');
    assert.equal(rows.length, 3);
    const userColumn = rows.map((l) => l.search(/\S+@\S+ pid/));
    assert.ok(userColumn[0]! > 0);
    assert.deepEqual(new Set(userColumn).size, 1, `the user column starts at the same place:\n${r.stdout}`);
  });
});

describe('sources as arguments (yoyo apply ./migrations)', () => {
  it('up, status, down and redo take sources as arguments; --source still works; both add up', async () => {
    const dir = tempDir('shale-output-');
    mkdirSync(join(dir, 'one'));
    mkdirSync(join(dir, 'two'));
    writeFileSync(join(dir, 'one', '0001_a.sql'), 'create table a (x int);\n');
    writeFileSync(join(dir, 'two', '0002_b.sql'), 'create table b (x int);\n');
    writeFileSync(join(dir, 'one', '0001_a.rollback.sql'), 'drop table a;\n');
    writeFileSync(join(dir, 'two', '0002_b.rollback.sql'), 'drop table b;\n');
    const db = ['--db', 'sqlite:app.db'];
    const up = await shale([...db, 'up', './one'], { cwd: dir });
    assert.equal(up.code, 0, up.stderr);
    assert.match(up.stdout, /applied 1 migration$/m);
    const both = await shale([...db, '--source', 'one', 'status', 'two', '--json'], { cwd: dir });
    assert.equal(both.code, 0, both.stderr);
    assert.deepEqual((JSON.parse(both.stdout) as { counts: { applied: number; pending: number } }).counts, { applied: 1, pending: 1, changed: 0, missing: 0, partial: 0 });
    const flag = await shale([...db, '--source', 'one', '--source', 'two', 'up'], { cwd: dir });
    assert.match(flag.stdout, /applied 1 migration$/m);
    assert.equal((await shale([...db, 'redo', 'one', 'two'], { cwd: dir })).code, 0);
    const down = await shale([...db, 'down', '--all', 'one', 'two'], { cwd: dir });
    assert.equal(down.code, 0, down.stderr);
    assert.match(down.stdout, /rolled back 2 migrations$/m);
    const missing = await shale([...db, 'up', 'nope'], { cwd: dir });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^shale: error: .*nope/);
    assert.equal(missing.stderr.trim().split('\n').length, 1);
  });
});
