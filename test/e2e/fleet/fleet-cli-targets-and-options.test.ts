import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { PG_URL, createPgDatabase, skipUnlessPg, uniqueName, type TempPgDatabase } from '../../helpers/databases.js';

const BIN = new URL('../../../bin/shale.js', import.meta.url).pathname;
const skipPg = await skipUnlessPg();

interface Report {
  operation: string;
  targets: { target: string; status: string; applied: string[]; rolledBack: string[]; pending: string[]; error: { code: string; message: string } | null }[];
  summary: { total: number; ok: number; failed: number; skipped: number; migrations: number; stopped: string | null };
}

let dir: string;

function shale(args: string[], env: Record<string, string | undefined> = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, SHALE_DATABASE_URL: '', DATABASE_URL: '', NO_COLOR: '1', ...env }, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(r: { stdout: string; stderr: string; status: number | null }): Report {
  try {
    return JSON.parse(r.stdout) as Report;
  } catch {
    throw new Error(`not JSON (exit ${r.status}): ${r.stdout}\n${r.stderr}`);
  }
}

function applied(file: string): string[] | null {
  if (!existsSync(join(dir, file))) return null;
  const db = new Database(join(dir, file));
  try {
    const has = db.prepare("select count(*) as n from sqlite_master where name = 'shale_migrations'").get() as { n: number };
    return has.n ? (db.prepare("select id from shale_migrations where status = 'applied' order by id").all() as { id: string }[]).map((r) => r.id) : null;
  } finally {
    db.close();
  }
}

function oneErrorLine(r: { status: number | null; stderr: string }, re: RegExp): void {
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, re);
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'shale-fleet-edge-'));
  mkdirSync(join(dir, 'migrations'));
  writeFileSync(join(dir, 'migrations/001.a.sql'), 'create table a (id integer);\n');
  writeFileSync(join(dir, 'migrations/001.a.rollback.sql'), 'drop table a;\n');
  writeFileSync(join(dir, 'migrations/002.b.sql'), 'create table b (id integer);\n');
  writeFileSync(join(dir, 'migrations/002.b.rollback.sql'), 'drop table b;\n');
  writeFileSync(join(dir, 'migrations/003.c.sql'), 'create table c (id integer);\n');
  writeFileSync(join(dir, 'migrations/003.c.rollback.sql'), 'drop table c;\n');
});

after(() => rmSync(dir, { recursive: true, force: true }));

