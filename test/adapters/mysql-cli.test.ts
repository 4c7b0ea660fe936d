import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openAdapter } from '../../src/index.js';
import { mysqlLockName } from '../../src/adapters/mysql/locker.js';
import { createMysqlDatabase, skipUnlessMysql, type TempMysqlDatabase } from '../helpers/mysql.js';

// End-to-end through the built CLI (`npm run build` first: bin/shale.js imports dist/).
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin', 'shale.js');
const skip = await skipUnlessMysql();

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function shale(args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [bin, ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const MIGRATIONS = 5;

describe('mysql: the shale CLI against MariaDB', { skip }, () => {
  let db: TempMysqlDatabase;
  let dir: string;
  before(async () => {
    assert.ok(existsSync(join(root, 'dist', 'cli', 'main.js')), 'dist/ is missing: run `npm run build` before the CLI tests');
    db = await createMysqlDatabase();
    dir = mkdtempSync(join(tmpdir(), 'shale-mysql-cli-'));
    writeFileSync(join(dir, '0000.runs.sql'), 'create table runs (id varchar(20) not null, conn bigint not null);');
    for (let i = 1; i <= MIGRATIONS; i++) {
      // `create table` fails if run twice, and the insert counts runs: both catch a double apply.
      writeFileSync(join(dir, `000${i}.m${i}.sql`), `create table m${i} (id int);\ninsert into runs (id, conn) values ('000${i}.m${i}', connection_id());\n`);
    }
  });
  after(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    await db?.drop();
  });

  it('20 concurrent `shale up`: every migration applied exactly once, all exit 0', async () => {
    const started = Date.now();
    const runs = await Promise.all(Array.from({ length: 20 }, () => shale(['--db', db.url, '--source', dir, '--lock-timeout', '120', '--json', 'up'])));
    const elapsed = Date.now() - started;
    for (const r of runs) assert.equal(r.code, 0, `exit ${r.code}: ${r.stderr}`);
    const docs = runs.map((r) => JSON.parse(r.stdout) as { ok: boolean; results: { id: string; status: string }[] });
    assert.ok(docs.every((d) => d.ok));
    const applied = docs.flatMap((d) => d.results.filter((x) => x.status === 'applied').map((x) => x.id)).sort();
    assert.deepEqual(applied, ['0000.runs', ...Array.from({ length: MIGRATIONS }, (_, i) => `000${i + 1}.m${i + 1}`)]);
    const c = await db.connect();
    const [rows] = await c.query('select id, count(*) as n from runs group by id order by id');
    assert.deepEqual(
      (rows as { id: string; n: number }[]).map((r) => [r.id, Number(r.n)]),
      Array.from({ length: MIGRATIONS }, (_, i) => [`000${i + 1}.m${i + 1}`, 1]),
    );
    const [log] = await c.query("select id, count(*) as n from shale_log where operation = 'apply' group by id having count(*) <> 1");
    assert.deepEqual(log, []);
    const [states] = await c.query("select count(*) as n from shale_migrations where status = 'applied'");
    assert.equal(Number((states as { n: number }[])[0]!.n), MIGRATIONS + 1);
    process.stderr.write(`# 20 concurrent shale up: ${elapsed} ms wall\n`);
  });

  it('lock timeout: exit 5 naming the holder; `shale unlock` ends the holder', async () => {
    const holder = await openAdapter(db.url);
    try {
      await holder.locker.acquire({ timeoutMs: 1000 });
      const c = await db.connect();
      const [rows] = await c.query('select IS_USED_LOCK(?) as id', [mysqlLockName(db.name, 'shale_')]);
      const owner = Number((rows as { id: number }[])[0]!.id);
      assert.ok(owner > 0);
      const started = Date.now();
      const r = await shale(['--db', db.url, '--source', dir, '--lock-timeout', '1', 'up']);
      assert.equal(r.code, 5, r.stderr);
      assert.ok(Date.now() - started >= 1000);
      const errorLine = r.stderr.trimEnd().split('\n').pop()!;
      assert.match(errorLine, /^shale: error: timed out after 1s waiting for the migration lock held by /);
      assert.match(errorLine, new RegExp(`connection ${owner}\\b`));
      assert.match(errorLine, /shale unlock/);

      const u = await shale(['--db', db.url, '--source', dir, '--json', 'unlock']);
      assert.equal(u.code, 0, u.stderr);
      assert.deepEqual(JSON.parse(u.stdout), { command: 'unlock', released: true });
      const [again] = await c.query('select IS_USED_LOCK(?) as id', [mysqlLockName(db.name, 'shale_')]);
      assert.equal((again as { id: number | null }[])[0]!.id, null);
      const st = await shale(['--db', db.url, '--source', dir, '--lock-timeout', '1', 'up']);
      assert.equal(st.code, 0, st.stderr);
    } finally {
      await holder.close();
    }
  });
});
