// Pure matching of state-table rows to migrations (no database).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { flywayReader } from '../../../src/adopt/flyway.js';
import { alembicReader } from '../../../src/adopt/alembic.js';
import { yoyoHash, yoyoReader } from '../../../src/adopt/yoyo.js';
import type { Migration } from '../../../src/index.js';

const mig = (id: string, extra: Partial<Migration> = {}): Migration =>
  ({ id, kind: 'versioned', format: 'sql', location: id, description: '', depends: [], up: { kind: 'sql', scripts: [] }, down: null, checksum: 'v1:x', ...extra }) as Migration;
const fw = (v: string) => mig(`V${v}__m`, { format: 'flyway', version: v });
const row = (rank: number, version: string | null, type: string, script: string, success: boolean | number) => ({ installed_rank: rank, version, type, script, success });

test('flyway: baseline, undo, failed rows, dotted versions and repeatables', () => {
  const migrations = [fw('1'), fw('1.1'), fw('2'), fw('3'), fw('4'), mig('R__views', { kind: 'repeatable', format: 'flyway' })];
  const rows = [
    row(1, '1.1', 'BASELINE', '<< Flyway Baseline >>', true),
    row(2, '2', 'SQL', 'V2__m.sql', 1),
    row(3, '3', 'SQL', 'V3__m.sql', true),
    row(4, '3', 'UNDO_SQL', 'U3__m.sql', true),
    row(5, '4', 'SQL', 'V4__m.sql', false),
    row(6, null, 'SQL', 'R__views.sql', true),
    row(7, '9.9', 'SQL', 'V9_9__gone.sql', true),
  ];
  const r = flywayReader.match(rows, migrations);
  assert.deepEqual(r.applied, ['V1__m', 'V1.1__m', 'V2__m', 'R__views']);
  assert.deepEqual(r.unmatched, ['V9.9 (V9_9__gone.sql)']);
});

test('alembic: a stored head brings its ancestors, not its siblings', () => {
  const migrations = [mig('a'), mig('b', { depends: ['a'] }), mig('c', { depends: ['a'] }), mig('d', { depends: ['b'] })];
  const r = alembicReader.match([{ version_num: 'd' }], migrations);
  assert.deepEqual(r.applied, ['a', 'b', 'd']);
  assert.deepEqual(r.unmatched, []);
});

test('yoyo: matched by hash of the id', () => {
  assert.equal(yoyoHash('0001.a'), '7d7e2bbc2c01d67b1660ea9f7bd086119b582b66a62e217676537ffe6324965a'); // printf '0001.a' | sha256sum
  const r = yoyoReader.match([{ migration_hash: yoyoHash('0001.a'), migration_id: 'renamed', applied_at_utc: null }, { migration_hash: 'f'.repeat(64), migration_id: 'old', applied_at_utc: null }], [mig('0001.a'), mig('0002.b')]);
  assert.deepEqual(r.applied, ['0001.a']);
  assert.deepEqual(r.unmatched, ['old']);
});
