// Killed processes, failing statements, CREATE INDEX CONCURRENTLY under lock contention.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { createPgDatabase, pgQuery, skipUnlessPg, type TempPgDatabase } from '../../helpers/databases.js';
import { shale, startShale, tempDir } from '../../helpers/cli.js';
import { fileGate } from '../../helpers/file-gate.js';

function project(files: Record<string, string>): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'migrations'));
  for (const [n, t] of Object.entries(files)) writeFileSync(join(dir, 'migrations', n), t);
  return dir;
}

async function waitFor(check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not reached in time');
}

describe('failure handling (CLI)', async () => {
  const skipPg = await skipUnlessPg();
  const dbs: TempPgDatabase[] = [];
  const newDb = async () => {
    const d = await createPgDatabase();
    dbs.push(d);
    return d;
  };
  after(async () => {
    for (const d of dbs) await d.drop();
  });

  it('SIGKILL inside a transactional PostgreSQL migration: nothing of it applied, no state row; the next up succeeds', { skip: skipPg }, async () => {
    const db = await newDb();
    // Waits (inside its transaction) until the test creates go_fast, so the killed run stays mid-migration.
    const dir = project({
      '001_base.sql': 'create table base (id int);',
      '002_slow.sql':
        "create table half (id int);\ninsert into half values (1);\ndo $$ begin for i in 1..600 loop exit when exists (select 1 from pg_tables where tablename = 'go_fast'); perform pg_sleep(0.05); end loop; end $$;\ncreate table after_wait (id int);\n",
    });
    const run = startShale(['--db', db.url, 'up'], { cwd: dir });
    await waitFor(async () => (await pgQuery(db.url, "select 1 from pg_stat_activity where query like '%go_fast%' and state = 'active' and pid <> pg_backend_pid()")).length > 0);
    run.child.kill('SIGKILL');
    const r = await run.done;
    assert.equal(r.signal, 'SIGKILL');
    await pgQuery(db.url, 'create table go_fast (id int)');
    // The orphaned backend notices the dead client only when it finishes; wait for it to go.
    await waitFor(async () => (await pgQuery(db.url, "select 1 from pg_stat_activity where query like '%go_fast%' and pid <> pg_backend_pid() and state = 'active'")).length === 0);
    const state = await pgQuery(db.url, 'select id, status from shale_migrations order by id');
    assert.deepEqual(state, [{ id: '001_base', status: 'applied' }]);
    assert.equal((await pgQuery(db.url, "select 1 from pg_tables where tablename in ('half', 'after_wait')")).length, 0);
    const again = await shale(['--db', db.url, 'up'], { cwd: dir });
    assert.equal(again.code, 0, again.stderr);
    assert.equal((await pgQuery(db.url, 'select id from shale_migrations')).length, 2);
  });

  it('SIGKILL inside a transactional SQLite migration: rolled back, dead holder taken over, next up succeeds', async () => {
    const dir = project({ '001_base.sql': 'create table base (id int);' });
    // Creates half, then waits (inside its transaction) until the test lets it go: the kill lands mid-migration.
    const gate = fileGate(dir);
    writeFileSync(join(dir, 'migrations', '002_slow.mjs'), gate.migration(['create table half (id int)']));
    const file = join(dir, 'app.db');
    const run = startShale(['--db', `sqlite:${file}`, 'up'], { cwd: dir });
    try {
      await gate.reached();
      run.child.kill('SIGKILL');
      assert.equal((await run.done).signal, 'SIGKILL');
    } finally {
      run.child.kill('SIGKILL');
      gate.open();
    }
    const db = new Database(file);
    try {
      assert.deepEqual(db.prepare('select id from shale_migrations').all(), [{ id: '001_base' }]);
      assert.equal(db.prepare("select 1 from sqlite_master where name = 'half'").all().length, 0);
      assert.equal((db.prepare('select count(*) as n from shale_lock').get() as { n: number }).n, 1, 'the dead process left its lock row');
    } finally {
      db.close();
    }
    // 001 is recorded and not re-run; 002 goes through the open gate.
    const again = await shale(['--db', `sqlite:${file}`, '--lock-timeout', '5', '--json', 'up'], { cwd: dir });
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual((JSON.parse(again.stdout) as { results: { id: string }[] }).results.map((x) => x.id), ['002_slow']);
  });

  it('a failing statement: exit 1 with file:line:col; transactional state unchanged', { skip: skipPg }, async () => {
    const db = await newDb();
    const dir = project({ '001_ok.sql': 'create table ok (id int);', '002_bad.sql': 'create table t (id int);\n\n  insert into t values (1);\n  insert into t values (oops);\n' });
    const r = await shale(['--db', db.url, 'up'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /migrations\/002_bad\.sql:4:25: column "oops" does not exist/);
    assert.equal(r.stderr.trim().split('\n').length, 1, 'one line');
    assert.deepEqual(await pgQuery(db.url, 'select id from shale_migrations'), [{ id: '001_ok' }]);
    assert.equal((await pgQuery(db.url, "select 1 from pg_tables where tablename = 't'")).length, 0);
  });

  it('non-transactional failure is partial with statements_done; resume finishes it', { skip: skipPg }, async () => {
    const db = await newDb();
    const dir = project({ '001_nt.sql': '-- transaction: false\ncreate table a (id int);\ncreate table b (id int);\ninsert into missing values (1);\ncreate table c (id int);\n' });
    const r = await shale(['--db', db.url, 'up'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /001_nt\.sql:4:13: relation "missing" does not exist/);
    assert.match(r.stderr, /statements 1-2 of 4 ran and stay applied/);
    assert.deepEqual(await pgQuery(db.url, 'select status, statements_done::int as d, statements_total::int as t from shale_migrations'), [{ status: 'partial', d: 2, t: 4 }]);
    const blocked = await shale(['--db', db.url, 'up'], { cwd: dir });
    assert.equal(blocked.code, 4);
    assert.match(blocked.stderr, /partially applied/);
    const st = await shale(['--db', db.url, 'status', '--exit-code'], { cwd: dir });
    assert.equal(st.code, 4);
    await pgQuery(db.url, 'create table missing (id int)');
    const res = await shale(['--db', db.url, 'resume'], { cwd: dir });
    assert.equal(res.code, 0, res.stderr);
    assert.deepEqual(await pgQuery(db.url, 'select status, statements_done::int as d from shale_migrations'), [{ status: 'applied', d: 4 }]);
    assert.deepEqual((await pgQuery(db.url, 'select operation from shale_log order by seq')).map((x) => x['operation']), ['fail', 'resume']);
  });

  it('CREATE INDEX CONCURRENTLY in a transaction: false migration while other processes wait: no deadlock', { skip: skipPg }, async () => {
    const db = await newDb();
    await pgQuery(db.url, 'create table big as select g as id, md5(g::text) as v from generate_series(1, 200000) g');
    const dir = project({
      '001_idx.sql': '-- transaction: false\ncreate index concurrently big_v on big (v);\n',
      '002_after.sql': 'create table after_idx (id int);',
    });
    const runs = await Promise.all(Array.from({ length: 6 }, () => shale(['--db', db.url, '--lock-timeout', '60', 'up'], { cwd: dir })));
    for (const r of runs) assert.equal(r.code, 0, r.stderr);
    const idx = await pgQuery(db.url, "select indisvalid from pg_index where indexrelid = 'big_v'::regclass");
    assert.deepEqual(idx, [{ indisvalid: true }]);
    assert.equal((await pgQuery(db.url, "select count(*)::int as n from shale_log where operation = 'apply'"))[0]!['n'], 2);
  });
  it('the connection running a migration is terminated: exit 1, one line, that migration not recorded; the next up succeeds', { skip: skipPg }, async () => {
    const db = await newDb();
    const dir = project({
      '001_base.sql': 'create table base (id int);',
      // Waits until the test creates go_on (at most 30 s).
      '002_slow.sql': "create table half (id int);\ndo $$ begin for i in 1..600 loop exit when exists (select 1 from pg_tables where tablename = 'go_on'); perform pg_sleep(0.05); end loop; end $$;\n",
    });
    const run = startShale(['--db', db.url, 'up'], { cwd: dir });
    const busy = "select pid from pg_stat_activity where application_name like 'shale-run %' and datname = current_database() and query like '%go_on%' and state = 'active' and pid <> pg_backend_pid()";
    await waitFor(async () => (await pgQuery(db.url, busy)).length > 0);
    await pgQuery(db.url, `select pg_terminate_backend(pid) from (${busy}) b`);
    const r = await run.done;
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr.trim().split('\n').filter((l) => l.startsWith('shale: error:')).length, 1, r.stderr);
    assert.match(r.stderr, /shale: error: .*002_slow\.sql/);
    assert.deepEqual(await pgQuery(db.url, 'select id from shale_migrations order by id'), [{ id: '001_base' }]);
    assert.equal((await pgQuery(db.url, "select 1 from pg_tables where tablename = 'half'")).length, 0);
    await pgQuery(db.url, 'create table go_on (id int)');
    const again = await shale(['--db', db.url, 'up'], { cwd: dir });
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(await pgQuery(db.url, 'select id from shale_migrations order by id'), [{ id: '001_base' }, { id: '002_slow' }]);
  });

  it('the session holding the lock is terminated mid-run: the running migration finishes, the run stops before the next one', { skip: skipPg }, async () => {
    const db = await newDb();
    const dir = project({
      '001_base.sql': 'create table base (id int);',
      '002_slow.sql': "do $$ begin for i in 1..600 loop exit when exists (select 1 from pg_tables where tablename = 'go_on'); perform pg_sleep(0.05); end loop; end $$;\ncreate table two (id int);\n",
      '003_next.sql': 'create table three (id int);',
    });
    const run = startShale(['--db', db.url, 'up'], { cwd: dir });
    await waitFor(async () => (await pgQuery(db.url, "select 1 from pg_stat_activity where application_name like 'shale-run %' and datname = current_database() and query like '%go_on%' and state = 'active'")).length > 0);
    // The lock's own session (application_name "shale <pid>@<host>"), as an idle timeout or a proxy would end it.
    const ended = await pgQuery(db.url, "select pg_terminate_backend(pid) as ok from pg_stat_activity where application_name like 'shale %@%' and datname = current_database()");
    assert.deepEqual(ended, [{ ok: true }]);
    // pg_terminate_backend only signals: 002 may end only once that session is gone, or the run could
    // reach 003 before its lock connection saw the end.
    await waitFor(async () => (await pgQuery(db.url, "select 1 from pg_stat_activity where application_name like 'shale %@%' and datname = current_database()")).length === 0);
    await pgQuery(db.url, 'create table go_on (id int)');
    const r = await run.done;
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /^shale: error: lost the migration lock: its database session ended/m);
    assert.deepEqual(await pgQuery(db.url, 'select id from shale_migrations order by id'), [{ id: '001_base' }, { id: '002_slow' }]);
    assert.equal((await pgQuery(db.url, "select 1 from pg_tables where tablename = 'three'")).length, 0);
    const again = await shale(['--db', db.url, 'up'], { cwd: dir });
    assert.equal(again.code, 0, again.stderr);
    assert.equal((await pgQuery(db.url, 'select id from shale_migrations')).length, 3);
  });
});
