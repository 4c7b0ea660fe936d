import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createMigrator, isShaleError, openAdapter, type Migrator } from '../../src/index.js';
import { MYSQL_URL } from '../helpers/databases.js';
import { createMysqlDatabase, skipUnlessMysql, type TempMysqlDatabase } from '../helpers/mysql.js';

const skip = await skipUnlessMysql();

function migrationsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'shale-mysql-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function withDb(path: string): string {
  const u = new URL(MYSQL_URL);
  u.pathname = path;
  return u.toString();
}

async function expectConnectError(url: string): Promise<Error> {
  try {
    const a = await openAdapter(url);
    await a.close();
  } catch (e) {
    assert.ok(isShaleError(e, 'E_CONNECT') || isShaleError(e, 'E_URL'), `unexpected ${String(e)}`);
    assert.ok(!e.message.includes('\n'), 'one line');
    return e;
  }
  assert.fail(`connected to ${url}`);
}

describe('mysql adapter: connecting', { skip }, () => {
  it('wrong password: E_CONNECT, password redacted', async () => {
    const u = new URL(MYSQL_URL);
    u.username = 'root';
    u.password = 'Sup3r-Secret-pw';
    u.pathname = '/mysql';
    const e = await expectConnectError(u.toString());
    assert.ok(isShaleError(e, 'E_CONNECT'));
    assert.match(e.message, /Access denied/);
    assert.ok(!e.message.includes('Sup3r-Secret-pw'));
    assert.ok(e.message.includes('****'));
  });

  it('server down: E_CONNECT naming the address', async () => {
    const e = await expectConnectError('mariadb://root:pw@127.0.0.1:1/db');
    assert.ok(isShaleError(e, 'E_CONNECT'));
    assert.match(e.message, /mariadb:\/\/root:\*\*\*\*@127\.0\.0\.1:1\/db/);
    assert.match(e.message, /ECONNREFUSED/);
  });

  it('unknown database: E_CONNECT saying so', async () => {
    const e = await expectConnectError(withDb('/shale_no_such_db_x'));
    assert.ok(isShaleError(e, 'E_CONNECT'));
    assert.match(e.message, /Unknown database 'shale_no_such_db_x'/);
  });

  it('mariadb:// URLs open the same adapter, with the declared capabilities', async () => {
    const db = await createMysqlDatabase();
    try {
      const a = await openAdapter(db.url.replace(/^mysql:/, 'mariadb:'));
      try {
        assert.equal(a.display.startsWith('mariadb://'), true, 'a mariadb:// URL opens the MySQL adapter');
        assert.deepEqual(a.capabilities, { transactionalDdl: false, savepoints: true });
        assert.deepEqual((await a.query<{ d: string }>('select database() as d')).rows, [{ d: db.name }]);
        assert.deepEqual((await a.query<{ v: string }>('select ? as v', ["it's"])).rows, [{ v: "it's" }]);
      } finally {
        await a.close();
      }
    } finally {
      await db.drop();
    }
  });

  it('a URL without a database opens the server only (a dev database is made there): its state tables and lock are E_URL; an unknown URL parameter is E_URL', async () => {
    const a = await openAdapter(withDb('/'));
    try {
      await assert.rejects(a.history.list(), (e: unknown) => isShaleError(e, 'E_URL'));
      await assert.rejects(a.locker.acquire({ timeoutMs: 1000 }), (e: unknown) => isShaleError(e, 'E_URL'));
    } finally {
      await a.close();
    }
    assert.ok(isShaleError(await expectConnectError(`${withDb('/mysql')}?sslmode=require`), 'E_URL'));
  });
});

