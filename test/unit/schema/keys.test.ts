// Typed object keys: one canonical id per key, whatever the names contain; Maps and Sets keyed by
// them; a column's relation read from the key's fields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyMap, KeySet, keyId, keys, relationOf, sameKey, type EditKey } from '../../../src/schema/keys.js';

test('equal keys have one id; keys that differ in kind or any part have different ids', () => {
  assert.equal(keyId(keys.rel('public', 't')), keyId(keys.rel('public', 't')));
  const all: EditKey[] = [
    keys.rel('public', 't'),
    keys.type('public', 't'),
    keys.rel('public.t', ''),
    keys.rel('', 'public.t'),
    keys.rel('a"b', 'c'),
    keys.rel('a', '"b,c'),
    keys.column('s', 't', 'c'),
    keys.column('s', 't.c', ''),
    keys.constraint('s', 't', 'c'),
    keys.trigger('s', 't', 'c'),
    keys.func('s', 'f', ''),
    keys.func('s', 'f', 'integer'),
    keys.privilege(keys.rel('s', 't'), 'PUBLIC', 'SELECT'),
    keys.privilege(keys.type('s', 't'), 'PUBLIC', 'SELECT'),
    keys.comment(keys.rel('s', 't')),
    keys.part('owner', keys.rel('s', 't')),
    keys.part('partition', keys.rel('s', 't')),
    keys.link('inherit', keys.rel('s', 'c'), keys.rel('s', 'p')),
    keys.link('inherit', keys.rel('s', 'p'), keys.rel('s', 'c')),
    keys.setting('check_function_bodies'),
    keys.schema('check_function_bodies'),
  ];
  assert.equal(new Set(all.map(keyId)).size, all.length);
});

test('sameKey compares by value, not by object', () => {
  assert.ok(sameKey(keys.column('s', 't', 'c'), keys.column('s', 't', 'c')));
  assert.ok(!sameKey(keys.column('s', 't', 'c'), keys.column('s', 't', 'd')));
  assert.ok(sameKey(keys.comment(keys.func('s', 'f', 'int')), keys.comment(keys.func('s', 'f', 'int'))));
});

test('a column key names its relation; no other key does', () => {
  assert.deepEqual(relationOf(keys.column('My Schema', 'we"ird', 'c')), { kind: 'relation', schema: 'My Schema', name: 'we"ird' });
  assert.equal(relationOf(keys.rel('s', 't')), null);
  assert.equal(relationOf(keys.constraint('s', 't', 'c')), null);
});

test('KeyMap and KeySet treat equal keys as one entry', () => {
  const m = new KeyMap<number>([[keys.rel('s', 't'), 1]]);
  m.set(keys.rel('s', 't'), 2);
  assert.equal(m.size, 1);
  assert.equal(m.get(keys.rel('s', 't')), 2);
  assert.equal(m.has(keys.type('s', 't')), false);
  const s = new KeySet([keys.column('s', 't', 'a'), keys.column('s', 't', 'a'), keys.column('s', 't', 'b')]);
  assert.equal(s.size, 2);
  assert.ok(s.has(keys.column('s', 't', 'b')));
  assert.deepEqual([...s].map((k) => (k.kind === 'column' ? k.column : '')), ['a', 'b']);
});

test('keys are plain data: they survive a JSON round trip with the same id', () => {
  const k = keys.privilege(keys.column('s', 't', 'c'), 'app', 'UPDATE');
  const back = JSON.parse(JSON.stringify(k)) as EditKey;
  assert.equal(keyId(back), keyId(k));
});

test('a key id is the JSON text of its parts, whatever the names hold (quotes, backslashes, control characters, surrogates)', () => {
  const names = ['t', '', 'a"b', 'a\\b', 'tab\there', 'nl\n', '\u0000', '\u001f', 'é', '😀', '\ud800', 'x\udc00y', '\u2028'];
  for (const a of names) {
    for (const b of names) {
      assert.equal(keyId(keys.rel(a, b)), JSON.stringify(['relation', a, b]));
      assert.equal(keyId(keys.column(a, b, a)), JSON.stringify(['column', a, b, a]));
      assert.equal(keyId(keys.privilege(keys.rel(a, b), b, 'SELECT')), JSON.stringify(['privilege', ['relation', a, b], b, 'SELECT']));
      assert.equal(keyId(keys.defaultPrivilege(a, null, 'r', b, 'SELECT')), JSON.stringify(['default privilege', a, null, 'r', b, 'SELECT']));
      assert.equal(keyId(keys.link('inherit', keys.rel(a, b), keys.type(b, a))), JSON.stringify(['link', 'inherit', ['relation', a, b], ['type', b, a]]));
      assert.equal(keyId(keys.opclass(a, b, 'btree')), JSON.stringify(['operator class', a, b, 'btree']));
      assert.equal(keyId(keys.operator(a, b, 'integer', a)), JSON.stringify(['operator', a, b, 'integer', a]));
    }
  }
});
