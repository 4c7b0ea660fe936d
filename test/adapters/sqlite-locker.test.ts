// The SQLite lock row: contention between processes, takeover of dead holders, --lock-timeout
// naming the holder, `shale unlock`, a lock removed under a running migrator.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { createMigrator, memorySource, openAdapter } from '../../src/index.js';
import { SQLITE_HEARTBEAT_MS, SQLITE_STALE_MS } from '../../src/adapters/sqlite/locker.js';
import { shale, startShale, tempDir } from '../helpers/cli.js';
import { fileGate } from '../helpers/file-gate.js';

function project(files: Record<string, string>): string {
  const dir = tempDir('shale-sqlite-lock-');
  mkdirSync(join(dir, 'migrations'));
  for (const [n, t] of Object.entries(files)) writeFileSync(join(dir, 'migrations', n), t);
  return dir;
}

function query<T>(file: string, sql: string, params: unknown[] = []): T[] {
  const db = new Database(file);
  try {
    const stmt = db.prepare(sql);
    return (stmt.reader ? stmt.all(...params) : (stmt.run(...params), [])) as T[];
  } finally {
    db.close();
  }
}

const LOCK_TABLE = 'create table if not exists shale_lock (id integer primary key check (id = 1), host text not null, pid integer not null, since text not null, heartbeat text not null)';

/** A statement that keeps SQLite busy for a while (and the write lock held, inside a migration). */
const busy = (n: number | string) => `select count(*) from (with recursive c(x) as (select 1 union all select x + 1 from c where x < ${n}) select x from c);`;

