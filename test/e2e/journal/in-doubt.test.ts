// A statement left in doubt by a killed run (journaled started, never done): status says so, up
// refuses, resume checks the database (or takes the user's word) and audit-logs the decision.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { runKey } from '../../../src/adapters/shared/run-tag.js';
import { shale, startShale, tempDir } from '../../helpers/cli.js';
import { createPgDatabase, pgQuery, skipUnlessPg, type TempPgDatabase } from '../../helpers/databases.js';
import { createMysqlDatabase, skipUnlessMysql } from '../../helpers/mysql.js';

const skipPg = await skipUnlessPg();
const skipMysql = await skipUnlessMysql();
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function project(sql: string): string {
  const dir = tempDir('shale-doubt-');
  dirs.push(dir);
  mkdirSync(join(dir, 'migrations'));
  writeFileSync(join(dir, 'migrations', '0001.m.sql'), sql);
  return dir;
}

/** A fresh PostgreSQL database and a project holding one migration, `sql`; the database is dropped after `fn`. */
async function withPgProject(sql: string, fn: (db: TempPgDatabase, dir: string) => Promise<void>): Promise<void> {
  const db = await createPgDatabase('shale_doubt');
  try {
    await fn(db, project(sql));
  } finally {
    await db.drop();
  }
}

const ops = (rows: Record<string, unknown>[]) => rows.map((r) => r['operation']);

const GATE = 717171;

/**
 * A session tagged `applicationName` kept busy on `db` (its statement waits on an advisory lock another
 * session holds) until `release()`: no sleep that a slow start of the CLI could outlast.
 */
async function busySession(db: TempPgDatabase, applicationName: string): Promise<{ release(): Promise<void> }> {
  const gate = new pg.Client({ connectionString: db.url });
  const c = new pg.Client({ connectionString: db.url, application_name: applicationName });
  await gate.connect();
  await c.connect();
  await gate.query('select pg_advisory_lock($1)', [GATE]);
  const busy = c.query('select pg_advisory_xact_lock_shared($1)', [GATE]);
  for (let i = 0; ; i++) {
    if ((await gate.query("select 1 from pg_locks where locktype = 'advisory' and not granted and objid = $1", [GATE])).rows.length > 0) break;
    if (i === 2400) throw new Error('the busy statement never waited on the gate');
    await new Promise((r) => setTimeout(r, 25));
  }
  let released: Promise<void> | null = null;
  return {
    release() {
      released ??= (async () => {
        await gate.end();
        await busy;
        await c.end();
      })();
      return released;
    },
  };
}

