import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { skipUnlessPg, type TempPgDatabase } from '../../helpers/databases.js';
import { createPgDatabases, dropPgDatabases } from '../../helpers/pg-fleet.js';

const BIN = new URL('../../../bin/shale.js', import.meta.url).pathname;
const skip = await skipUnlessPg();

interface Report {
  targets: { target: string; status: 'ok' | 'failed' | 'skipped'; applied: string[]; rolledBack: string[]; pending: string[]; durationMs: number; error: { code: string; message: string } | null }[];
  summary: { total: number; ok: number; failed: number; skipped: number; stopped: string | null };
}

let dir: string;
let migrations: string;
const pgs: TempPgDatabase[] = [];
const sqlites: string[] = [];
const BROKEN = 10; // index of the PostgreSQL target broken on purpose

function targets(): string[] {
  return [...pgs.map((d) => d.url), ...sqlites.map((f) => `sqlite:${f}`)];
}

function shale(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, '--source', migrations, ...args], { cwd: dir, env: { ...process.env, SHALE_DATABASE_URL: '', DATABASE_URL: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => void (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

async function fleetJson(args: string[]): Promise<{ status: number | null; report: Report; stderr: string }> {
  const r = await shale(['fleet', ...args, '--json']);
  let report: Report;
  try {
    report = JSON.parse(r.stdout) as Report;
  } catch {
    throw new Error(`not JSON (exit ${r.status}): ${r.stdout}\n${r.stderr}`);
  }
  return { status: r.status, report, stderr: r.stderr };
}

/** What each target's state table really says: applied ids, or null when shale never touched it. */
async function realState(url: string): Promise<{ ids: string[] | null; applies: Map<string, number> }> {
  let rows: { id: string }[] | null;
  let log: { id: string; n: number }[] = [];
  if (url.startsWith('sqlite:')) {
    const db = new Database(url.slice('sqlite:'.length));
    try {
      const has = db.prepare("select count(*) as n from sqlite_master where name = 'shale_migrations'").get() as { n: number };
      rows = has.n ? (db.prepare("select id from shale_migrations where status = 'applied' order by id").all() as { id: string }[]) : null;
      if (has.n) log = db.prepare("select id, count(*) as n from shale_log where operation = 'apply' group by id").all() as { id: string; n: number }[];
    } finally {
      db.close();
    }
  } else {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const has = await c.query("select to_regclass('shale_migrations') is not null as x");
      rows = has.rows[0].x ? (await c.query("select id from shale_migrations where status = 'applied' order by id")).rows : null;
      if (has.rows[0].x) log = (await c.query("select id, count(*)::int as n from shale_log where operation = 'apply' group by id")).rows;
    } finally {
      await c.end();
    }
  }
  return { ids: rows ? rows.map((r) => r.id) : null, applies: new Map(log.map((r) => [r.id, Number(r.n)])) };
}

/** The report tells the truth: ok/failed targets hold exactly what they should; skipped ones were untouched this run. */
async function checkAgainstDatabases(report: Report, expectedOk: string[], before: Map<string, string[] | null>): Promise<void> {
  const all = targets();
  assert.equal(report.targets.length, all.length);
  for (const [i, t] of report.targets.entries()) {
    const { ids } = await realState(all[i]!);
    const prior = before.get(all[i]!) ?? null;
    if (t.status === 'ok') assert.deepEqual(ids, expectedOk, t.target);
    if (t.status === 'skipped') assert.deepEqual(ids, prior, `${t.target} was skipped but changed`);
    if (t.status !== 'skipped') assert.deepEqual(ids ?? [], [...(prior ?? []), ...t.applied].sort(), `${t.target}: report says applied ${t.applied.join(',')}`);
    if (t.status === 'failed') assert.ok(t.error?.message, t.target);
  }
}

async function snapshot(): Promise<Map<string, string[] | null>> {
  const m = new Map<string, string[] | null>();
  for (const t of targets()) m.set(t, (await realState(t)).ids);
  return m;
}

before(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'shale-fleet-'));
  migrations = join(dir, 'migrations');
  mkdirSync(migrations);
  writeFileSync(join(migrations, '001.accounts.sql'), 'create table accounts (id integer primary key, name text);\n');
  writeFileSync(join(migrations, '002.items.sql'), 'create table items (id integer primary key, account integer);\n');
  writeFileSync(join(migrations, '003.note.sql'), 'alter table accounts add column note text;\n');
  pgs.push(...(await createPgDatabases(50, 'shale_fleet')));
  for (let i = 0; i < 3; i++) sqlites.push(join(dir, `tenant${i}.db`));
  // Broken on purpose: the table 002 creates already exists.
  const c = new pg.Client({ connectionString: pgs[BROKEN]!.url });
  await c.connect();
  await c.query('create table items (x int)');
  await c.end();
  writeFileSync(join(dir, 'targets.txt'), `# the fleet\n${targets().join('\n')}\n\n# end\n`);
});