describe('sqlite lock', () => {
  it('10 concurrent `shale up` on one file with write contention: all exit 0, each migration once', async () => {
    const files: Record<string, string> = {};
    for (let i = 1; i <= 6; i++) files[`00${i}_m${i}.sql`] = `create table c${i} (id integer primary key);\ninsert into c${i} values (${i});\n${busy(300_000)}\n`;
    const dir = project(files);
    const file = join(dir, 'app.db');
    const runs = await Promise.all(Array.from({ length: 10 }, () => shale(['--db', `sqlite:${file}`, '--lock-timeout', '120', '--json', 'up'], { cwd: dir })));
    for (const r of runs) assert.equal(r.code, 0, r.stderr);
    const appliedBy = runs.flatMap((r) => (JSON.parse(r.stdout) as { results: { id: string; status: string }[] }).results.filter((x) => x.status === 'applied').map((x) => x.id));
    assert.deepEqual(appliedBy.sort(), Object.keys(files).map((f) => f.replace(/\.sql$/, '')).sort());
    const log = query<{ id: string; n: number }>(file, "select id, count(*) as n from shale_log where operation = 'apply' group by id");
    assert.equal(log.length, 6);
    for (const row of log) assert.equal(row.n, 1, `${row.id} applied ${row.n} times`);
    assert.deepEqual(query(file, 'select * from shale_lock'), [], 'lock released');
  });

  it('--lock-timeout names the holder and is kept while the holder writes (waiters do not queue for the write lock)', async () => {
    const dir = project({ '0001_a.sql': 'create table a (id integer);\n' });
    const file = join(dir, 'app.db');
    const a = await openAdapter(`sqlite:${file}`);
    try {
      await a.locker.acquire({ timeoutMs: 1000 });
      // The open transaction holds SQLite's write lock, as a running migration does.
      await a.transaction(
        async () => {
          const r = await shale(['--db', `sqlite:${file}`, '--lock-timeout', '1', 'up'], { cwd: dir });
          assert.equal(r.code, 5, r.stderr);
          assert.match(r.stderr.trim(), new RegExp(`^shale: error: timed out after 1s waiting for the migration lock held by pid ${process.pid} on ${hostname()} since \\S+; if that process is gone, run \`shale unlock\`$`));
          // The wait itself, in this process: the start of a CLI process on a loaded machine is no part of it.
          const m = createMigrator({ db: `sqlite:${file}`, sources: [memorySource({ '0001_a.sql': 'create table a (id integer);\n' })], lockTimeoutMs: 1000 });
          try {
            const started = Date.now();
            const waited = await m.up();
            const took = Date.now() - started;
            assert.equal(waited.error?.code, 'E_LOCK_TIMEOUT', String(waited.error));
            assert.ok(took < 4_500, `timed out after ${took} ms, not after SQLite's busy timeout`);
          } finally {
            await m.close();
          }
        },
        { discard: true },
      );
    } finally {
      await a.close();
    }
    const ok = await shale(['--db', `sqlite:${file}`, 'up'], { cwd: dir });
    assert.equal(ok.code, 0, ok.stderr);
  });

  it('SIGKILL of the holder mid-migration: the next run takes the lock over at once; the killed migration left nothing', async () => {
    const dir = project({ '001_base.sql': 'create table base (id integer);\n', '003_c.sql': 'create table c (id integer);\n' });
    // Killed while 002 waits at the gate, half created in its open transaction.
    const gate = fileGate(dir);
    writeFileSync(join(dir, 'migrations', '002_slow.mjs'), gate.migration(['create table half (id integer)']));
    const file = join(dir, 'app.db');
    const run = startShale(['--db', `sqlite:${file}`, 'up'], { cwd: dir });
    try {
      await gate.reached();
      const holder = query<{ pid: number }>(file, 'select pid from shale_lock');
      assert.deepEqual(holder, [{ pid: run.child.pid }]);
      run.child.kill('SIGKILL');
      await run.done;
    } finally {
      run.child.kill('SIGKILL');
      gate.open();
    }
    assert.deepEqual(query(file, "select name from sqlite_master where name = 'half'"), [], 'the killed migration left nothing');
    const again = await shale(['--db', `sqlite:${file}`, '--lock-timeout', '5', '--json', 'up'], { cwd: dir });
    assert.equal(again.code, 0, again.stderr);
    // At once: the first attempt took the lock (a failed one prints the wait line).
    assert.doesNotMatch(again.stderr, /waiting for the migration lock/);
    assert.deepEqual((JSON.parse(again.stdout) as { results: { id: string }[] }).results.map((x) => x.id), ['002_slow', '003_c']);
    assert.deepEqual(query<{ id: string; operation: string }>(file, 'select id, operation from shale_log order by seq').map((x) => `${x.id} ${x.operation}`), ['001_base apply', '002_slow apply', '003_c apply']);
    assert.deepEqual(query(file, 'select count(*) as n from half'), [{ n: 0 }]);
    assert.deepEqual(query(file, 'select * from shale_lock'), []);
  });

  it('a live holder on another host: exit 5 naming it; `shale unlock` removes it; then up runs', async () => {
    const dir = project({ '0001_a.sql': 'create table a (id integer);\n' });
    const file = join(dir, 'app.db');
    const now = new Date().toISOString();
    query(file, LOCK_TABLE);
    query(file, 'insert into shale_lock values (1, ?, ?, ?, ?)', ['api-7', 4242, now, now]);
    const r = await shale(['--db', `sqlite:${file}`, '--lock-timeout', '1', 'up'], { cwd: dir });
    assert.equal(r.code, 5);
    assert.match(r.stderr, /held by pid 4242 on api-7 since /);
    const unlock = await shale(['--db', `sqlite:${file}`, 'unlock'], { cwd: dir });
    assert.equal(unlock.code, 0, unlock.stderr);
    assert.deepEqual(query(file, 'select * from shale_lock'), []);
    const again = await shale(['--db', `sqlite:${file}`, 'unlock'], { cwd: dir });
    assert.equal(again.code, 0, again.stderr);
    const ok = await shale(['--db', `sqlite:${file}`, 'up'], { cwd: dir });
    assert.equal(ok.code, 0, ok.stderr);
  });

  it('unlock on a database that never had a lock creates nothing', async () => {
    const dir = project({});
    const file = join(dir, 'app.db');
    const r = await shale(['--db', `sqlite:${file}`, 'unlock'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(query(file, "select name from sqlite_master where name = 'shale_lock'"), []);
  });

  it('stale holders are taken over: another host past the stale age, this pid from an earlier life', async () => {
    const dir = project({});
    const file = join(dir, 'app.db');
    query(file, LOCK_TABLE);
    const old = new Date(Date.now() - SQLITE_STALE_MS - 60_000).toISOString();
    query(file, 'insert into shale_lock values (1, ?, ?, ?, ?)', ['gone-host', 1, old, old]);
    const m = createMigrator({ db: `sqlite:${file}`, sources: [memorySource({ '0001_a.sql': 'create table a (id integer);' })], lockTimeoutMs: 1000 });
    try {
      assert.equal((await m.up()).error, null);
      // A container restarted: the same pid, but the row is older than this process.
      const before = new Date(performance.timeOrigin - 60_000).toISOString();
      query(file, 'insert into shale_lock values (1, ?, ?, ?, ?)', [hostname(), process.pid, before, before]);
      assert.equal((await m.mark(['0001_a'])).error, null);
      assert.deepEqual(query(file, 'select * from shale_lock'), []);
    } finally {
      await m.close();
    }
  });

  it('`shale unlock` while another process runs a long migration: exit 0 at once; that run stops before its next migration', { timeout: 60_000 }, async () => {
    const dir = project({
      '001_a.sql': 'create table a (id integer);\n',
      '003_c.sql': 'create table c (id integer);\n',
      '004_d.sql': 'create table d (id integer);\n',
    });
    // Runs until the test opens the gate, so `shale unlock` starts and ends while it runs, for certain
    // (it holds the write lock of its transaction throughout: it has written b).
    const gate = fileGate(dir);
    writeFileSync(join(dir, 'migrations', '002_slow.mjs'), gate.migration(['create table b (id integer)']));
    const file = join(dir, 'app.db');
    const run = startShale(['--db', `sqlite:${file}`, '--json', 'up'], { cwd: dir });
    try {
      await gate.reached();
      const unlock = await shale(['--db', `sqlite:${file}`, 'unlock'], { cwd: dir });
      assert.equal(unlock.code, 0, unlock.stderr);
      assert.equal(unlock.stdout.trim(), 'lock released');
      assert.deepEqual(query(file, 'select pid from shale_lock'), [{ pid: run.child.pid }], 'the running migration kept the write lock: the row could not be deleted');
    } finally {
      gate.open();
    }
    const r = await run.done;
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /lost the migration lock/);
    const doc = JSON.parse(r.stdout) as { results: { id: string; status: string }[]; error: { code: string } };
    assert.equal(doc.error.code, 'E_LOCK_LOST');
    // The migration running at the unlock finished; the next one never started.
    assert.deepEqual(doc.results.map((x) => `${x.id} ${x.status}`), ['001_a applied', '002_slow applied', '003_c failed', '004_d not-run']);
    assert.deepEqual(query(file, "select name from sqlite_master where name = 'c'"), []);
    assert.deepEqual(query(file, 'select * from shale_lock'), [], 'the stopped run removed its row');
    const again = await shale(['--db', `sqlite:${file}`, '--lock-timeout', '1', '--json', 'up'], { cwd: dir });
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual((JSON.parse(again.stdout) as { results: { id: string }[] }).results.map((x) => x.id), ['003_c', '004_d']);
  });

  it('a lock removed while held (shale unlock during a run) stops the run before the next migration', { timeout: 30_000 }, async () => {
    const dir = project({});
    const file = join(dir, 'app.db');
    const m = createMigrator({ db: `sqlite:${file}`, sources: [memorySource({ '0001_a.sql': 'create table a (id integer);', '0002_b.sql': 'create table b (id integer);' })] });
    try {
      const r = await m.withLock(async () => {
        query(file, 'delete from shale_lock');
        await new Promise((res) => setTimeout(res, SQLITE_HEARTBEAT_MS + 500));
        return m.up();
      });
      assert.equal(r.error?.code, 'E_LOCK_LOST');
      assert.deepEqual(r.results.map((x) => x.status), ['failed', 'not-run']);
    } finally {
      await m.close();
    }
  });
});
