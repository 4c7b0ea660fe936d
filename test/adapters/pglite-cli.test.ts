// PGlite (embedded PostgreSQL) through the CLI: data folders across processes, one process per
// folder, pglite:memory, the template cache, transaction: false statements, error positions.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openAdapter } from '../../src/index.js';
import { PGLITE_LOCK_FILE } from '../../src/adapters/pglite/dir-lock.js';
import { shale, startShale, tempDir } from '../helpers/cli.js';
import { fileGate } from '../helpers/file-gate.js';

function project(files: Record<string, string>): string {
  const dir = tempDir('shale-pglite-cli-');
  mkdirSync(join(dir, 'migrations'));
  for (const [n, t] of Object.entries(files)) writeFileSync(join(dir, 'migrations', n), t);
  return dir;
}

interface StatusDoc {
  migrations: { id: string; state: string }[];
  counts: Record<string, number>;
}

const statusOf = async (dir: string, url: string, env: NodeJS.ProcessEnv = {}): Promise<StatusDoc> => {
  const r = await shale(['--db', url, '--json', 'status'], { cwd: dir, env });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as StatusDoc;
};

const TWO = { '0001_a.sql': 'create table a (id int primary key);\ninsert into a values (1);\n', '0002_b.sql': 'create table b (id int references a (id));\n' };

