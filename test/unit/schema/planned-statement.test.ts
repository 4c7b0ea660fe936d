// A planned statement keeps the typed change it was rendered from (hazards are read from it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffSchemas } from '../../../src/schema/postgres/diff.js';
import { isDestructive } from '../../../src/schema/postgres/hazards.js';
import { planStatements } from '../../../src/schema/postgres/planner.js';
import type { Change } from '../../../src/schema/postgres/change.js';
import { col, schema, table } from './model-builders.js';

test('every statement carries the change that produced it; a change of several statements is shared', () => {
  const changes: Change[] = [
    { kind: 'setRowSecurity', table: { schema: 'public', name: 't' }, enabled: true, forced: false },
    { kind: 'dropTable', table: { schema: 'public', name: 't' }, recreate: false },
  ];
  const planned = planStatements(changes);
  assert.equal(planned.length, 3);
  assert.equal(planned[0]!.change, changes[0]);
  assert.equal(planned[1]!.change, changes[0]);
  assert.equal(planned[2]!.change, changes[1]);
  for (const s of planned) {
    assert.equal(s.kind, s.change.kind);
    assert.equal(s.destructive, isDestructive(s.change));
  }
});

test('a diff plan: statement kinds and hazards come from the changes', () => {
  const from = schema({ tables: [table('t', [col('id'), col('gone')])] });
  const to = schema({ tables: [table('t', [col('id', 'bigint')])] });
  const planned = planStatements(diffSchemas(from, to));
  assert.deepEqual(planned.map((s) => [s.change.kind, s.destructive]), [['dropColumn', true], ['alterColumn', true]]);
  const drop = planned[0]!.change;
  assert.ok(drop.kind === 'dropColumn' && drop.column === 'gone');
});