after(async () => {
  await dropPgDatabases(pgs);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('shale fleet', { skip }, () => {
  test('without --continue-on-error: stops after the broken target, exit 1, report matches the databases', async () => {
    const before = await snapshot();
    const { status, report } = await fleetJson(['up', '--targets', 'targets.txt', '--concurrency', '4']);
    assert.equal(status, 1);
    const broken = report.targets[BROKEN]!;
    assert.equal(broken.status, 'failed');
    assert.deepEqual(broken.applied, ['001.accounts']);
    assert.equal(broken.error?.code, 'E_SQL');
    assert.equal(report.summary.stopped, 'target-failed');
    assert.equal(report.summary.failed, 1);
    // How many targets after the broken one start before it fails depends on timing (the other
    // workers keep pulling while it runs); what is certain: some are skipped, and only later ones.
    assert.ok(report.summary.skipped > 0, `skipped ${report.summary.skipped}`);
    assert.ok(report.targets.every((t, i) => t.status !== 'skipped' || i > BROKEN));
    assert.equal(report.summary.ok + report.summary.failed + report.summary.skipped, 53);
    assert.ok(report.targets.slice(0, BROKEN).every((t) => t.status === 'ok'));
    await checkAgainstDatabases(report, ['001.accounts', '002.items', '003.note'], before);
  });

  test('with --continue-on-error: every other target is migrated; re-running is safe and retries the failed one', async () => {
    const before = await snapshot();
    const { status, report } = await fleetJson(['up', '--targets', 'targets.txt', '--concurrency', '6', '--continue-on-error']);
    assert.equal(status, 1);
    assert.equal(report.summary.ok, 52);
    assert.equal(report.summary.failed, 1);
    assert.equal(report.targets[BROKEN]!.status, 'failed');
    await checkAgainstDatabases(report, ['001.accounts', '002.items', '003.note'], before);

    // Fix the broken target; the re-run only touches it.
    const c = new pg.Client({ connectionString: pgs[BROKEN]!.url });
    await c.connect();
    await c.query('drop table items');
    await c.end();
    const rerun = await fleetJson(['up', '--targets', 'targets.txt']);
    assert.equal(rerun.status, 0, rerun.stderr);
    assert.deepEqual(rerun.report.targets[BROKEN]!.applied, ['002.items', '003.note']);
    assert.equal(rerun.report.targets.filter((t) => t.applied.length > 0).length, 1);
    for (const t of targets()) {
      const { applies } = await realState(t);
      assert.deepEqual([...applies.entries()].sort(), [['001.accounts', 1], ['002.items', 1], ['003.note', 1]], t);
    }
  });

  test('--canary: a failing canary stops the fleet before the others', async () => {
    writeFileSync(join(migrations, '004.audit.sql'), 'create table audit (id integer);\n');
    writeFileSync(join(migrations, '004.audit.rollback.sql'), 'drop table audit;\n');
    const c = new pg.Client({ connectionString: pgs[1]!.url });
    await c.connect();
    await c.query('create table audit (x int)');
    await c.end();
    const before = await snapshot();
    const { status, report } = await fleetJson(['up', '--targets', 'targets.txt', '--canary', '3', '--continue-on-error']);
    assert.equal(status, 1);
    assert.equal(report.summary.stopped, 'canary-failed');
    assert.deepEqual(report.targets.slice(0, 3).map((t) => t.status), ['ok', 'failed', 'ok']);
    assert.equal(report.summary.skipped, 50);
    await checkAgainstDatabases(report, ['001.accounts', '002.items', '003.note', '004.audit'], before);

    // Status sees 004 pending everywhere but on the two good canaries.
    const st = await fleetJson(['status', '--targets', 'targets.txt', '--concurrency', '8']);
    assert.equal(st.status, 0);
    assert.deepEqual(st.report.targets.map((t) => t.pending.length), targets().map((_, i) => (i === 0 || i === 2 ? 0 : 1)));

    // A healthy canary lets the whole fleet through.
    const c2 = new pg.Client({ connectionString: pgs[1]!.url });
    await c2.connect();
    await c2.query('drop table audit');
    await c2.end();
    const ok = await fleetJson(['up', '--targets', 'targets.txt', '--canary', '2', '--concurrency', '8']);
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(ok.report.summary.ok, 53);
    assert.equal(ok.report.targets.filter((t) => t.applied.includes('004.audit')).length, 51);
  });

  test('targets from a catalog query; fleet down; plain progress lines and a summary table', async () => {
    const catalog = join(dir, 'catalog.db');
    const db = new Database(catalog);
    db.exec('create table tenants (url text, active int)');
    for (const [i, f] of sqlites.entries()) db.prepare('insert into tenants values (?, ?)').run(`sqlite:${f}`, i === 2 ? 0 : 1);
    db.close();
    const down = await fleetJson(['down', '--targets-query', 'select url from tenants where active = 1 order by url', '--catalog', `sqlite:${catalog}`]);
    assert.equal(down.status, 0, down.stderr);
    assert.deepEqual(down.report.targets.map((t) => [t.status, t.rolledBack]), [['ok', ['004.audit']], ['ok', ['004.audit']]]);
    assert.deepEqual((await realState(`sqlite:${sqlites[0]}`)).ids, ['001.accounts', '002.items', '003.note']);
    assert.deepEqual((await realState(`sqlite:${sqlites[2]}`)).ids, ['001.accounts', '002.items', '003.note', '004.audit']);

    const text = await shale(['fleet', 'up', '--targets', `sqlite:${sqlites[0]}`, `sqlite:${sqlites[1]}`]);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /^ok +sqlite:.*tenant0\.db +applied 004\.audit/m);
    assert.match(text.stdout, /target +status +time +result/);
    assert.match(text.stdout, /2 targets: 2 ok, 0 failed, 0 skipped; 2 migrations/);

    const bad = await shale(['fleet', 'up', '--targets-query', 'select 1']);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /--catalog/);
  });
});