describe('in doubt: postgres', { skip: skipPg }, () => {
  const CIC = '-- transaction: false\ncreate table t (x int);\ncreate index concurrently t_x on t (x);\ninsert into t values (1);\n';

  /** Apply, then put the state back to "statement 2 sent, outcome unknown", statement 3 not run. */
  async function leftInDoubt(sql: string, fix: string) {
    const db = await createPgDatabase('shale_doubt');
    const dir = project(sql);
    const args = ['--db', db.url];
    assert.equal((await shale([...args, 'up'], { cwd: dir })).code, 0);
    await pgQuery(db.url, `${fix}; update shale_migrations set status = 'partial', statements_done = 1, statements_started = 2; delete from shale_log`);
    return { db, dir, args };
  }

  it('a valid index means done: status shows it, up refuses (exit 4), resume skips it and goes on', async () => {
    const { db, dir, args } = await leftInDoubt(CIC, 'delete from t');
    try {
      const st = await shale([...args, 'status'], { cwd: dir });
      assert.match(st.stdout, /partial .*1 of 3 statements done, statement 2 may or may not have completed/);
      const js = JSON.parse((await shale([...args, 'status', '--json'], { cwd: dir })).stdout);
      assert.equal(js.migrations[0].inDoubt, true);
      const up = await shale([...args, 'up'], { cwd: dir });
      assert.equal(up.code, 4, up.stderr);
      assert.match(up.stderr, /statement 2 may or may not have completed.*shale resume/);
      const r = await shale([...args, 'resume'], { cwd: dir });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /statement 2 of 3 .* had completed \(index t_x exists and is valid\)/);
      assert.deepEqual((await pgQuery(db.url, 'select x from t')).map((x) => x['x']), [1]);
      assert.deepEqual(ops(await pgQuery(db.url, 'select operation from shale_log order by seq')), ['statement-done', 'resume']);
    } finally {
      await db.drop();
    }
  });

  it('an invalid index is dropped concurrently and built again', async () => {
    const { db, dir, args } = await leftInDoubt(CIC, "delete from t; update pg_index set indisvalid = false where indexrelid = 't_x'::regclass");
    try {
      const r = await shale([...args, 'resume'], { cwd: dir });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /left invalid by the interrupted build: dropped it/);
      assert.deepEqual(await pgQuery(db.url, "select indisvalid from pg_index where indexrelid = 't_x'::regclass"), [{ indisvalid: true }]);
      assert.deepEqual(ops(await pgQuery(db.url, 'select operation from shale_log order by seq')), ['statement-not-done', 'resume']);
    } finally {
      await db.drop();
    }
  });

  it('what cannot be checked: resume refuses (exit 4) naming both choices; --statement-not-done runs it again', async () => {
    const sql = '-- transaction: false\ncreate table t (x int);\ncreate index concurrently on t (x);\ninsert into t values (1);\n';
    const { db, dir, args } = await leftInDoubt(sql, "delete from t; drop index t_x_idx");
    try {
      const r = await shale([...args, 'resume'], { cwd: dir });
      assert.equal(r.code, 4, r.stderr);
      assert.match(r.stderr, /statement 2 of 3 \(create index concurrently on t \(x\)\) may or may not have completed.*--statement-done.*--statement-not-done/);
      const both = await shale([...args, 'resume', '--statement-done', '--statement-not-done'], { cwd: dir });
      assert.equal(both.code, 1);
      const ok = await shale([...args, 'resume', '--statement-not-done'], { cwd: dir });
      assert.equal(ok.code, 0, ok.stderr);
      assert.deepEqual(await pgQuery(db.url, "select count(*)::int as n from pg_indexes where tablename = 't'"), [{ n: 1 }]);
      assert.deepEqual(ops(await pgQuery(db.url, 'select operation from shale_log order by seq')), ['statement-not-done', 'resume']);
      const again = await shale([...args, 'resume', '--statement-done'], { cwd: dir });
      assert.equal(again.code, 1, 'nothing to resume');
    } finally {
      await db.drop();
    }
  });

  it('--statement-done without a statement in doubt is a usage error', async () => {
    await withPgProject('-- transaction: false\ncreate table t (x int);\ninsert into t values (1);\ninsert into nope values (1);\n', async (db, dir) => {
      assert.equal((await shale(['--db', db.url, 'up'], { cwd: dir })).code, 1);
      const r = await shale(['--db', db.url, 'resume', '--statement-done'], { cwd: dir });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /no statement of .* is in doubt \(2 of 3 statements done\)/);
    });
  });

  it('inside the migration\'s own BEGIN … COMMIT the journal commits with the block: a failed COMMIT takes both back', async () => {
    const db = await createPgDatabase('shale_doubt');
    const sql = [
      '-- transaction: false',
      'create table p (id int primary key);',
      'create table c (p int references p deferrable initially deferred);',
      'begin;',
      'insert into c values (1);',
      'commit;',
      'insert into p values (2);',
    ].join('\n');
    const dir = project(sql);
    try {
      const r = await shale(['--db', db.url, 'up'], { cwd: dir });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /statements 1-2 of 6 ran and stay applied/);
      assert.deepEqual(await pgQuery(db.url, 'select statements_done::int, statements_started::int from shale_migrations'), [{ statements_done: 2, statements_started: 2 }]);
      assert.deepEqual(await pgQuery(db.url, 'select count(*)::int as n from c'), [{ n: 0 }]);
    } finally {
      await db.drop();
    }
  });

  it('a partial row an older shale left (no statements_started, no error) is in doubt, not exact', async () => {
    await withPgProject('-- transaction: false\ncreate table t (x int);\ninsert into t values (1);\ninsert into t values (2);\n', async (db, dir) => {
      assert.equal((await shale(['--db', db.url, 'up'], { cwd: dir })).code, 0);
      await pgQuery(db.url, "delete from t where x = 2; update shale_migrations set status = 'partial', statements_done = 1, statements_started = null");
      const st = await shale(['--db', db.url, 'status'], { cwd: dir });
      assert.match(st.stdout, /1 of 3 statements done, statement 2 may or may not have completed/);
      const r = await shale(['--db', db.url, 'resume'], { cwd: dir });
      assert.equal(r.code, 4, 'an INSERT cannot be checked: the user decides');
      assert.equal((await shale(['--db', db.url, 'resume', '--statement-done'], { cwd: dir })).code, 0);
      assert.deepEqual((await pgQuery(db.url, 'select x from t order by x')).map((x) => x['x']), [1, 2]);
    });
  });

  it('the migration\'s own block may open with SET TRANSACTION: nothing is written before it', async () => {
    await withPgProject('-- transaction: false\ncreate table t (x int);\nbegin;\nset transaction isolation level serializable;\ninsert into t values (1);\ncommit;\n', async (db, dir) => {
      const r = await shale(['--db', db.url, 'up'], { cwd: dir });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual((await pgQuery(db.url, 'select x from t')).map((x) => x['x']), [1]);
    });
  });

  it('a live shale process of this machine is not an earlier run: up does not wait for it', async () => {
    const db = await createPgDatabase('shale_doubt');
    const dir = project('create table t (x int);\n');
    const busy = await busySession(db, `shale-run ${runKey(`${db.name}|public|shale_`)} ${process.pid}@${hostname()}`);
    try {
      const r = await shale(['--db', db.url, '--lock-timeout', '1', 'up'], { cwd: dir });
      assert.equal(r.code, 0, r.stderr);
      assert.doesNotMatch(r.stderr, /waiting for a statement/);
      assert.equal((await pgQuery(db.url, "select 1 from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()")).length, 1, 'the session was busy all along');
    } finally {
      await busy.release();
      await db.drop();
    }
  });

  it('a failed CREATE INDEX CONCURRENTLY stays in doubt (it leaves an invalid index); resume drops it and builds it again', async () => {
    await withPgProject('-- transaction: false\ncreate table t (x int);\ninsert into t values (1), (1);\ncreate unique index concurrently t_x on t (x);\n', async (db, dir) => {
      const r = await shale(['--db', db.url, 'up'], { cwd: dir });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /statement 3 may have taken effect in part/);
      assert.match((await shale(['--db', db.url, 'status'], { cwd: dir })).stdout, /2 of 3 statements done, statement 3 may or may not have completed/);
      await pgQuery(db.url, 'delete from t; insert into t values (1)');
      const ok = await shale(['--db', db.url, 'resume'], { cwd: dir });
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(ok.stderr, /left invalid by the interrupted build: dropped it/);
      assert.deepEqual(await pgQuery(db.url, "select indisvalid from pg_index where indexrelid = 't_x'::regclass"), [{ indisvalid: true }]);
    });
  });

  it('a statement the server refused before running it (unknown table) is not in doubt', async () => {
    await withPgProject('-- transaction: false\ncreate table t (x int);\ncreate index concurrently t_x on nope (x);\n', async (db, dir) => {
      assert.equal((await shale(['--db', db.url, 'up'], { cwd: dir })).code, 1);
      assert.deepEqual(await pgQuery(db.url, 'select statements_done::int as d, statements_started::int as s from shale_migrations'), [{ d: 1, s: 1 }]);
    });
  });

  it('a DO block inside the migration\'s own block is part of it: a later failure undoes all of the block', async () => {
    const db = await createPgDatabase('shale_doubt');
    const sql = ['-- transaction: false', 'create table t (x int);', 'begin;', 'insert into t values (1);', 'do $$ begin perform 1; end $$;', 'insert into t values (2);', 'insert into nope values (3);', 'commit;'].join('\n');
    const dir = project(sql);
    try {
      assert.equal((await shale(['--db', db.url, 'up'], { cwd: dir })).code, 1);
      assert.deepEqual(await pgQuery(db.url, 'select count(*)::int as n from t'), [{ n: 0 }]);
      assert.deepEqual(await pgQuery(db.url, 'select statements_done::int as d from shale_migrations'), [{ d: 1 }]);
    } finally {
      await db.drop();
    }
  });

  it('a migration that ends inside its own BEGIN is an error, and nothing of the block stays', async () => {
    await withPgProject('-- transaction: false\ncreate table t (x int);\nbegin;\ninsert into t values (1);\n', async (db, dir) => {
      const r = await shale(['--db', db.url, 'up'], { cwd: dir });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /ends inside its own BEGIN without a COMMIT/);
      assert.deepEqual(await pgQuery(db.url, 'select count(*)::int as n from t'), [{ n: 0 }]);
    });
  });

  it('a statement an earlier run left running on the server: up waits for it, or times out with exit 5 naming it', async () => {
    const db = await createPgDatabase('shale_doubt');
    const dir = project('create table t (x int);\n');
    const busy = await busySession(db, `shale-run ${runKey(`${db.name}|public|shale_`)} 4242@elsewhere`);
    try {
      const r = await shale(['--db', db.url, '--lock-timeout', '1', 'up'], { cwd: dir });
      assert.equal(r.code, 5, r.stderr);
      assert.match(r.stderr, /a statement of an earlier shale run is still running .*4242@elsewhere.*pg_advisory_xact_lock_shared/);
      // The statement ends (the gate is let go) only once this run says it waits for it.
      const run = startShale(['--db', db.url, 'up'], { cwd: dir });
      let stderr = '';
      await new Promise<void>((res, rej) => {
        run.child.stderr!.on('data', (d: Buffer) => {
          stderr += d.toString();
          if (/waiting for a statement of an earlier shale run to finish/.test(stderr)) res();
        });
        run.child.on('close', () => rej(new Error(`up ended without waiting: ${stderr}`)));
      });
      await busy.release();
      const waited = await run.done;
      assert.equal(waited.code, 0, waited.stderr);
      assert.match(waited.stderr, /waiting for a statement of an earlier shale run to finish/);
    } finally {
      await busy.release();
      await db.drop();
    }
  });
});

