// ALTER TABLE or the table rebuild: pure decisions over two table models (no database).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addColumnRefusal, diffSchemas, dropColumnRefusal, isDestructive, planTable, type Column, type SqliteSchema, type Table } from '../../../src/schema/sqlite/index.js';

function col(name: string, over: Partial<Column> = {}): Column {
  return { name, type: 'TEXT', affinity: 'TEXT', notNull: false, default: null, collation: null, generated: null, primaryKey: 0, definition: `${name} TEXT`, ...over };
}

function table(columns: Column[], over: Partial<Table> = {}): Table {
  return { name: 't', strict: false, withoutRowid: false, autoincrement: false, columns, uniques: [], checks: [], foreignKeys: [], sql: 'CREATE TABLE t (…)', ...over };
}

const id = col('id', { type: 'INTEGER', affinity: 'INTEGER', primaryKey: 1 });
const none = { indexes: [], triggers: [] };

test('an unchanged table (column order and name case aside) needs nothing', () => {
  assert.equal(planTable(table([id, col('a'), col('b')]), table([col('B'), id, col('a')]), none).kind, 'same');
});

test('plain ADD COLUMN and DROP COLUMN use ALTER TABLE', () => {
  const p = planTable(table([id, col('gone')]), table([id, col('n', { notNull: true, default: "'x'" }), col('v', { generated: { expression: 'ID * 2', stored: false } })]), none);
  assert.deepEqual(p.kind === 'alter' ? { drop: p.drop, add: p.add.map((c) => c.name) } : p, { drop: ['gone'], add: ['n', 'v'] });
});

test('ADD COLUMN refuses a PK, UNIQUE, STORED generated, NOT NULL without default, or non-constant default', () => {
  const to = table([id], { uniques: [['u']] });
  assert.match(addColumnRefusal(col('k', { primaryKey: 2 }), to) ?? '', /primary key/);
  assert.match(addColumnRefusal(col('u'), to) ?? '', /UNIQUE/);
  assert.match(addColumnRefusal(col('g', { generated: { expression: 'ID', stored: true } }), to) ?? '', /STORED/);
  assert.match(addColumnRefusal(col('n', { notNull: true }), to) ?? '', /NOT NULL/);
  assert.match(addColumnRefusal(col('n', { notNull: true, default: 'NULL' }), to) ?? '', /NOT NULL/);
  assert.match(addColumnRefusal(col('d', { default: 'CURRENT_TIMESTAMP' }), to) ?? '', /constant/);
  assert.match(addColumnRefusal(col('d', { default: 'JSON_ARRAY ( 1 )' }), to) ?? '', /constant/);
  for (const ok of ["'x'", '- 1.5', '0', 'NULL', "x'00'", 'TRUE']) assert.equal(addColumnRefusal(col('d', { default: ok }), to), null, ok);
});

test('DROP COLUMN refuses a PK, UNIQUE, foreign key, indexed, CHECKed, generated-referenced or trigger-named column', () => {
  const from = table(
    [id, col('u'), col('f'), col('i'), col('c'), col('base'), col('g', { generated: { expression: 'BASE + 1', stored: false } }), col('tr'), col('free')],
    { uniques: [['u']], checks: [{ name: null, expression: 'C > 0' }], foreignKeys: [{ columns: ['f'], table: 'p', references: [], onUpdate: 'NO ACTION', onDelete: 'NO ACTION', match: 'NONE', deferred: false }] },
  );
  const ctx = {
    indexes: [{ name: 'ix', table: 't', unique: false, parts: ['I'], where: null, sql: 'CREATE INDEX ix ON t (i)' }],
    triggers: [{ name: 'trg', table: 't', definition: '', sql: 'CREATE TRIGGER trg AFTER UPDATE OF tr ON t BEGIN SELECT 1; END' }],
  };
  const why = (n: string) => dropColumnRefusal(n, from, ctx);
  assert.match(why('id') ?? '', /primary key/);
  assert.match(why('u') ?? '', /UNIQUE/);
  assert.match(why('f') ?? '', /foreign key/);
  for (const n of ['i', 'c', 'base', 'tr']) assert.match(why(n) ?? '', /named by/, n);
  assert.equal(why('free'), null);
  assert.equal(why('g'), null, 'a generated column itself can go');
});

test('a changed column, constraint or option is a rebuild, with the reason', () => {
  const base = table([id, col('a')]);
  const cases: [string, Table][] = [
    ['type', table([id, col('a', { type: 'INTEGER', affinity: 'INTEGER' })])],
    ['nullability', table([id, col('a', { notNull: true })])],
    ['default', table([id, col('a', { default: "'d'" })])],
    ['collation', table([id, col('a', { collation: 'NOCASE' })])],
    ['check', table([id, col('a')], { checks: [{ name: null, expression: 'A <> \'\'' }] })],
    ['strict', table([id, col('a')], { strict: true })],
    ['without rowid', table([id, col('a')], { withoutRowid: true })],
    ['autoincrement', table([id, col('a')], { autoincrement: true })],
    ['primary key', table([col('id', { type: 'INTEGER' }), col('a', { primaryKey: 1 })])],
  ];
  for (const [what, to] of cases) {
    const p = planTable(base, to, none);
    assert.equal(p.kind, 'rebuild', what);
    assert.ok(p.kind === 'rebuild' && p.reasons.length > 0, what);
  }
});

test('a rebuild is destructive only when it loses a stored column', () => {
  const schema = (t: Table): SqliteSchema => ({ tables: [t], indexes: [], views: [], triggers: [], unsupported: [] });
  const keep = diffSchemas(schema(table([id, col('a')])), schema(table([id, col('a', { type: 'INTEGER' })])));
  const lose = diffSchemas(schema(table([id, col('a'), col('b')])), schema(table([id, col('a', { type: 'INTEGER' })])));
  const rebuild = (cs: typeof keep) => cs.find((c) => c.kind === 'rebuildTable')!;
  assert.equal(isDestructive(rebuild(keep)), false);
  assert.equal(isDestructive(rebuild(lose)), true);
  assert.deepEqual(rebuild(lose).kind === 'rebuildTable' && rebuild(lose), { ...rebuild(lose), lost: ['b'], copied: ['id', 'a'] });
  assert.equal(keep.at(-1)?.kind, 'checkForeignKeys', 'a rebuild ends with the foreign key check');
});

test('added columns go before dropped ones (SQLite cannot drop a last column)', () => {
  const s = (cols: Column[]): SqliteSchema => ({ tables: [table(cols)], indexes: [], views: [], triggers: [], unsupported: [] });
  assert.deepEqual(diffSchemas(s([col('a')]), s([col('b')])).map((c) => c.kind), ['addColumn', 'dropColumn']);
});