describe('mysql adapter: migrations through createMigrator', { skip }, () => {
  let db: TempMysqlDatabase;
  const dirs: string[] = [];
  const migrators: Migrator[] = [];
  const migrator = (files: Record<string, string>): Migrator => {
    const dir = migrationsDir(files);
    dirs.push(dir);
    const m = createMigrator({ db: db.url, sources: [dir], lockTimeoutMs: 5000 });
    migrators.push(m);
    return m;
  };
  before(async () => void (db = await createMysqlDatabase()));
  after(async () => {
    for (const m of migrators) await m.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    await db?.drop();
  });

  it('up, status, down, up again; state rows and timestamps in UTC', async () => {
    const m = migrator({
      '0001.users.sql': '-- users\ncreate table users (id int primary key, name varchar(50));\ninsert into users values (1, \'a;b\');',
      '0001.users.rollback.sql': 'drop table users;',
      '0002.routines.sql': [
        'create procedure add_user(i int) begin insert into users values (i, concat(\'u\', i)); end;',
        'create trigger users_upper before insert on users for each row begin if new.name is not null then set new.name = upper(new.name); end if; end;',
        'call add_user(2);',
      ].join('\n'),
      '0002.routines.rollback.sql': 'DELIMITER //\ndrop trigger users_upper //\ndrop procedure add_user //\nDELIMITER ;\ndelete from users where id = 2;',
    });
    const before = Date.now();
    const r = await m.up();
    assert.equal(r.error, null);
    assert.deepEqual(r.results.map((x) => [x.id, x.status]), [['0001.users', 'applied'], ['0002.routines', 'applied']]);
    const c = await db.connect();
    const [rows] = await c.query('select id, name from users order by id');
    assert.deepEqual(rows, [{ id: 1, name: 'a;b' }, { id: 2, name: 'U2' }]);
    const s = await m.status();
    assert.deepEqual(s.counts, { applied: 2, pending: 0, changed: 0, missing: 0, partial: 0 });
    const rec = s.entries[1]!.record!;
    assert.equal(rec.statementsTotal, 3);
    assert.equal(rec.statementsDone, 3);
    assert.equal(rec.status, 'applied');
    const at = Date.parse(rec.appliedAt);
    assert.ok(at >= before - 2000 && at <= Date.now() + 2000, `appliedAt ${rec.appliedAt} is not now`);
    // Stored as a UTC literal whatever this process's time zone.
    const [raw] = await c.query({ sql: 'select applied_at from shale_migrations where id = ?', values: ['0002.routines'], dateStrings: true });
    assert.equal((raw as { applied_at: string }[])[0]!.applied_at, rec.appliedAt.replace('T', ' ').replace('Z', ''));

    const d = await m.down({ count: 2 });
    assert.equal(d.error, null);
    assert.deepEqual(d.results.map((x) => [x.id, x.status]), [['0002.routines', 'rolled-back'], ['0001.users', 'rolled-back']]);
    const [tables] = await c.query("select table_name as t from information_schema.tables where table_schema = database() and table_name = 'users'");
    assert.deepEqual(tables, []);
    const [procs] = await c.query("select routine_name from information_schema.routines where routine_schema = database()");
    assert.deepEqual(procs, []);
    assert.deepEqual((await m.status()).counts, { applied: 0, pending: 2, changed: 0, missing: 0, partial: 0 });
    assert.equal((await m.up()).error, null);
    const log = await m.history();
    assert.deepEqual(log.map((e) => [e.id, e.operation]), [
      ['0001.users', 'apply'],
      ['0002.routines', 'apply'],
      ['0002.routines', 'rollback'],
      ['0001.users', 'rollback'],
      ['0001.users', 'apply'],
      ['0002.routines', 'apply'],
    ]);
    assert.ok(log.every((e, i) => i === 0 || e.seq > log[i - 1]!.seq));
  });
});