/** A pid that ran on this host and is gone. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('pglite through the CLI', () => {
  it('pglite:./dir persists across processes; the folder is free again after each run', async () => {
    const dir = project(TWO);
    const up = await shale(['--db', 'pglite:./data', 'up'], { cwd: dir });
    assert.equal(up.code, 0, up.stderr);
    assert.ok(existsSync(join(dir, 'data', 'PG_VERSION')));
    assert.equal(existsSync(join(dir, 'data', PGLITE_LOCK_FILE)), false);
    const st = await statusOf(dir, 'pglite:./data');
    assert.deepEqual(st.migrations.map((m) => [m.id, m.state]), [['0001_a', 'applied'], ['0002_b', 'applied']]);
    const abs = await statusOf(dir, `pglite:${join(dir, 'data')}`);
    assert.equal(abs.counts['applied'], 2, 'an absolute path names the same folder');
  });

  it('two processes on one data folder: the second gets a clear error, nothing is applied twice', { timeout: 60_000 }, async () => {
    const dir = project({ '0002_b.sql': 'create table b (id int);\n' });
    // The first process waits in its first migration until the others have run.
    const gate = fileGate(dir);
    writeFileSync(join(dir, 'migrations', '0001_slow.mjs'), gate.migration(['create table slow (id int)']));
    const first = startShale(['--db', 'pglite:./data', '--json', 'up'], { cwd: dir });
    const lock = join(dir, 'data', PGLITE_LOCK_FILE);
    try {
      await gate.reached();
      assert.ok(existsSync(lock), 'the first process holds the folder');
      const second = await shale(['--db', 'pglite:./data', 'up'], { cwd: dir });
      assert.equal(second.code, 1);
      const lines = second.stderr.trim().split('\n');
      assert.equal(lines.length, 1, second.stderr);
      assert.match(lines[0]!, new RegExp(`pglite:\\./data: its data folder is in use by pid ${first.child.pid} on ${hostname()} since .*one process at a time`));
      const status = await shale(['--db', 'pglite:./data', 'status'], { cwd: dir });
      assert.equal(status.code, 1, 'reading is refused too: recovery in a second process would write the folder');
    } finally {
      gate.open();
    }
    const r = await first.done;
    assert.equal(r.code, 0, r.stderr);
    const st = await statusOf(dir, 'pglite:./data');
    assert.deepEqual(st.counts, { applied: 2, pending: 0, changed: 0, missing: 0, partial: 0 });
  });

  it('a lock file left by a killed process is taken over', async () => {
    const dir = project(TWO);
    assert.equal((await shale(['--db', 'pglite:./data', 'up'], { cwd: dir })).code, 0);
    writeFileSync(join(dir, 'data', PGLITE_LOCK_FILE), JSON.stringify({ pid: deadPid(), host: hostname(), since: new Date().toISOString() }));
    const st = await statusOf(dir, 'pglite:./data');
    assert.equal(st.counts['applied'], 2);
    assert.equal(existsSync(join(dir, 'data', PGLITE_LOCK_FILE)), false);
  });

  it('a folder that is neither empty nor a data folder is refused, and left as it was', async () => {
    const dir = project(TWO);
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'index.ts'), 'export {};\n');
    const r = await shale(['--db', 'pglite:./src', 'up'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^shale: error: cannot start embedded PostgreSQL pglite:\.\/src: .* is not empty and is not a PGlite data folder/);
    assert.deepEqual(readdirSync(join(dir, 'src')), ['index.ts']);
  });

  it('pglite:memory: up applies to a database that ends with the process', async () => {
    const dir = project(TWO);
    const up = await shale(['--db', 'pglite:memory', 'up'], { cwd: dir });
    assert.equal(up.code, 0, up.stderr);
    assert.match(up.stdout, /applied 2 migrations/);
    assert.equal((await statusOf(dir, 'pglite:memory')).counts['pending'], 2);
    assert.deepEqual(readdirSync(dir), ['migrations']);
  });

  it('a damaged template in $TMPDIR: a cold start replaces it; an unwritable $TMPDIR: a cold start, no failure', { timeout: 120_000 }, async () => {
    const dir = project(TWO);
    const tmp = tempDir('shale-pglite-tmp-');
    const version = (JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8')) as { version: string }).version;
    const template = join(tmp, `shale-pglite-template-${version}.tar.gz`);
    writeFileSync(template, 'not a tarball');
    const a = await shale(['--db', 'pglite:./data', 'up'], { cwd: dir, env: { TMPDIR: tmp } });
    assert.equal(a.code, 0, a.stderr);
    assert.ok(statSync(template).size > 100_000, 'the damaged template was replaced');
    assert.equal((await statusOf(dir, 'pglite:./data', { TMPDIR: tmp })).counts['applied'], 2);
    writeFileSync(template, readFileSync(template).subarray(0, 5000)); // truncated
    const mem = await shale(['--db', 'pglite:memory', 'up'], { cwd: dir, env: { TMPDIR: tmp } });
    assert.equal(mem.code, 0, mem.stderr);
    const b = await shale(['--db', 'pglite:memory', 'up'], { cwd: dir, env: { TMPDIR: join(tmp, 'missing', 'folder') } });
    assert.equal(b.code, 0, b.stderr);
    assert.equal(b.stderr, '');
  });

  it('transaction: false runs CREATE INDEX CONCURRENTLY and advisory locks; without it, CIC says what to do', async () => {
    const dir = project({
      '0001_t.sql': 'create table t (id int, v text);\n',
      '0002_cic.sql': '-- transaction: false\ncreate index concurrently t_v on t (v);\nselect pg_advisory_lock(42);\nselect pg_advisory_unlock(42);\n',
      '0003_cic.sql': 'create index concurrently t_id on t (id);\n',
    });
    const r = await shale(['--db', 'pglite:./data', 'up'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /0003_cic\.sql:1:1: CREATE INDEX CONCURRENTLY cannot run inside a transaction block.*-- transaction: false/);
    const st = await statusOf(dir, 'pglite:./data');
    assert.deepEqual(st.migrations.map((m) => m.state), ['applied', 'applied', 'pending']);
    const a = await openAdapter('pglite:' + join(dir, 'data'));
    try {
      assert.deepEqual((await a.query("select indexname from pg_indexes where tablename = 't'")).rows, [{ indexname: 't_v' }]);
    } finally {
      await a.close();
    }
  });

  it('SQL errors point into the file (file:line:col)', async () => {
    const dir = project({ '0001_a.sql': 'create table u (id int);\n\ninsert into u values (1),\n  (oops);\n' });
    const r = await shale(['--db', 'pglite:memory', 'up'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^shale: error: migrations\/0001_a\.sql:4:4: column "oops" does not exist/);
  });

  it('in one process, concurrent opens of one folder share one instance', async () => {
    const dir = tempDir('shale-pglite-shared-');
    const url = `pglite:${join(dir, 'data')}`;
    const [a, b] = await Promise.all([openAdapter(url), openAdapter(url)]);
    try {
      await a.query('create table s (id int)');
      assert.deepEqual((await b.query('select count(*)::int as n from s')).rows, [{ n: 0 }]);
    } finally {
      await a.close();
      await b.close();
    }
    assert.equal(existsSync(join(dir, 'data', PGLITE_LOCK_FILE)), false);
    const c = await openAdapter(url);
    try {
      assert.deepEqual((await c.query('select count(*)::int as n from s')).rows, [{ n: 0 }]);
    } finally {
      await c.close();
    }
  });
});
