// The table rebuild keeps rows: a parent with ON DELETE CASCADE children (inbound foreign keys), its
// own outbound foreign key, triggers and a dependent view, rebuilt on a connection with foreign keys
// ON, keeps every row of every table, matches the target schema and passes foreign_key_check; a
// rebuild that would leave a dangling reference fails and changes nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Adapter } from '../../../src/adapters/adapter.js';
import { runPlan } from '../../../src/declarative/run-plan.js';
import { diffModels, inspect, sameSchema } from '../../../src/schema/sqlite/index.js';
import { loadScript, withSqlitePair } from './convergence.js';

const BEFORE = `
CREATE TABLE region (id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE parent (id INTEGER PRIMARY KEY, region_id INT REFERENCES region(id), name TEXT, legacy TEXT);
CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INT NOT NULL REFERENCES parent(id) ON DELETE CASCADE, note TEXT);
CREATE TABLE grandchild (id INTEGER PRIMARY KEY, child_id INT REFERENCES child(id) ON DELETE CASCADE);
CREATE TABLE audit (id INTEGER PRIMARY KEY, what TEXT);
CREATE INDEX parent_region ON parent (region_id);
CREATE TRIGGER parent_ins AFTER INSERT ON parent BEGIN INSERT INTO audit (what) VALUES ('new ' || new.name); END;
CREATE VIEW family AS SELECT p.name AS parent, c.note AS child FROM parent p JOIN child c ON c.parent_id = p.id;
`;

const AFTER = `
CREATE TABLE region (id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE parent (id INTEGER PRIMARY KEY, region_id INT NOT NULL REFERENCES region(id) ON DELETE RESTRICT, name TEXT NOT NULL COLLATE NOCASE CHECK (name <> ''));
CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INT NOT NULL REFERENCES parent(id) ON DELETE CASCADE, note TEXT);
CREATE TABLE grandchild (id INTEGER PRIMARY KEY, child_id INT REFERENCES child(id) ON DELETE CASCADE);
CREATE TABLE audit (id INTEGER PRIMARY KEY, what TEXT);
CREATE INDEX parent_region ON parent (region_id);
CREATE TRIGGER parent_ins AFTER INSERT ON parent BEGIN INSERT INTO audit (what) VALUES ('new ' || new.name); END;
CREATE VIEW family AS SELECT p.name AS parent, c.note AS child FROM parent p JOIN child c ON c.parent_id = p.id;
`;

const ROWS = `
INSERT INTO region VALUES (1, 'north'), (2, 'south');
INSERT INTO parent VALUES (1, 1, 'a', 'x'), (2, 2, 'b', 'y'), (3, 1, 'c', NULL);
INSERT INTO child VALUES (1, 1, 'a1'), (2, 1, 'a2'), (3, 2, 'b1'), (4, 3, 'c1');
INSERT INTO grandchild VALUES (1, 1), (2, 3), (3, 4);
`;

async function counts(db: Adapter): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ['region', 'parent', 'child', 'grandchild', 'audit']) out[t] = ((await db.query(`select count(*) as n from ${t}`)).rows[0] as { n: number }).n;
  return out;
}

test('a rebuild with inbound CASCADE children, an outbound key, triggers and a view keeps every row', async () => {
  await withSqlitePair(async (a, b) => {
    await loadScript(a, BEFORE + ROWS);
    await loadScript(b, AFTER);
    assert.equal((await a.query('pragma foreign_keys')).rows[0]!['foreign_keys'], 1, 'the test needs enforcement on');
    const before = await counts(a);
    const family = (await a.query('select * from family order by parent, child')).rows;
    const d = diffModels(await inspect(a), await inspect(b));
    assert.ok(d.changes.some((c) => c.kind === 'rebuildTable' && c.to.name === 'parent'), 'parent is rebuilt');
    assert.ok(d.destructive, 'parent loses its legacy column');
    assert.deepEqual(d.outsideTransaction?.before, ['PRAGMA foreign_keys = OFF;']);
    await runPlan(a, d.statements.map((s) => s.sql), d.outsideTransaction);
    assert.deepEqual(await counts(a), before);
    assert.deepEqual((await a.query('select * from family order by parent, child')).rows, family);
    assert.deepEqual((await a.query('select * from pragma_foreign_key_check')).rows, []);
    assert.ok(sameSchema(await inspect(a), await inspect(b)));
    assert.deepEqual(diffModels(await inspect(a), await inspect(b)).statements, []);
    // The recreated trigger and the rebuilt table's new rules work.
    await a.query("INSERT INTO parent VALUES (4, 2, 'd')");
    assert.equal(((await a.query("select count(*) as n from audit where what = 'new d'")).rows[0] as { n: number }).n, 1);
    await assert.rejects(a.query("INSERT INTO parent VALUES (5, 1, '')"), /CHECK constraint failed/);
  });
});