describe('in doubt: mysql', { skip: skipMysql }, () => {
  async function leftInDoubt(sql: string, fix: string[], started = 2) {
    const db = await createMysqlDatabase('shale_doubt');
    const dir = project(sql);
    const args = ['--db', db.url];
    const r = await shale([...args, 'up'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const c = await db.connect();
    for (const f of [...fix, `update shale_migrations set status = 'partial', statements_done = ${started - 1}, statements_started = ${started}`, 'delete from shale_log']) await c.query(f);
    return { db, dir, args, c };
  }

  it('DDL checked in information_schema: an existing column is done, a missing index is run again', async () => {
    const col = await leftInDoubt('create table t (x int);\nalter table t add column y int;\ninsert into t values (1, 2);\n', ['delete from t']);
    try {
      const r = await shale([...col.args, 'resume'], { cwd: col.dir });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /had completed \(column t\.y exists\)/);
      assert.deepEqual((await col.c.query('select x, y from t'))[0], [{ x: 1, y: 2 }]);
    } finally {
      await col.db.drop();
    }
    const idx = await leftInDoubt('create table t (x int);\ncreate index t_x on t (x);\ninsert into t values (1);\n', ['delete from t', 'drop index t_x on t']);
    try {
      const r = await shale([...idx.args, 'resume'], { cwd: idx.dir });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /had not completed; running it again \(index t_x on t does not exist\)/);
      assert.deepEqual((await idx.c.query("select count(*) as n from information_schema.statistics where table_schema = database() and index_name = 't_x'"))[0], [{ n: 1 }]);
      const [log] = await idx.c.query('select operation from shale_log order by seq');
      assert.deepEqual(ops(log as Record<string, unknown>[]), ['statement-not-done', 'resume']);
    } finally {
      await idx.db.drop();
    }
  });

  it('the state tables are qualified: a migration\'s USE of another database leaves the bookkeeping where it was', async () => {
    const other = await createMysqlDatabase('shale_doubt_other');
    const db = await createMysqlDatabase('shale_doubt');
    const dir = project(`use \`${other.name}\`;\ncreate table x (a int);\ninsert into x values (1);\n`);
    try {
      const r = await shale(['--db', db.url, 'up'], { cwd: dir });
      assert.equal(r.code, 0, r.stderr);
      const c = await db.connect();
      const [rows] = await c.query('select status, statements_done from shale_migrations');
      assert.deepEqual(rows, [{ status: 'applied', statements_done: 3 }]);
    } finally {
      await db.drop();
      await other.drop();
    }
  });

  it('RENAME TABLE cannot be checked: exit 4, then --statement-done skips it', async () => {
    const d = await leftInDoubt('create table a (x int);\nrename table a to b;\ninsert into b values (1);\n', ['delete from b']);
    try {
      const r = await shale([...d.args, 'resume'], { cwd: d.dir });
      assert.equal(r.code, 4, r.stderr);
      const ok = await shale([...d.args, 'resume', '--statement-done'], { cwd: d.dir });
      assert.equal(ok.code, 0, ok.stderr);
      assert.deepEqual((await d.c.query('select x from b'))[0], [{ x: 1 }]);
    } finally {
      await d.db.drop();
    }
  });
});

