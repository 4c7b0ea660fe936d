// Bad arguments, config and files through the built CLI: one `shale: error:` line on stderr, the
// exit code of its kind of error, nothing recorded; under --json also one JSON document on stdout.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { shale, tempDir } from '../../helpers/cli.js';

type Files = Record<string, string>;

/** A temp project: `migrations/` files plus files at the top (config files). */
function project(migrations: Files, top: Files = {}): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'migrations'));
  for (const [n, t] of Object.entries(migrations)) writeFileSync(join(dir, 'migrations', n), t);
  for (const [n, t] of Object.entries(top)) writeFileSync(join(dir, n), t);
  return dir;
}

const db = (dir: string) => ['--db', `sqlite:${join(dir, 'app.db')}`];

/** Rows of the state and log tables (0 when they do not exist). */
function recorded(dir: string): number {
  const file = join(dir, 'app.db');
  if (!existsSync(file)) return 0;
  const d = new Database(file, { readonly: true });
  try {
    const names = (d.prepare("select name from sqlite_master where name in ('shale_migrations', 'shale_log')").all() as { name: string }[]).map((x) => x.name);
    return names.reduce((n, t) => n + (d.prepare(`select count(*) as n from ${t}`).get() as { n: number }).n, 0);
  } finally {
    d.close();
  }
}

function assertOneLineError(r: { code: number | null; stderr: string }, code: number, pattern: RegExp): void {
  assert.equal(r.code, code, `exit code; stderr: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line, got: ${r.stderr}`);
  assert.match(lines[0]!, /^shale: error: /);
  assert.match(lines[0]!, pattern);
}

const ONE = { '0001_a.sql': 'create table a (id int);', '0001_a.rollback.sql': 'drop table a;' };

interface Case {
  readonly name: string;
  readonly files?: Files;
  readonly top?: Files;
  readonly args: (dir: string) => string[];
  readonly code: number;
  readonly error: RegExp;
  /** Run `up` first, so there is something applied (then only the log of that run may exist). */
  readonly applyFirst?: boolean;
}