test('a rebuild that would leave a dangling foreign key fails at the check and changes nothing', async () => {
  await withSqlitePair(async (a, b) => {
    // Keys off while loading: the child row points at a parent the target's new key makes required.
    await loadScript(a, `CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INT); PRAGMA foreign_keys = OFF; INSERT INTO c VALUES (1, 99);`);
    await loadScript(b, `CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INT REFERENCES p(id));`);
    const from = await inspect(a);
    const d = diffModels(from, await inspect(b));
    await assert.rejects(runPlan(a, d.statements.map((s) => s.sql), d.outsideTransaction), /foreign key violations after the table rebuild/);
    assert.ok(sameSchema(await inspect(a), from), 'rolled back');
    assert.deepEqual((await a.query('select * from c')).rows, [{ id: 1, p_id: 99 }]);
  });
});

test('virtual tables and their shadow tables are reported unsupported, never diffed or dropped', async () => {
  await withSqlitePair(async (a, b) => {
    await loadScript(a, `CREATE VIRTUAL TABLE docs USING fts5(body); CREATE TABLE t (id INTEGER PRIMARY KEY);`);
    await loadScript(b, `CREATE TABLE t (id INTEGER PRIMARY KEY);`);
    const d = diffModels(await inspect(a), await inspect(b));
    assert.deepEqual(d.unsupported, [{ kind: 'virtual table', name: 'docs' }]);
    assert.deepEqual(d.statements, []);
  });
});

test('a rebuild of an AUTOINCREMENT table keeps its counter: a deleted id is never handed out again', async () => {
  await withSqlitePair(async (a, b) => {
    await loadScript(a, "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT); INSERT INTO t (v) VALUES ('1'), ('2'), ('3'); DELETE FROM t WHERE id = 3;");
    await loadScript(b, 'CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT NOT NULL);');
    const d = diffModels(await inspect(a), await inspect(b));
    assert.ok(d.changes.some((c) => c.kind === 'rebuildTable'));
    await runPlan(a, d.statements.map((s) => s.sql), d.outsideTransaction);
    await a.query("INSERT INTO t (v) VALUES ('4')");
    assert.deepEqual((await a.query('SELECT id FROM t ORDER BY id')).rows, [{ id: 1 }, { id: 2 }, { id: 4 }]);
    assert.deepEqual((await a.query("SELECT seq FROM sqlite_sequence WHERE name = 't'")).rows, [{ seq: 4 }]);
  });
});

test('a table named like a virtual table\'s shadow tables is still an ordinary table', async () => {
  await withSqlitePair(async (a, b) => {
    await loadScript(a, 'CREATE VIRTUAL TABLE docs USING fts5(body); CREATE TABLE docs_archive (id INTEGER PRIMARY KEY);');
    const m = await inspect(a);
    assert.deepEqual(m.tables.map((t) => t.name), ['docs_archive']);
    assert.deepEqual(diffModels(m, await inspect(b)).statements.map((s) => s.sql), ['DROP TABLE "docs_archive";']);
  });
});

test('spellings of one schema compare equal: REFERENCES p and REFERENCES p(id), varchar( 10 ) and VARCHAR(10)', async () => {
  await withSqlitePair(async (a, b) => {
    await loadScript(a, 'CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INT REFERENCES p, name varchar( 10 ));');
    await loadScript(b, 'CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INT REFERENCES p(id), name VARCHAR(10));');
    assert.deepEqual(diffModels(await inspect(a), await inspect(b)).statements, []);
  });
});