describe('in doubt: sqlite', () => {
  it('a PRAGMA inside the migration\'s own block is part of it (the table-rebuild recipe)', async () => {
    const sql = [
      '-- transaction: false',
      'create table t (x int);',
      'insert into t values (1);',
      'pragma foreign_keys = off;',
      'begin;',
      'pragma defer_foreign_keys = on;',
      'create table t_new (x int, y int default 0);',
      'insert into t_new (x) select x from t;',
      'drop table t;',
      'alter table t_new rename to t;',
      'commit;',
      'pragma foreign_keys = on;',
    ].join('\n');
    const dir = project(sql);
    const r = await shale(['--db', 'sqlite:app.db', 'up'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(join(dir, 'app.db'), { readonly: true });
    assert.deepEqual(db.prepare('select x, y from t').all(), [{ x: 1, y: 0 }]);
    db.close();
  });

  it('a PRAGMA or VACUUM in doubt runs again', async () => {
    const dir = project('-- transaction: false\ncreate table t (x int);\npragma user_version = 3;\ninsert into t values (1);\n');
    const args = ['--db', 'sqlite:app.db'];
    assert.equal((await shale([...args, 'up'], { cwd: dir })).code, 0);
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(join(dir, 'app.db'));
    db.exec("delete from t; pragma user_version = 0; update shale_migrations set status = 'partial', statements_done = 1, statements_started = 2; delete from shale_log");
    db.close();
    const r = await shale([...args, 'resume'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /had not completed; running it again \(PRAGMA can run again\)/);
    const after = new Database(join(dir, 'app.db'), { readonly: true });
    assert.equal(after.pragma('user_version', { simple: true }), 3);
    assert.deepEqual(after.prepare('select x from t').all(), [{ x: 1 }]);
    after.close();
  });
});