const cases: Case[] = [
  { name: 'up --to an unknown id', args: (d) => [...db(d), 'up', '--to', 'nope'], code: 1, error: /no migration with id "nope"/ },
  { name: 'down --to an unknown id', args: (d) => [...db(d), 'down', '--to', 'nope'], code: 1, error: /no migration with id "nope"/ },
  { name: 'down --count 0', args: (d) => [...db(d), 'down', '--count', '0'], code: 1, error: /--count takes a whole number of at least 1, got "0"/ },
  { name: 'down --count -1', args: (d) => [...db(d), 'down', '--count', '-1'], code: 1, error: /--count .*got "-1"/ },
  { name: 'down --count abc', args: (d) => [...db(d), 'down', '--count', 'abc'], code: 1, error: /--count .*got "abc"/ },
  { name: 'down --count 1.5', args: (d) => [...db(d), 'down', '--count', '1.5'], code: 1, error: /--count .*got "1\.5"/ },
  { name: 'redo --count 0', args: (d) => [...db(d), 'redo', '--count', '0'], code: 1, error: /--count .*got "0"/ },
  { name: 'down --count with --all', args: (d) => [...db(d), 'down', '--count', '1', '--all'], code: 1, error: /'--count <n>' cannot be used with option '--all'/ },
  { name: 'history --limit abc', args: (d) => [...db(d), 'history', '--limit', 'abc'], code: 1, error: /--limit .*got "abc"/ },
  { name: '--lock-timeout abc', args: (d) => [...db(d), '--lock-timeout', 'abc', 'up'], code: 1, error: /--lock-timeout takes seconds, got "abc"/ },
  { name: '--lock-timeout with an empty value', args: (d) => [...db(d), '--lock-timeout', '', 'up'], code: 1, error: /--lock-timeout takes seconds, got ""/ },
  { name: '--lock-timeout -1', args: (d) => [...db(d), '--lock-timeout', '-1', 'up'], code: 1, error: /--lock-timeout takes seconds, got "-1"/ },
  { name: 'unknown command', args: (d) => [...db(d), 'frobnicate'], code: 1, error: /unknown command 'frobnicate'/ },
  { name: 'unknown command with a suggestion stays on one line', args: (d) => [...db(d), 'statu'], code: 1, error: /unknown command 'statu' \(Did you mean status\?\)/ },
  { name: 'unknown option of a command', args: (d) => [...db(d), 'up', '--frob'], code: 1, error: /unknown option '--frob'/ },
  { name: 'unknown global option', args: (d) => ['--frob', ...db(d), 'up'], code: 1, error: /unknown option '--frob'/ },
  { name: 'missing argument', args: (d) => [...db(d), 'mark'], code: 1, error: /missing required argument 'id'/ },
  { name: 'config: invalid JSON', top: { 'shale.config.json': '{ "db": ' }, args: (d) => [...db(d), 'up'], code: 1, error: /cannot read config .*shale\.config\.json/ },
  { name: 'config: unknown key', top: { 'shale.config.json': '{ "source": ["migrations"] }' }, args: (d) => [...db(d), 'up'], code: 1, error: /invalid config .*: unknown key "source"/ },
  { name: 'config: unknown key in an environment', top: { 'shale.config.json': '{ "environments": { "stage": { "database": "x" } } }' }, args: (d) => [...db(d), 'up'], code: 1, error: /unknown key "environments\.stage\.database"/ },
  { name: 'config: wrong type', top: { 'shale.config.json': '{ "lockTimeout": "soon" }' }, args: (d) => [...db(d), 'up'], code: 1, error: /invalid config .* at "lockTimeout"/ },
  { name: 'config: not an object', top: { 'c.json': '["migrations"]' }, args: (d) => [...db(d), '--config', join(d, 'c.json'), 'up'], code: 1, error: /invalid config .*expected an object/ },
  { name: 'config: --config names a missing file', args: (d) => [...db(d), '--config', join(d, 'nope.json'), 'up'], code: 1, error: /config file not found/ },
  { name: '--env names a missing environment', top: { 'shale.config.json': '{ "environments": { "stage": { "db": "sqlite:s.db" } } }' }, args: (d) => [...db(d), '--env', 'prod', 'up'], code: 1, error: /no environment "prod" in .*\(known: stage\)/ },
  { name: '--env without a config file', args: (d) => [...db(d), '--env', 'prod', 'up'], code: 1, error: /no environment "prod": no config file found/ },
  { name: 'new with a name without letters or digits', args: (d) => [...db(d), 'new', '!!!'], code: 1, error: /migration name "!!!" has no letters or digits/ },
  { name: 'new with an empty name', args: (d) => [...db(d), 'new', ''], code: 1, error: /has no letters or digits/ },
  { name: 'new with an unknown format', args: (d) => [...db(d), 'new', 'x', '--format', 'xml'], code: 1, error: /unknown --format "xml"/ },
  { name: 'mark of an unknown id', args: (d) => [...db(d), 'mark', '0001_a', 'nope'], code: 1, error: /no migration with id "nope"/ },
  { name: 'unmark of an unknown id', args: (d) => [...db(d), 'unmark', 'nope'], code: 1, error: /no migration with id "nope"/ },
  { name: 'baseline of an unknown id', args: (d) => [...db(d), 'baseline', 'nope'], code: 1, error: /no migration with id "nope"/ },
  { name: 'redo with nothing applied', args: (d) => [...db(d), 'redo'], code: 1, error: /nothing to redo: no migration is applied/ },
  { name: 'resume with nothing partial', args: (d) => [...db(d), 'resume'], code: 1, error: /nothing to resume/ },
  { name: '.rollback.sql without its migration', files: { '0002_x.rollback.sql': 'drop table x;' }, args: (d) => [...db(d), 'up'], code: 1, error: /0002_x\.rollback\.sql: rollback file has no migration "0002_x"/ },
  { name: '.down.sql without its .up.sql', files: { '0002_x.down.sql': 'drop table x;' }, args: (d) => [...db(d), 'status'], code: 1, error: /0002_x\.down\.sql: rollback file has no migration/ },
  { name: 'dbmate file with migrate:down before migrate:up', files: { '0002_d.sql': '-- migrate:down\ndrop table t;\n-- migrate:up\ncreate table t (id int);\n' }, args: (d) => [...db(d), 'up'], code: 1, error: /0002_d\.sql:1: '-- migrate:up' must appear before '-- migrate:down'/ },
  { name: 'dbmate file with two downs', files: { '0002_d.sql': '-- migrate:up\nselect 1;\n-- migrate:down\nselect 2;\n-- migrate:down\nselect 3;\n' }, args: (d) => [...db(d), 'up'], code: 1, error: /0002_d\.sql:5: .*only one '-- migrate:down'/ },
  { name: 'a changed migration blocks up (exit 4)', applyFirst: true, args: (d) => (writeFileSync(join(d, 'migrations', '0001_a.sql'), 'create table a (id bigint);'), [...db(d), 'up']), code: 4, error: /changed since applied: .*0001_a\.sql/ },
];

