import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { createPgDatabase, skipUnlessPg, type TempPgDatabase } from '../../helpers/databases.js';
import { createPgDatabases, dropPgDatabases } from '../../helpers/pg-fleet.js';

const BIN = new URL('../../../bin/shale.js', import.meta.url).pathname;
const skip = await skipUnlessPg();
const IDS = ['001.a', '002.slow', '003.c'];
const GATE = 424242;
/** Targets (by position) whose migration 002 waits until the test lets it go: more than runner B's two slots. */
const GATED = [6, 12, 18, 24, 30];

let dir: string;
let queueDb: TempPgDatabase;
const pgs: TempPgDatabase[] = [];

function runner(): { child: ChildProcess; done: Promise<{ status: number | null; signal: string | null; stdout: string; stderr: string }> } {
  const args = ['--source', join(dir, 'migrations'), 'fleet', 'up', '--targets', 'targets.txt', '--coordinator', queueDb.url, '--lease', '2', '--concurrency', '2', '--json'];
  const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, SHALE_DATABASE_URL: '', DATABASE_URL: '' } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => void (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => void (stderr += d.toString()));
  const done = new Promise<{ status: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) => child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr })));
  return { child, done };
}

before(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'shale-coord-'));
  mkdirSync(join(dir, 'migrations'));
  writeFileSync(join(dir, 'migrations/001.a.sql'), 'create table a (id int);\n');
  // Waits on an advisory lock the test holds on a few targets, so that a runner can be killed while it
  // is, for certain, in the middle of migrating one of them (no race with the runner finishing it).
  writeFileSync(join(dir, 'migrations/002.slow.sql'), `select pg_advisory_xact_lock_shared(${GATE});\ncreate table b (id int);\n`);
  writeFileSync(join(dir, 'migrations/003.c.sql'), 'create table c (id int);\n');
  queueDb = await createPgDatabase('shale_queue');
  pgs.push(...(await createPgDatabases(50, 'shale_coord')));
  writeFileSync(join(dir, 'targets.txt'), pgs.map((d) => d.url).join('\n'));
});

after(async () => {
  await dropPgDatabases(pgs);
  await queueDb?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('fleet --coordinator', { skip }, () => {
  test('two runners, one killed mid-run: every target is migrated exactly once', async () => {
    // Hold the gate on a few targets before the runners start.
    const gates: pg.Client[] = [];
    for (const i of GATED) {
      const g = new pg.Client({ connectionString: pgs[i]!.url });
      await g.connect();
      await g.query('select pg_advisory_lock($1)', [GATE]);
      gates.push(g);
    }
    const release = async (): Promise<void> => {
      for (const g of gates.splice(0)) await g.end().catch(() => undefined);
    };
    const a = runner();
    const b = runner();
    const q = new pg.Client({ connectionString: queueDb.url });
    await q.connect();
    let orphaned = 0;
    try {
      // Kill runner A (SIGKILL: no cleanup) once it holds a gated target whose migration waits on the gate:
      // it cannot finish that target before the kill. Runner B has two slots, so A gets one of the five.
      let caught = false;
      for (let i = 0; i < 2400 && !caught; i++) {
        await new Promise((r) => setTimeout(r, 25));
        const exists = (await q.query("select to_regclass('shale_fleet_queue') is not null as x")).rows[0].x;
        if (!exists) continue;
        // position is the 1-based line of the targets file.
        const held = new Set(
          (await q.query("select position from shale_fleet_queue where status = 'claimed' and claimed_by like $1", [`%:${a.child.pid}:%`])).rows.map((r) => (r.position as number) - 1),
        );
        for (const [k, g] of gates.entries()) {
          if (!held.has(GATED[k]!)) continue;
          const waiting = (await g.query("select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted and objid = $1", [GATE])).rows[0].n;
          if (waiting > 0) {
            a.child.kill('SIGKILL');
            caught = true;
            break;
          }
        }
      }
      assert.ok(caught, 'runner A was never caught waiting on a gated target');
      const ra = await a.done;
      assert.equal(ra.signal, 'SIGKILL');
      // A is dead: what it still holds is exactly what must be taken over.
      orphaned = (await q.query("select count(*)::int as n from shale_fleet_queue where status = 'claimed' and claimed_by like $1", [`%:${a.child.pid}:%`])).rows[0].n;
      assert.ok(orphaned >= 1, 'runner A held no claim when it was killed');
      await release();
      const rb = await b.done;
      assert.equal(rb.status, 0, rb.stderr);
      const report = JSON.parse(rb.stdout) as { coordinator: { done: number; failed: number; pending: number; total: number }; targets: { status: string }[] };
      assert.deepEqual({ ...report.coordinator, runId: undefined, runner: undefined }, { done: 50, failed: 0, pending: 0, total: 50, runId: undefined, runner: undefined });

      // A's claims were taken over after its lease expired.
      const taken = (await q.query("select count(*)::int as n from shale_fleet_queue where attempts > 1")).rows[0].n;
      assert.ok(taken >= orphaned, `${orphaned} claims were orphaned, ${taken} taken over`);
      assert.match(rb.stderr, /taking over/);
      const statuses = (await q.query('select status, count(*)::int as n from shale_fleet_queue group by status')).rows;
      assert.deepEqual(statuses, [{ status: 'done', n: 50 }]);
    } finally {
      await release();
      await q.end();
      a.child.kill('SIGKILL');
      b.child.kill('SIGKILL');
    }

    // The audit log of every target proves each migration was applied exactly once.
    for (const d of pgs) {
      const c = new pg.Client({ connectionString: d.url });
      await c.connect();
      try {
        const log = (await c.query("select id, operation, count(*)::int as n from shale_log group by id, operation order by id, operation")).rows;
        assert.deepEqual(log, IDS.map((id) => ({ id, operation: 'apply', n: 1 })), d.name);
        const applied = (await c.query("select id from shale_migrations where status = 'applied' order by id")).rows.map((r) => r.id);
        assert.deepEqual(applied, IDS, d.name);
      } finally {
        await c.end();
      }
    }
  });
});
