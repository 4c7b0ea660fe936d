import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { Coordinator, createFleet, displayTarget, memorySource, targetKey } from '../../../src/index.js';
import { createPgDatabase, skipUnlessPg, type TempPgDatabase } from '../../helpers/databases.js';

const skip = await skipUnlessPg();
const source = memorySource({
  '001.a.sql': 'create table a (id integer);',
  '001.a.rollback.sql': 'drop table a;',
  '002.b.sql': 'create table b (id integer);',
  '002.b.rollback.sql': 'drop table b;',
});

let dir: string;
let queue: TempPgDatabase;
let targets: string[];

function applied(url: string): string[] {
  const db = new Database(url.slice('sqlite:'.length));
  try {
    return (db.prepare('select id from shale_migrations order by id').all() as { id: string }[]).map((r) => r.id);
  } finally {
    db.close();
  }
}

before(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'shale-coord-rerun-'));
  queue = await createPgDatabase('shale_queue_rerun');
  targets = [0, 1, 2].map((i) => `sqlite:${join(dir, `t${i}.db`)}`);
});

after(async () => {
  await queue?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('coordinated re-runs and leases', { skip }, () => {
  test('re-running a finished run re-checks every target (up, down, up again)', async () => {
    const run = (op: 'up' | 'down') => createFleet({ targets, sources: [source], coordinator: { url: queue.url, leaseMs: 2000 } })[op]();
    const first = await run('up');
    assert.equal(first.coordinator?.done, 3);
    assert.ok(first.targets.every((t) => t.applied.join() === '001.a,002.b'));
    // The same run again: every target is re-checked and up to date.
    const same = await run('up');
    assert.equal(same.targets.length, 3);
    assert.equal(same.summary.migrations, 0);

    const down = await run('down');
    assert.deepEqual(down.targets.map((t) => t.rolledBack), [['002.b'], ['002.b'], ['002.b']]);
    assert.deepEqual(applied(targets[0]!), ['001.a']);
    // Same targets, operation and migrations as the first run: it must not be taken for already done.
    const again = await run('up');
    assert.equal(again.coordinator?.runId, first.coordinator?.runId);
    assert.deepEqual(again.targets.map((t) => t.applied), [['002.b'], ['002.b'], ['002.b']]);
    for (const t of targets) assert.deepEqual(applied(t), ['001.a', '002.b']);
  });

  test("a dead runner's claim is taken over once its lease expires, and not before", async () => {
    const runId = 'lease-test';
    const items = targets.map((t) => ({ key: targetKey(t), display: displayTarget(t) }));
    // A runner that claims a target and dies without finishing it.
    const dead = await Coordinator.open({ url: queue.url, runner: 'dead-runner', leaseMs: 1500 }, runId, items);
    // Before the claim: its lease runs from the server's now(), which is later; a time taken after it
    // (and after close) could be late by a hiccup of this process, and the takeover look early.
    const claimedAt = Date.now();
    const claim = await dead.claim();
    assert.ok(claim);
    await dead.close();

    const fleet = createFleet({ targets, sources: [source], concurrency: 2, coordinator: { url: queue.url, runId, leaseMs: 1500 } });
    const takeovers: { target: string; previousRunner: string | null; at: number }[] = [];
    fleet.on('coordinator:takeover', (e) => takeovers.push({ ...e, at: Date.now() }));
    const report = await fleet.up();
    assert.deepEqual(report.coordinator && { done: report.coordinator.done, pending: report.coordinator.pending, failed: report.coordinator.failed }, { done: 3, pending: 0, failed: 0 });
    assert.equal(takeovers.length, 1);
    assert.equal(takeovers[0]!.previousRunner, 'dead-runner');
    assert.equal(takeovers[0]!.target, displayTarget(targets.find((t) => targetKey(t) === claim.key)!));
    assert.ok(takeovers[0]!.at - claimedAt >= 1000, `taken over after ${takeovers[0]!.at - claimedAt} ms, before the lease expired`);

    const q = new pg.Client({ connectionString: queue.url });
    await q.connect();
    try {
      const rows = (await q.query('select target_key, status, attempts from shale_fleet_queue where run_id = $1 order by position', [runId])).rows;
      assert.deepEqual(rows.map((r) => r.status), ['done', 'done', 'done']);
      assert.equal(rows.find((r) => r.target_key === claim.key)!.attempts, 2);
    } finally {
      await q.end();
    }
  });
});