describe('mysql adapter: mark, unmark, partial, resume, repair', { skip }, () => {
  let db: TempMysqlDatabase;
  let dir: string;
  let m: Migrator;
  const files = {
    '0001.base.sql': 'create table base (id int);',
    '0002.five.sql': [
      '-- depends: 0001.base',
      'create table t2 (id int primary key);',
      'insert into t2 values (1);',
      'insert into needed (v) values (1);',
      'insert into t2 values (2);',
      'insert into t2 values (3);',
    ].join('\n'),
    '0003.more.sql': 'create table more_t (id int);',
  };
  before(async () => {
    db = await createMysqlDatabase();
    dir = migrationsDir(files);
    m = createMigrator({ db: db.url, sources: [dir], lockTimeoutMs: 5000 });
  });
  after(async () => {
    await m?.close();
    rmSync(dir, { recursive: true, force: true });
    await db?.drop();
  });

  it('mark records ancestors without running; unmark removes descendants', async () => {
    const r = await m.mark(['0002.five']);
    assert.equal(r.error, null);
    assert.deepEqual(r.results.map((x) => [x.id, x.status]), [['0001.base', 'marked'], ['0002.five', 'marked']]);
    const c = await db.connect();
    const [t] = await c.query("select count(*) as n from information_schema.tables where table_schema = database() and table_name in ('base', 't2')");
    assert.equal(Number((t as { n: number }[])[0]!.n), 0, 'mark ran nothing');
    const u = await m.unmark(['0001.base']);
    assert.equal(u.error, null);
    assert.deepEqual(u.results.map((x) => x.id).sort(), ['0001.base', '0002.five']);
    assert.deepEqual((await m.status()).counts, { applied: 0, pending: 3, changed: 0, missing: 0, partial: 0 });
  });

  it('failing at statement 3 of 5: partial with 1 done (the DML before it rolled back with it), file:line:col; up refuses; resume completes it; audit log shows both', async () => {
    const r = await m.up();
    assert.ok(r.error && isShaleError(r.error, 'E_SQL'), String(r.error));
    assert.deepEqual(r.results.map((x) => [x.id, x.status]), [['0001.base', 'applied'], ['0002.five', 'failed'], ['0003.more', 'not-run']]);
    assert.match(r.error.message, new RegExp(`^${join(dir, '0002.five.sql').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:1: Table '[^']+\\.needed' doesn't exist \\(statement 3: insert into needed`));
    const s = await m.status();
    const e = s.entries.find((x) => x.id === '0002.five')!;
    assert.equal(e.state, 'partial');
    assert.equal(e.record!.statementsDone, 1, 'statements 2-5 are DML: one transaction, undone by the failure of 3');
    assert.equal(e.record!.statementsTotal, 5);
    const c0 = await db.connect();
    const [none] = await c0.query('select id from t2');
    assert.deepEqual(none, [], 'the insert before the failing one rolled back');
    assert.match(e.record!.error!, /needed/);

    const blocked = await m.up();
    assert.ok(blocked.error && isShaleError(blocked.error, 'E_PARTIAL'), String(blocked.error));

    const c = await db.connect();
    await c.query('create table needed (v int)');
    const res = await m.resume();
    assert.equal(res.error, null);
    assert.deepEqual(res.results.map((x) => [x.id, x.status]), [['0002.five', 'resumed']]);
    const [rows] = await c.query('select id from t2 order by id');
    assert.deepEqual(rows, [{ id: 1 }, { id: 2 }, { id: 3 }], 'statement 1 ran once, 2-5 after resume');
    const [needed] = await c.query('select v from needed');
    assert.deepEqual(needed, [{ v: 1 }]);
    const after = (await m.status()).entries.find((x) => x.id === '0002.five')!;
    assert.equal(after.state, 'applied');
    assert.equal(after.record!.statementsDone, 5);
    assert.equal(after.record!.error, null);

    const log = (await m.history()).filter((x) => x.id === '0002.five');
    assert.deepEqual(log.map((x) => x.operation), ['mark', 'unmark', 'fail', 'resume']);
    assert.match(log[2]!.error!, /0002\.five\.sql:4:1: .*needed/);
    assert.equal(log[3]!.error, null);
    assert.equal((await m.up()).error, null);
    assert.deepEqual((await m.status()).counts, { applied: 3, pending: 0, changed: 0, missing: 0, partial: 0 });
  });

  it('syntax error: the column comes from the server position; repair clears the partial record', async () => {
    const d2 = migrationsDir({ ...files, '0004.bad.sql': 'create table bad (id int);\n\ninsert into bad (id)\n  valuez (1);\n' });
    const m2 = createMigrator({ db: db.url, sources: [d2], lockTimeoutMs: 5000 });
    try {
      const r = await m2.up();
      assert.ok(r.error && isShaleError(r.error, 'E_SQL'), String(r.error));
      // `valuez` starts at line 4, column 3 of the file.
      assert.ok(r.error.message.startsWith(`${join(d2, '0004.bad.sql')}:4:3: `), r.error.message);
      assert.equal((await m2.find('0004.bad')).state, 'partial');
      const rep = await m2.repair();
      assert.equal(rep.error, null);
      assert.deepEqual(rep.results.map((x) => [x.id, x.status]), [['0004.bad', 'repaired']]);
      assert.equal((await m2.find('0004.bad')).state, 'pending');
      assert.deepEqual((await m2.history()).filter((x) => x.id === '0004.bad').map((x) => x.operation), ['fail', 'repair']);
    } finally {
      await m2.close();
      rmSync(d2, { recursive: true, force: true });
    }
  });

  it('an unterminated quote is E_PARSE at file:line:col and nothing runs', async () => {
    const d3 = migrationsDir({ ...files, '0005.quote.sql': "create table q (id int);\ninsert into q values ('oops);\n" });
    const m3 = createMigrator({ db: db.url, sources: [d3], lockTimeoutMs: 5000 });
    try {
      const r = await m3.up();
      assert.ok(r.error && isShaleError(r.error, 'E_PARSE'), String(r.error));
      assert.ok(r.error.message.startsWith(`${join(d3, '0005.quote.sql')}:2:23: `), r.error.message);
      const c = await db.connect();
      const [t] = await c.query("select count(*) as n from information_schema.tables where table_schema = database() and table_name = 'q'");
      assert.equal(Number((t as { n: number }[])[0]!.n), 0);
    } finally {
      await m3.close();
      rmSync(d3, { recursive: true, force: true });
    }
  });
});