describe('bad input through the CLI', { concurrency: true }, () => {
  for (const c of cases) {
    it(c.name, async () => {
      const dir = project(c.files ?? ONE, c.top);
      if (c.applyFirst) assert.equal((await shale([...db(dir), 'up'], { cwd: dir })).code, 0);
      const before = recorded(dir);
      const r = await shale(c.args(dir), { cwd: dir });
      assertOneLineError(r, c.code, c.error);
      assert.equal(recorded(dir), before, 'nothing recorded');
    });
  }
});

describe('--json on error: one JSON document on stdout, one error line on stderr', { concurrency: true }, () => {
  const commands: [args: string[], batch: boolean][] = [
    [['up'], true],
    [['up', '--dry-run'], true],
    [['down'], true],
    [['redo'], true],
    [['mark', '0001_a'], true],
    [['unmark', '0001_a'], true],
    [['baseline', '0001_a'], true],
    [['resume'], true],
    [['repair'], true],
    [['status'], false],
    [['history'], false],
    [['heads'], false],
    [['graph'], false],
    [['unlock'], false],
  ];
  for (const [args, batch] of commands) {
    it(`${args.join(' ')} with a bad config file`, async () => {
      const dir = project(ONE, { 'shale.config.json': '{ "db": "sqlite:app.db", "nope": 1 }' });
      const r = await shale(['--json', ...args], { cwd: dir });
      assertOneLineError(r, 1, /unknown key "nope"/);
      const doc = JSON.parse(r.stdout) as { command: string; ok: boolean; error: { code: string; message: string }; results?: unknown[] };
      assert.equal(doc.command, args[0]);
      assert.equal(doc.ok, false);
      assert.equal(doc.error.code, 'E_CONFIG');
      assert.match(doc.error.message, /unknown key "nope"/);
      assert.equal(Array.isArray(doc.results), batch);
    });
  }

  const runErrors: [name: string, args: string[], code: number, errorCode: string][] = [
    ['unknown option', ['up', '--frob'], 1, 'E_USAGE'],
    ['bad --count', ['down', '--count', '0'], 1, 'E_USAGE'],
    ['unknown id', ['up', '--to', 'nope'], 1, 'E_NOT_FOUND'],
    ['redo with nothing applied', ['redo'], 1, 'E_NOT_FOUND'],
    ['unknown command', ['frobnicate'], 1, 'E_USAGE'],
  ];
  for (const [name, args, code, errorCode] of runErrors) {
    it(name, async () => {
      const dir = project(ONE);
      const r = await shale([...db(dir), '--json', ...args], { cwd: dir });
      assertOneLineError(r, code, /./);
      const doc = JSON.parse(r.stdout) as { ok: boolean; error: { code: string } };
      assert.equal(doc.ok, false);
      assert.equal(doc.error.code, errorCode);
    });
  }

  it('a failed migration: results with failed and not-run, exit 1', async () => {
    const dir = project({ '0001_a.sql': 'create table a (id int);', '0002_b.sql': 'insert into nope values (1);', '0003_c.sql': 'create table c (id int);' });
    const r = await shale([...db(dir), 'up', '--json'], { cwd: dir });
    assert.equal(r.code, 1);
    const doc = JSON.parse(r.stdout) as { ok: boolean; results: { id: string; status: string }[]; error: { code: string } };
    assert.deepEqual(doc.results.map((x) => `${x.id} ${x.status}`), ['0001_a applied', '0002_b failed', '0003_c not-run']);
    assert.equal(doc.error.code, 'E_SQL');
    assert.match(r.stderr, /^shale: error: .*0002_b\.sql.*nope/m);
  });
});