describe('fleet options', () => {
  test('--concurrency and --canary take digits only: 0, text and empty values are one-line errors', () => {
    for (const args of [['--concurrency', '0'], ['--concurrency', 'abc'], ['--concurrency', ''], ['--concurrency', '2.5'], ['--canary', ''], ['--canary', '-1'], ['--canary', 'x']]) {
      const r = shale(['fleet', 'up', '--targets', 'sqlite:opts.db', ...args]);
      oneErrorLine(r, new RegExp(`${args[0]} takes a whole number`));
    }
    assert.equal(applied('opts.db'), null);
  });

  test('a --concurrency far above the number of targets just runs them', () => {
    const r = shale(['fleet', 'up', '--targets', 'sqlite:huge1.db', 'sqlite:huge2.db', '--concurrency', '1000000000', '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(json(r).summary.ok, 2);
  });

  test('an unknown --to id or a broken migration set is one error before any target', () => {
    oneErrorLine(shale(['fleet', 'up', '--targets', 'sqlite:to1.db', 'sqlite:to2.db', '--to', 'nope', '--continue-on-error']), /no migration with id "nope"/);
    oneErrorLine(shale(['fleet', 'down', '--targets', 'sqlite:to1.db', 'sqlite:to2.db', '--to', 'nope']), /no migration with id "nope"/);
    mkdirSync(join(dir, 'dupids'));
    writeFileSync(join(dir, 'dupids/001.a.sql'), 'create table a (id integer);\n');
    writeFileSync(join(dir, 'dupids/001.a.up.sql'), 'create table a (id integer);\n');
    const dup = shale(['fleet', 'up', '--targets', 'sqlite:to1.db', 'sqlite:to2.db', '--source', 'dupids', '--continue-on-error']);
    assert.notEqual(dup.status, 0);
    assert.equal(dup.stderr.trim().split('\n').length, 1, dup.stderr);
    assert.match(dup.stderr, /001\.a/);
    assert.equal(applied('to1.db'), null);
    const to = shale(['fleet', 'up', '--targets', 'sqlite:to1.db', 'sqlite:to2.db', '--to', '002.b', '--json']);
    assert.equal(to.status, 0, to.stderr);
    assert.deepEqual(json(to).targets.map((t) => t.applied), [['001.a', '002.b'], ['001.a', '002.b']]);
  });

  test('conflicting target options are usage errors', () => {
    oneErrorLine(shale(['fleet', 'up', '--targets', 'sqlite:x.db', '--targets-query', 'select 1 as url', '--catalog', 'sqlite:cat.db']), /cannot be combined/);
    oneErrorLine(shale(['fleet', 'up', '--targets', 'sqlite:x.db', '--catalog', 'sqlite:cat.db']), /--catalog.*--targets-query/);
    assert.equal(applied('x.db'), null);
  });
});

describe('fleet targets files', () => {
  test('comments, blank lines and ${VAR}; a missing variable is named and nothing is applied', () => {
    writeFileSync(join(dir, 'vars.txt'), `# tenants\n\nsqlite:\${TENANT_DIR}/var1.db   # first\n\n   \nsqlite:\${TENANT_DIR}/var2.db\n`);
    const missing = shale(['fleet', 'up', '--targets', 'vars.txt']);
    oneErrorLine(missing, /vars\.txt:3: environment variable TENANT_DIR is not set/);
    assert.equal(applied('var1.db'), null);

    const r = shale(['fleet', 'up', '--targets', 'vars.txt', '--json'], { TENANT_DIR: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(json(r).targets.map((t) => [t.target, t.applied.length]), [
      [`sqlite:${dir}/var1.db`, 3],
      [`sqlite:${dir}/var2.db`, 3],
    ]);
  });

  test('a duplicate or invalid URL stops the fleet before any target is touched', () => {
    writeFileSync(join(dir, 'dup.txt'), 'sqlite:dup1.db\nsqlite:dup2.db\nsqlite:dup1.db   # again\n');
    oneErrorLine(shale(['fleet', 'up', '--targets', 'dup.txt']), /listed twice: sqlite:dup1\.db/);
    writeFileSync(join(dir, 'typo.txt'), 'sqlite:typo1.db\npostgress://app:hunter2@db/tenant\n');
    const typo = shale(['fleet', 'up', '--targets', 'typo.txt', '--continue-on-error']);
    oneErrorLine(typo, /fleet target 2 of 2: unsupported database URL scheme/);
    assert.ok(!typo.stderr.includes('hunter2'));
    assert.equal(applied('dup1.db'), null);
    assert.equal(applied('typo1.db'), null);
  });

  test('a targets file with no URLs is an error, not an empty success', () => {
    writeFileSync(join(dir, 'none.txt'), '# nobody yet\n');
    oneErrorLine(shale(['fleet', 'up', '--targets', 'none.txt']), /lists no database URLs/);
  });
});

describe('fleet status and down', () => {
  test('status --exit-code: 0 up to date, 2 pending, 4 changed (like `status --exit-code`)', () => {
    mkdirSync(join(dir, 'st'));
    writeFileSync(join(dir, 'st/001.a.sql'), 'create table a (id integer);\n');
    const targets = ['--targets', 'sqlite:st1.db', 'sqlite:st2.db', '--source', 'st'];
    assert.equal(shale(['fleet', 'status', ...targets, '--exit-code']).status, 2);
    assert.equal(shale(['fleet', 'status', ...targets]).status, 0);
    assert.equal(shale(['fleet', 'up', ...targets]).status, 0);
    assert.equal(shale(['fleet', 'status', ...targets, '--exit-code']).status, 0);
    writeFileSync(join(dir, 'st/002.b.sql'), 'create table b (id integer);\n');
    assert.equal(shale(['fleet', 'status', ...targets, '--exit-code']).status, 2);
    writeFileSync(join(dir, 'st/001.a.sql'), 'create table a (id integer, x integer);\n');
    const changed = shale(['fleet', 'status', ...targets, '--exit-code', '--json']);
    assert.equal(changed.status, 4, changed.stderr);
    assert.equal(shale(['--db', 'sqlite:st1.db', '--source', 'st', 'status', '--exit-code']).status, 4);
  });

  test('down --count N on every target; a target with nothing applied has nothing to roll back', () => {
    const targets = ['--targets', 'sqlite:down1.db', 'sqlite:down2.db'];
    assert.equal(shale(['fleet', 'up', ...targets]).status, 0);
    const r = shale(['fleet', 'down', ...targets, '--count', '2', '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(json(r).targets.map((t) => t.rolledBack), [['003.c', '002.b'], ['003.c', '002.b']]);
    assert.deepEqual(applied('down1.db'), ['001.a']);
    const all = shale(['fleet', 'down', ...targets, '--all']);
    assert.equal(all.status, 0, all.stderr);
    const again = shale(['fleet', 'down', ...targets]);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /sqlite:down1\.db +ok .*nothing to roll back/);
    assert.match(again.stdout, /2 targets: 2 ok, 0 failed, 0 skipped; 0 migrations/);
    oneErrorLine(shale(['fleet', 'down', ...targets, '--count', '0']), /--count/);
  });
});

describe('fleet over PostgreSQL and SQLite', { skip: skipPg }, () => {
  let pgDb: TempPgDatabase;
  before(async () => {
    pgDb = await createPgDatabase('shale_fleet_edge');
  });
  after(async () => {
    await pgDb?.drop();
  });

  test('mixed targets; a database that does not exist fails alone; its password is never printed', async () => {
    const secret = 'Sup3rSecretPw';
    const withPw = (db: string): string => {
      const u = new URL(PG_URL);
      u.password = secret;
      u.pathname = `/${db}`;
      return u.toString();
    };
    const missing = withPw(uniqueName('shale_no_such_db'));
    const targets = ['sqlite:mixed.db', withPw(pgDb.name), missing];
    for (const mode of [['--json'], []]) {
      const r = shale(['fleet', 'up', '--targets', ...targets, '--continue-on-error', ...mode]);
      assert.equal(r.status, 1, r.stderr);
      assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret), `${r.stdout}\n${r.stderr}`);
      if (mode.length) {
        const report = json(r);
        assert.deepEqual(report.targets.map((t) => t.status), ['ok', 'ok', 'failed']);
        assert.match(report.targets[2]!.target, /:\*\*\*\*@/);
        assert.match(report.targets[2]!.error!.message, /does not exist/);
      } else {
        assert.match(r.stdout, /3 targets: 2 ok, 1 failed, 0 skipped/);
      }
    }
    assert.deepEqual(applied('mixed.db'), ['001.a', '002.b', '003.c']);
    const c = new pg.Client({ connectionString: pgDb.url });
    await c.connect();
    try {
      assert.deepEqual((await c.query("select id from shale_migrations where status = 'applied' order by id")).rows.map((x) => x.id), ['001.a', '002.b', '003.c']);
    } finally {
      await c.end();
    }
  });

  test('--targets-query: zero rows, a wrong column, NULL urls', async () => {
    const c = new pg.Client({ connectionString: pgDb.url });
    await c.connect();
    try {
      await c.query('create table tenants (name text, url text, active boolean)');
      await c.query("insert into tenants values ('a', 'sqlite:q1.db', true), ('b', null, true), ('c', 'sqlite:q3.db', false)");
    } finally {
      await c.end();
    }
    const q = (sql: string): ReturnType<typeof shale> => shale(['fleet', 'up', '--targets-query', sql, '--catalog', pgDb.url, '--json']);
    oneErrorLine(q('select url from tenants where false'), /--targets-query returned no rows/);
    oneErrorLine(q('select name from tenants'), /must return a column named "url" \(got: name\)/);
    const r = q('select url from tenants where active order by name');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(json(r).targets.map((t) => t.target), ['sqlite:q1.db']);
    assert.equal(applied('q3.db'), null);
  });
});
