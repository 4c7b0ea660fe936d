// What shale reads from SQLite's stored CREATE texts where the pragmas say nothing (no database).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCreateTable } from '../../../src/schema/sqlite/index.js';
import { affinityOf } from '../../../src/schema/sqlite/introspect.js';
import { normaliseSql, tokenize } from '../../../src/schema/sqlite/tokens.js';

test('table options, collations, generated columns, checks and foreign key deferrability', () => {
  const t = parseCreateTable(`CREATE TABLE "t" (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    [name] TEXT COLLATE nocase CONSTRAINT name_set CHECK (name <> ''),
    g INT GENERATED ALWAYS AS (id * 2) STORED,
    v INT AS (id + 1),
    p INT REFERENCES p(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    q INT,
    CHECK (q > 0),
    FOREIGN KEY (q) REFERENCES "q" (id) NOT DEFERRABLE
  ) STRICT, WITHOUT ROWID`);
  assert.equal(t.strict, true);
  assert.equal(t.withoutRowid, true);
  assert.equal(t.autoincrement, true);
  assert.deepEqual(t.columns.map((c) => [c.name, c.collation, c.generated]), [
    ['id', null, null],
    ['name', 'NOCASE', null],
    ['g', null, { expression: 'ID * 2', stored: true }],
    ['v', null, { expression: 'ID + 1', stored: false }],
    ['p', null, null],
    ['q', null, null],
  ]);
  assert.deepEqual(t.checks, [{ name: 'name_set', expression: "NAME <> ''" }, { name: null, expression: 'Q > 0' }]);
  assert.deepEqual(t.foreignKeys, [{ columns: ['p'], table: 'p', deferred: true }, { columns: ['q'], table: 'q', deferred: false }]);
  assert.equal(t.columns[1]!.definition, "[name] TEXT COLLATE nocase CONSTRAINT name_set CHECK (name <> '')");
});

test('case, quoting, spacing and comments do not change the canonical text; literals do', () => {
  assert.equal(normaliseSql('select "A" ,b from  [T] -- x\n where c=\'X\''), normaliseSql("SELECT a, B FROM t WHERE C = 'X'"));
  assert.notEqual(normaliseSql("c = 'X'"), normaliseSql("c = 'x'"));
  assert.deepEqual(tokenize("x'00ff' || 'a''b'").map((t) => t.kind), ['string', 'punct', 'string']);
});

test('CREATE TABLE … AS SELECT has no definitions to read', () => {
  assert.deepEqual(parseCreateTable('CREATE TABLE t AS SELECT 1 AS one').columns, []);
});

test('type affinity follows SQLite\'s rules from the declared type', () => {
  const cases: [string, string][] = [['INTEGER', 'INTEGER'], ['BIGINT', 'INTEGER'], ['VARCHAR(10)', 'TEXT'], ['CLOB', 'TEXT'], ['BLOB', 'BLOB'], ['', 'BLOB'], ['DOUBLE PRECISION', 'REAL'], ['FLOATING POINT', 'INTEGER'], ['DECIMAL(10,5)', 'NUMERIC'], ['BOOLEAN', 'NUMERIC']];
  for (const [declared, affinity] of cases) assert.equal(affinityOf(declared), affinity, declared);
});
