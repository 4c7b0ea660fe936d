import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { createFleet, isShaleError, memorySource, parseTargetsFile, type TargetResult } from '../../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'shale-fleet-lib-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const source = memorySource({ '0001.a.sql': 'create table a (id integer);', '0002.b.sql': 'create table b (id integer);' });
const targets = Array.from({ length: 12 }, (_, i) => `sqlite:${join(dir, `t${i}.db`)}`);

describe('createFleet', () => {
  test('bounded concurrency, progress events, per-target results', async () => {
    const fleet = createFleet({ targets, sources: [source], concurrency: 3 });
    let running = 0;
    let maxRunning = 0;
    const done: TargetResult[] = [];
    const migrations: string[] = [];
    fleet.on('target:start', () => void (maxRunning = Math.max(maxRunning, ++running)));
    fleet.on('target:done', ({ result }) => {
      running--;
      done.push(result);
    });
    fleet.on('target:migration', ({ target, id }) => migrations.push(`${target} ${id}`));
    const report = await fleet.up();
    assert.equal(maxRunning, 3);
    assert.equal(done.length, 12);
    assert.equal(migrations.length, 24);
    assert.deepEqual(report.summary, { total: 12, ok: 12, failed: 0, skipped: 0, migrations: 24, durationMs: report.summary.durationMs, stopped: null });
    assert.deepEqual(report.targets.map((t) => t.target), targets);
    assert.ok(report.targets.every((t) => t.applied.join() === '0001.a,0002.b'));
    // Re-running is a no-op.
    const again = await createFleet({ targets, sources: [source] }).up();
    assert.equal(again.summary.migrations, 0);
    assert.equal(again.summary.ok, 12);
  });

  test('an unreachable target fails alone with --continue-on-error; the password is never shown', async () => {
    const bad = 'postgres://app:s3cret@127.0.0.1:1/nope';
    const report = await createFleet({ targets: [targets[0]!, bad, targets[1]!], sources: [source], continueOnError: true, concurrency: 1 }).status();
    assert.deepEqual(report.targets.map((t) => t.status), ['ok', 'failed', 'ok']);
    assert.equal(report.targets[1]!.target, 'postgres://app:****@127.0.0.1:1/nope');
    assert.ok(!JSON.stringify(report).includes('s3cret'));
  });

  test('bad options are usage errors', () => {
    assert.throws(() => createFleet({ targets: [] }), (e: unknown) => isShaleError(e, 'E_USAGE'));
    assert.throws(() => createFleet({ targets: [targets[0]!, targets[0]!] }), (e: unknown) => isShaleError(e, 'E_USAGE'));
    assert.throws(() => createFleet({ targets, concurrency: 0 }), (e: unknown) => isShaleError(e, 'E_USAGE'));
    assert.throws(() => createFleet({ targets, canary: 2, coordinator: { url: 'postgres://127.0.0.1/q' } }), (e: unknown) => isShaleError(e, 'E_USAGE'));
  });

  test('targets files: one URL per line, # comments', () => {
    assert.deepEqual(parseTargetsFile('# fleet\nsqlite:a.db\n\n  postgres://h/x   # eu\r\nsqlite:b.db\n'), ['sqlite:a.db', 'postgres://h/x', 'sqlite:b.db']);
  });
});
