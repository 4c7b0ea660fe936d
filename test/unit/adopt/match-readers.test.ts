// Pure matching, reader by reader (no database): alembic branches and heads, knex file names, rows
// whose migration file is gone.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { alembicReader } from '../../../src/adopt/alembic.js';
import { dbmateReader } from '../../../src/adopt/dbmate.js';
import { flywayReader } from '../../../src/adopt/flyway.js';
import { knexReader } from '../../../src/adopt/knex.js';
import { nodePgMigrateReader } from '../../../src/adopt/node-pg-migrate.js';
import { yoyoHash, yoyoReader } from '../../../src/adopt/yoyo.js';
import type { Migration } from '../../../src/index.js';

const mig = (id: string, extra: Partial<Migration> = {}): Migration =>
  ({ id, kind: 'versioned', format: 'sql', location: id, description: '', depends: [], up: { kind: 'sql', scripts: [] }, down: null, checksum: 'v1:x', ...extra }) as Migration;

describe('alembic', () => {
  // a ← b ← d and a ← c ← e: two branches, alembic stores both heads.
  const branches = [mig('a'), mig('b', { depends: ['a'] }), mig('c', { depends: ['a'] }), mig('d', { depends: ['b'] }), mig('e', { depends: ['c'] }), mig('f', { depends: ['d', 'e'] })];

  test('two heads: both heads and all their ancestors, in run order; the merge stays pending', () => {
    const r = alembicReader.match([{ version_num: 'e' }, { version_num: 'd' }], branches);
    assert.deepEqual(r.applied, ['a', 'b', 'c', 'd', 'e']);
    assert.deepEqual(r.unmatched, []);
  });

  test('two heads, one without a file: the other branch is still adopted, the unknown head reported', () => {
    const r = alembicReader.match([{ version_num: 'b' }, { version_num: 'deadbeef0000' }], branches);
    assert.deepEqual(r.applied, ['a', 'b']);
    assert.deepEqual(r.unmatched, ['deadbeef0000']);
  });

  test('a set without any depends is a chain: the head brings every migration before it', () => {
    const chain = [mig('0001_a'), mig('0002_b'), mig('0003_c'), mig('0004_d')];
    const r = alembicReader.match([{ version_num: '0003_c' }], chain);
    assert.deepEqual(r.applied, ['0001_a', '0002_b', '0003_c']);
  });

  test('files named as alembic names its scripts (<rev>_<slug>) match the revision', () => {
    const files = [mig('3f2a0c1e9b10_create_users'), mig('9c1b77d0e4a2_add_email', { depends: ['3f2a0c1e9b10_create_users'] }), mig('1d7e5a2b3c40_more', { depends: ['9c1b77d0e4a2_add_email'] })];
    const r = alembicReader.match([{ version_num: '9c1b77d0e4a2' }], files);
    assert.deepEqual(r.applied, ['3f2a0c1e9b10_create_users', '9c1b77d0e4a2_add_email']);
    assert.deepEqual(r.unmatched, []);
  });

  test('repeatable migrations are never adopted by alembic', () => {
    const r = alembicReader.match([{ version_num: 'b' }], [mig('a'), mig('b'), mig('R__v', { kind: 'repeatable' })]);
    assert.deepEqual(r.applied, ['a', 'b']);
  });
});

describe('knex', () => {
  test('names carry their extension (.js, .ts, .cjs, .mjs); rows without a file are reported', () => {
    const files = [mig('20240101000001_a'), mig('20240101000002_b'), mig('20240101000003_c'), mig('20240101000004_d'), mig('20240101000005_e')];
    const rows = ['20240101000001_a.js', '20240101000002_b.ts', '20240101000003_c.cjs', '20240101000004_d.mjs', '20230101000000_legacy.js'].map((name, i) => ({ id: i + 1, name, batch: 1, migration_time: null }));
    const r = knexReader.match(rows, files);
    assert.deepEqual(r.applied, ['20240101000001_a', '20240101000002_b', '20240101000003_c', '20240101000004_d']);
    assert.deepEqual(r.unmatched, ['20230101000000_legacy']);
  });

  test('a migration id that itself contains dots keeps them', () => {
    const r = knexReader.match([{ id: 1, name: '0001.create.users.js' }], [mig('0001.create.users')]);
    assert.deepEqual(r.applied, ['0001.create.users']);
  });
});

describe('extra rows without files', () => {
  test('dbmate: every unknown version is reported, none adopted', () => {
    const r = dbmateReader.match([{ version: '1' }, { version: '20200101000000' }, { version: '20240101000001' }], [mig('20240101000001_a'), mig('20240101000002_b')]);
    assert.deepEqual(r.applied, ['20240101000001_a']);
    assert.deepEqual(r.unmatched, ['1', '20200101000000']);
  });

  test('node-pg-migrate: names compare whole', () => {
    const r = nodePgMigrateReader.match([{ name: '1700000000001_a' }, { name: '1700000000001' }], [mig('1700000000001_a')]);
    assert.deepEqual(r.applied, ['1700000000001_a']);
    assert.deepEqual(r.unmatched, ['1700000000001']);
  });

  test('yoyo: a row without migration_hash matches by id; unknown ids are reported by id', () => {
    const r = yoyoReader.match([{ migration_hash: null, migration_id: '0001.a' }, { migration_hash: yoyoHash('0009.gone'), migration_id: '0009.gone' }], [mig('0001.a')]);
    assert.deepEqual(r.applied, ['0001.a']);
    assert.deepEqual(r.unmatched, ['0009.gone']);
  });

  test('flyway: V1_1 files match version 1.1 rows, repeatables in a sub-folder match by file name', () => {
    const fw = (id: string, version: string) => mig(id, { format: 'flyway', version });
    const files = [fw('V1__a', '1'), fw('V1_1__b', '1.1'), fw('V2__c', '2'), mig('R__views', { kind: 'repeatable', format: 'flyway' })];
    const rows = [
      { installed_rank: 1, version: '1', type: 'SQL', script: 'V1__a.sql', success: true },
      { installed_rank: 2, version: '1.1', type: 'SQL', script: 'V1_1__b.sql', success: 1 },
      { installed_rank: 3, version: null, type: 'SQL', script: 'views/R__views.sql', success: true },
      { installed_rank: 4, version: '7', type: 'SQL', script: 'V7__gone.sql', success: true },
      { installed_rank: 5, version: null, type: 'SQL', script: 'R__gone.sql', success: true },
    ];
    const r = flywayReader.match(rows, files);
    assert.deepEqual(r.applied, ['V1__a', 'V1_1__b', 'R__views']);
    assert.deepEqual(r.unmatched, ['V7 (V7__gone.sql)', 'R__gone.sql']);
  });
});
