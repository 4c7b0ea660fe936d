// Out-of-order pending migrations, down taking the last in run order, mark bringing ancestors and
// unmark descendants, as pure planning over data (no database).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AppliedRecord } from '../../../src/core/history.js';
import { loadMigrations } from '../../../src/core/load.js';
import { planDown, planMark, planUnmark, planUp } from '../../../src/core/plan.js';
import { computeStatus } from '../../../src/core/status.js';
import { isShaleError } from '../../../src/errors.js';
import { memorySource } from '../../../src/sources/memory.js';

async function entries(files: Record<string, string>, applied: string[]) {
  const set = await loadMigrations([memorySource(files)]);
  const records: AppliedRecord[] = applied.map((id, i) => {
    const m = set.migrations.find((x) => x.id === id)!;
    return { id, checksum: m.checksum, kind: m.kind, appliedAt: new Date(1_700_000_000_000 + i * 1000).toISOString(), appliedBy: 'u', host: 'h', durationMs: 1, statementsTotal: 1, statementsDone: 1, statementsStarted: 1, status: 'applied', error: null };
  });
  return computeStatus(set.migrations, records);
}
const sql = (ids: string[], deps: Record<string, string> = {}) => Object.fromEntries(ids.map((id) => [`${id}.sql`, `${deps[id] ? `-- depends: ${deps[id]}\n` : ''}select 1;\n`])) as Record<string, string>;
const withDown = (ids: string[]) => Object.fromEntries(ids.flatMap((id) => [[`${id}.sql`, 'select 1;'], [`${id}.rollback.sql`, 'select 2;']]));

describe('O2/O3 out-of-order pending migrations', () => {
  test('default: applied with a warning', async () => {
    const plan = planUp(await entries(sql(['001', '010', '100']), ['001', '100']));
    assert.deepEqual(plan.migrations.map((m) => m.id), ['010']);
    assert.equal(plan.warnings.length, 1);
    assert.match(plan.warnings[0]!, /010/);
  });

  test('strict: E_OUT_OF_ORDER naming it', async () => {
    const e = await entries(sql(['001', '010', '100', '200']), ['001', '100']);
    assert.throws(() => planUp(e, { strict: true }), (e: unknown) => isShaleError(e, 'E_OUT_OF_ORDER') && (e.details['ids'] as string[]).includes('010'));
  });

  test('strict: pending migrations newer than every applied one are fine', async () => {
    const plan = planUp(await entries(sql(['001', '010', '100']), ['001', '010']), { strict: true });
    assert.deepEqual(plan.migrations.map((m) => m.id), ['100']);
    assert.deepEqual(plan.warnings, []);
  });

  test('natural order decides what is out of order: 20 after 100 applied is out of order', async () => {
    const plan = planUp(await entries(sql(['20_y', '100_x']), ['100_x']));
    assert.deepEqual(plan.migrations.map((m) => m.id), ['20_y']);
    assert.equal(plan.warnings.length, 1);
  });
});

describe('O4 down rolls back the last in run order', () => {
  test('not the most recently applied in time', async () => {
    // 010 applied last in time (out of order), but 100 is last in run order.
    const plan = planDown(await entries(withDown(['001', '010', '100']), ['001', '100', '010']));
    assert.deepEqual(plan.map((e) => e.id), ['100']);
  });

  test('count 2 and all: newest first', async () => {
    const e = await entries(withDown(['1', '2', '3']), ['1', '2', '3']);
    assert.deepEqual(planDown(e, { count: 2 }).map((x) => x.id), ['3', '2']);
    assert.deepEqual(planDown(e, { all: true }).map((x) => x.id), ['3', '2', '1']);
  });

  test('nothing applied: nothing to roll back (shale deviation: not an error)', async () => {
    assert.deepEqual(planDown(await entries(withDown(['1']), [])), []);
  });
});

describe('E3/E4 mark brings ancestors, unmark brings descendants', () => {
  // m2 -> m1, m3 -> m1, m4 -> m2
  const deps = { m2: 'm1', m3: 'm1', m4: 'm2' };
  test('mark m4 marks m1, m2, m4 (not m3)', async () => {
    assert.deepEqual(planMark(await entries(sql(['m1', 'm2', 'm3', 'm4'], deps), []), ['m4']).map((m) => m.id), ['m1', 'm2', 'm4']);
  });
  test('unmark m2 unmarks m4 and m2, newest first', async () => {
    assert.deepEqual(planUnmark(await entries(sql(['m1', 'm2', 'm3', 'm4'], deps), ['m1', 'm2', 'm3', 'm4']), ['m2']).map((e) => e.id), ['m4', 'm2']);
  });
  test('unmark of an unknown id is E_NOT_FOUND', async () => {
    const e = await entries(sql(['m1']), ['m1']);
    assert.throws(() => planUnmark(e, ['nope']), (e: unknown) => isShaleError(e, 'E_NOT_FOUND'));
  });
});
