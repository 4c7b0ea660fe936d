// Flyway file names (versions with underscores and leading zeros, repeatables, descriptions) and
// which module file names are migrations.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classifyFile } from '../../../src/core/formats/classify.js';
import { loadMigrations } from '../../../src/core/load.js';
import { compareVersions } from '../../../src/core/natural-order.js';
import { isShaleError } from '../../../src/errors.js';
import { memorySource } from '../../../src/sources/memory.js';

const load = (files: Record<string, string>) => loadMigrations([memorySource(files, 'mem:')]);

describe('Flyway versions and names', () => {
  test('V1_1__x: underscores in the version are dots, part by part', async () => {
    const s = await load({ 'V1_10__c.sql': 'select 1;', 'V1_2__b.sql': 'select 1;', 'V1_1__a.sql': 'select 1;', 'V2__d.sql': 'select 1;' });
    assert.deepEqual(s.migrations.map((m) => [m.id, m.version]), [
      ['V1_1__a', '1.1'],
      ['V1_2__b', '1.2'],
      ['V1_10__c', '1.10'],
      ['V2__d', '2'],
    ]);
  });

  test('V01__ and V1__ are the same version: E_DUPLICATE_ID naming both files', async () => {
    await assert.rejects(load({ 'V01__a.sql': 'select 1;', 'V1__b.sql': 'select 1;' }), (e: unknown) => {
      assert.ok(isShaleError(e, 'E_DUPLICATE_ID'));
      assert.match(e.message, /V01__a\.sql/);
      assert.match(e.message, /V1__b\.sql/);
      return true;
    });
    assert.equal(compareVersions('01', '1'), 0);
    assert.equal(compareVersions('1_1'.replace(/_/g, '.'), '1.1'), 0);
  });

  test('V1_1 and V1.1 are the same version too', async () => {
    await assert.rejects(load({ 'V1_1__a.sql': 'select 1;', 'V1.1__b.sql': 'select 1;' }), (e: unknown) => isShaleError(e, 'E_DUPLICATE_ID'));
  });

  test('repeatables run after every versioned migration, ordered by description', async () => {
    const s = await load({ 'R__views_b.sql': 'select 1;', 'V2__x.sql': 'select 1;', 'R__a_functions.sql': 'select 1;', 'V10__y.sql': 'select 1;', 'R__views_a.sql': 'select 1;' });
    assert.deepEqual(s.migrations.map((m) => m.id), ['V2__x', 'V10__y', 'R__a_functions', 'R__views_a', 'R__views_b']);
    assert.deepEqual(s.migrations.map((m) => m.kind), ['versioned', 'versioned', 'repeatable', 'repeatable', 'repeatable']);
  });

  test('description: underscores become spaces', () => {
    assert.deepEqual(classifyFile('V1_1__add_users_table.sql', 'x'), { role: 'flyway', id: 'V1_1__add_users_table', version: '1.1', description: 'add users table' });
    assert.deepEqual(classifyFile('R__refresh_views.sql', 'x'), { role: 'repeatable', id: 'R__refresh_views', description: 'refresh views' });
    assert.deepEqual(classifyFile('U1_1__add_users_table.sql', 'x'), { role: 'flyway-undo', version: '1.1' });
  });
});

describe('module file names', () => {
  for (const ext of ['ts', 'mts', 'cts', 'js', 'mjs', 'cjs']) {
    test(`0001_x.${ext} is a module migration with id 0001_x`, () => {
      assert.deepEqual(classifyFile(`0001_x.${ext}`, 'x'), { role: 'module', id: '0001_x' });
    });
  }
  for (const name of ['types.d.ts', 'types.d.mts', 'types.d.cts', '0001_x.json', '0001_x.ts.map']) {
    test(`${name} is not a migration`, () => assert.equal(classifyFile(name, 'x'), null));
  }
});
