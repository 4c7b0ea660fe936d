import { test } from 'node:test';
import assert from 'node:assert/strict';
import { orderEdits } from '../../../src/schema/order.js';
import { rankOf } from '../../../src/schema/postgres/rank.js';
import type { Change, ChangeEdit as Edit } from '../../../src/schema/postgres/change.js';
import { isShaleError } from '../../../src/errors.js';
import { keys } from '../../../src/schema/keys.js';
import { col, table, view } from './model-builders.js';

const edit = (change: Change, op: Edit['op'], key: Edit['key'], extra: Partial<Edit> = {}): Edit => ({ change, op, key, rank: rankOf(change), ...extra });
const names = (cs: Change[]) => cs.map((c) => `${c.kind}:${'view' in c ? c.view.name : 'table' in c ? (c.table as { name: string }).name : ''}`);

test('creates follow dependencies in the target even against rank order', () => {
  const t = table('t', [col('id')]);
  const v1 = view('v1', 'select id from t');
  const v2 = view('v2', 'select id from v1');
  const edits = [
    edit({ kind: 'createView', view: v2 }, 'create', v2.key),
    edit({ kind: 'createView', view: v1 }, 'create', v1.key),
    edit({ kind: 'createTable', table: t }, 'create', t.key),
  ];
  const to = [
    { from: v2.key, to: v1.key },
    { from: v1.key, to: keys.column('public', 't', 'id') },
  ];
  assert.deepEqual(names(orderEdits(edits, [], to)), ['createTable:t', 'createView:v1', 'createView:v2']);
});

test('a function a view uses is created before the view, though functions rank after tables', () => {
  const v = view('v', 'select f()');
  const f = { key: keys.func('public', 'f', ''), schema: 'public', name: 'f', kind: 'function' as const, identityArgs: '', arguments: '', result: 'integer', definition: 'x' };
  const edits = [edit({ kind: 'createView', view: v }, 'create', v.key), edit({ kind: 'createFunction', func: f, replace: false }, 'create', f.key)];
  const out = orderEdits(edits, [], [{ from: v.key, to: f.key }]);
  assert.deepEqual(out.map((c) => c.kind), ['createFunction', 'createView']);
});

test('drops run in reverse dependency order, before an alter of what they depend on', () => {
  const t = table('t', [col('a')]);
  const v1 = view('v1', '');
  const v2 = view('v2', '');
  const colKey = keys.column('public', 't', 'a');
  const edits = [
    edit({ kind: 'alterColumn', table: t, from: col('a'), to: col('a', 'bigint'), retype: false, castViaText: false }, 'alter', colKey),
    edit({ kind: 'dropView', view: v1, recreate: true }, 'drop', v1.key),
    edit({ kind: 'dropView', view: v2, recreate: true }, 'drop', v2.key),
    edit({ kind: 'createView', view: v1 }, 'create', v1.key),
    edit({ kind: 'createView', view: v2 }, 'create', v2.key),
  ];
  const from = [{ from: v2.key, to: v1.key }, { from: v1.key, to: colKey }];
  const to = from;
  assert.deepEqual(names(orderEdits(edits, from, to)), ['dropView:v2', 'dropView:v1', 'alterColumn:t', 'createView:v1', 'createView:v2']);
});

test('a create waits for the drop of the same name', () => {
  const v = view('x', '');
  const t = table('x', []);
  const edits = [edit({ kind: 'createTable', table: t }, 'create', t.key), edit({ kind: 'dropView', view: v, recreate: false }, 'drop', v.key)];
  assert.deepEqual(orderEdits(edits, [], []).map((c) => c.kind), ['dropView', 'createTable']);
});

test('a hard cycle is an E_CYCLE error; a soft (function body) edge is dropped instead', () => {
  const a = view('a', '');
  const b = view('b', '');
  const edits = [edit({ kind: 'createView', view: a }, 'create', a.key), edit({ kind: 'createView', view: b }, 'create', b.key)];
  assert.throws(() => orderEdits(edits, [], [{ from: a.key, to: b.key }, { from: b.key, to: a.key }]), (e) => isShaleError(e, 'E_CYCLE'));
  const out = orderEdits(edits, [], [{ from: a.key, to: b.key }, { from: b.key, to: a.key, soft: true }]);
  assert.deepEqual(names(out), ['createView:b', 'createView:a']);
});

test('a soft edge of the old schema that makes a cycle with drops is dropped, and the soft edges of the new one are kept', () => {
  // The view v calls f; f's body names something called v (e.g. a parameter): dependants are dropped first.
  const v = view('v', 'select f(1)');
  const f = { key: keys.func('public', 'f', 'v numeric'), schema: 'public', name: 'f', kind: 'function' as const, identityArgs: 'v numeric', arguments: 'v numeric', result: 'numeric', definition: 'x' };
  const drops = [edit({ kind: 'dropFunction', func: f, recreate: false }, 'drop', f.key), edit({ kind: 'dropView', view: v, recreate: false }, 'drop', v.key)];
  const cyclic = [{ from: v.key, to: f.key }, { from: f.key, to: v.key, soft: true }];
  assert.deepEqual(orderEdits(drops, cyclic, []).map((c) => c.kind), ['dropView', 'dropFunction']);
  // A new view w that a new function g reads (soft) is still created before g in the same plan.
  const w = view('w', 'select 1');
  const g = { ...f, key: keys.func('public', 'g', ''), name: 'g', identityArgs: '', arguments: '' };
  const creates = [edit({ kind: 'createFunction', func: g, replace: false }, 'create', g.key), edit({ kind: 'createView', view: w }, 'create', w.key)];
  const out = orderEdits([...drops, ...creates], cyclic, [{ from: g.key, to: w.key, soft: true }]);
  assert.deepEqual(out.map((c) => c.kind), ['dropView', 'dropFunction', 'createView', 'createFunction']);
});