describe('unusual but valid files through the CLI', { concurrency: true }, () => {
  it('a byte-order mark and CRLF line endings (plain, rollback, sectioned)', async () => {
    const dir = project({
      '0001_a.sql': '\uFEFF-- the a table\r\ncreate table a (id int);\r\n',
      '0001_a.rollback.sql': '\uFEFFdrop table a;\r\n',
      '0002_b.sql': '\uFEFF-- migrate:up\r\ncreate table b (id int);\r\n-- migrate:down\r\ndrop table b;\r\n',
    });
    const up = await shale([...db(dir), 'up'], { cwd: dir });
    assert.equal(up.code, 0, up.stderr);
    const st = JSON.parse((await shale([...db(dir), 'status', '--json'], { cwd: dir })).stdout) as { migrations: { id: string; state: string; description: string }[] };
    assert.deepEqual(st.migrations.map((m) => [m.id, m.state, m.description]), [['0001_a', 'applied', 'the a table'], ['0002_b', 'applied', '']]);
    assert.equal((await shale([...db(dir), 'down', '--all'], { cwd: dir })).code, 0);
  });

  it('ids with spaces and non-ASCII letters are ids like any other', async () => {
    const dir = project({ '0001 create users.sql': 'create table u (id int);', '0002_événements_日本.sql': 'create table e (id int);' });
    const up = await shale([...db(dir), 'up', '--json'], { cwd: dir });
    assert.equal(up.code, 0, up.stderr);
    assert.deepEqual((JSON.parse(up.stdout) as { results: { id: string }[] }).results.map((x) => x.id), ['0001 create users', '0002_événements_日本']);
    const mark = await shale([...db(dir), 'unmark', '0002_événements_日本', '--json'], { cwd: dir });
    assert.equal(mark.code, 0, mark.stderr);
    const st = JSON.parse((await shale([...db(dir), 'status', '--json'], { cwd: dir })).stdout) as { migrations: { id: string; state: string }[] };
    assert.deepEqual(st.migrations.map((m) => [m.id, m.state]), [['0001 create users', 'applied'], ['0002_événements_日本', 'pending']]);
  });

  it('--quiet prints nothing on success, not even the out-of-order warning', async () => {
    const dir = project({ '001.sql': 'create table a (id int);', '003.sql': 'create table c (id int);' });
    assert.equal((await shale([...db(dir), 'up', '--quiet'], { cwd: dir })).stdout, '');
    writeFileSync(join(dir, 'migrations', '002.sql'), 'create table b (id int);');
    const r = await shale([...db(dir), 'up', '--quiet'], { cwd: dir });
    assert.deepEqual([r.code, r.stdout, r.stderr], [0, '', '']);
  });

  it('B7 new depends on every current head when the set uses depends', async () => {
    const dir = project({ 'm1.sql': 'select 1;', 'm2.sql': '-- depends: m1\nselect 2;', 'm3.sql': 'select 3;' });
    const r = await shale(['new', 'next step'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const file = /created (\S+_next_step\.sql)/.exec(r.stdout)?.[1];
    assert.ok(file, r.stdout);
    assert.match(readFileSync(join(dir, file), 'utf8'), /^-- depends: m2 m3$/m);
  });

  it('new writes into the config\'s first source folder; never half a pair', async () => {
    const dir = project({}, { 'shale.config.json': '{ "db": "sqlite:app.db", "sources": ["db/migrations"] }' });
    const r = await shale(['new', 'add users'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /created .*db\/migrations\/\d{14}_add_users\.sql/);
    assert.match(r.stdout, /created .*db\/migrations\/\d{14}_add_users\.rollback\.sql/);
    const st = await shale(['status', '--json'], { cwd: dir });
    assert.equal((JSON.parse(st.stdout) as { migrations: unknown[] }).migrations.length, 1, st.stderr);
    // The unedited template runs as a no-op, as any empty migration does, with a warning naming the file.
    const up = await shale(['up'], { cwd: dir });
    assert.equal(up.code, 0, up.stderr);
    assert.match(up.stderr, /warning: .*_add_users\.sql: no SQL statement \(empty or only comments\); recorded as applied/);
  });
});

describe('help', () => {
  it('every command the README documents is listed by shale --help', async () => {
    const r = await shale(['--help']);
    assert.equal(r.code, 0);
    for (const c of ['init', 'new', 'status', 'up', 'down', 'redo', 'mark', 'unmark', 'baseline', 'history', 'resume', 'repair', 'unlock', 'heads', 'graph', 'merge', 'adopt', 'diff', 'fleet', 'generate', 'push', 'drift', 'verify']) {
      assert.match(r.stdout, new RegExp(`^  ${c}\\b`, 'm'), c);
    }
    for (const o of ['--db', '--source', '--config', '--env', '--table-prefix', '--lock-timeout', '--json', '--quiet', '--verbose', '--yes']) assert.ok(r.stdout.includes(o), o);
  });

  const options: [cmd: string, opts: string[]][] = [
    ['up', ['--to <id>', '--dry-run', '--single-transaction', '--strict', '--allow-changed']],
    ['down', ['--count <n>', '--to <id>', '--all', '--dry-run']],
    ['redo', ['--count <n>']],
    ['status', ['--exit-code']],
    ['history', ['--limit <n>']],
    ['new', ['--format <format>']],
    ['resume', ['--allow-changed']],
  ];
  for (const [cmd, opts] of options) {
    it(`shale ${cmd} --help lists ${opts.join(', ')}`, async () => {
      const r = await shale([cmd, '--help']);
      assert.equal(r.code, 0);
      for (const o of opts) assert.ok(r.stdout.includes(o), `${cmd}: ${o}`);
    });
  }
});
