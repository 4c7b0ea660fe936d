// locksOf: the table-level lock modes PostgreSQL takes per statement kind (and the option reader).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pgParser } from '../../../src/schema/postgres/pg-ast.js';
import { nodeOf } from '../../../src/lint/postgres/ast.js';
import { blocksReads, blocksWrites, LOCK_MODES, locksOf } from '../../../src/lint/postgres/locks.js';

/** `name:MODE` for each lock of the (single) statement in `sql`. */
async function locks(sql: string, serverVersion?: number): Promise<string[]> {
  const parser = await pgParser();
  const [stmt] = parser.parseSync(sql).stmts ?? [];
  const [type, node] = nodeOf(stmt?.stmt);
  return locksOf({ type, node }, serverVersion).map((l) => `${l.relation.schema ? `${l.relation.schema}.` : ''}${l.relation.name}:${l.mode}`);
}

async function assertTable(rows: readonly (readonly [string, readonly string[]])[]): Promise<void> {
  for (const [sql, expected] of rows) assert.deepEqual(await locks(sql), expected, sql);
}

test('statement kinds (squawk lock_kind_for_statement_variants)', async () => {
  await assertTable([
    ['ALTER TABLE t ADD COLUMN c int', ['t:ACCESS EXCLUSIVE']],
    ['CLUSTER t', ['t:ACCESS EXCLUSIVE']],
    ['CLUSTER', []],
    ["COMMENT ON TABLE t IS 'x'", ['t:SHARE UPDATE EXCLUSIVE']],
    ["COMMENT ON COLUMN s.t.c IS 'x'", ['s.t:SHARE UPDATE EXCLUSIVE']],
    ["COMMENT ON CONSTRAINT k ON t IS 'x'", ['t:SHARE UPDATE EXCLUSIVE']],
    ["COMMENT ON FUNCTION f() IS 'x'", []],
    ['CREATE INDEX idx ON t (c)', ['t:SHARE']],
    ['CREATE INDEX CONCURRENTLY idx ON t (c)', ['t:SHARE UPDATE EXCLUSIVE']],
    ['DROP INDEX idx', ['idx:ACCESS EXCLUSIVE']],
    ['DROP INDEX CONCURRENTLY idx', ['idx:SHARE UPDATE EXCLUSIVE']],
    ['DROP TABLE t, s.u', ['t:ACCESS EXCLUSIVE', 's.u:ACCESS EXCLUSIVE']],
    ['DROP VIEW v', ['v:ACCESS EXCLUSIVE']],
    ['DROP MATERIALIZED VIEW mv', ['mv:ACCESS EXCLUSIVE']],
    ['DROP SEQUENCE sq', ['sq:ACCESS EXCLUSIVE']],
    ['DROP TRIGGER trg ON t', ['t:ACCESS EXCLUSIVE']],
    ['DROP POLICY p ON t', ['t:ACCESS EXCLUSIVE']],
    ['DROP TYPE mood', []],
    ['REFRESH MATERIALIZED VIEW mv', ['mv:ACCESS EXCLUSIVE']],
    ['REFRESH MATERIALIZED VIEW CONCURRENTLY mv', ['mv:EXCLUSIVE']],
    ['REINDEX INDEX idx', ['idx:ACCESS EXCLUSIVE']],
    ['REINDEX INDEX CONCURRENTLY idx', ['idx:SHARE UPDATE EXCLUSIVE']],
    ['REINDEX TABLE t', ['t:SHARE']],
    ['REINDEX TABLE CONCURRENTLY t', ['t:SHARE UPDATE EXCLUSIVE']],
    ['REINDEX SCHEMA s', []],
    ['TRUNCATE t, u', ['t:ACCESS EXCLUSIVE', 'u:ACCESS EXCLUSIVE']],
    ["CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')", []],
    ['CREATE FUNCTION f() RETURNS int AS $$ select 1 $$ LANGUAGE sql', []],
    ['SELECT * FROM t', []],
    ['UPDATE t SET a = 1', []],
  ]);
});

test('ALTER TABLE subcommands (squawk lock_kind_for_alter_table_variants, the PG docs)', async () => {
  await assertTable([
    ['ALTER TABLE t DROP COLUMN c', ['t:ACCESS EXCLUSIVE']],
    ['ALTER TABLE t ALTER COLUMN c TYPE bigint', ['t:ACCESS EXCLUSIVE']],
    ['ALTER TABLE t ALTER COLUMN c SET NOT NULL', ['t:ACCESS EXCLUSIVE']],
    ['ALTER TABLE t ALTER COLUMN c SET DEFAULT 1', ['t:ACCESS EXCLUSIVE']],
    ['ALTER TABLE t VALIDATE CONSTRAINT c', ['t:SHARE UPDATE EXCLUSIVE']],
    ['ALTER TABLE t ALTER COLUMN c SET STATISTICS 100', ['t:SHARE UPDATE EXCLUSIVE']],
    ['ALTER TABLE t ALTER COLUMN c SET (n_distinct = 5)', ['t:SHARE UPDATE EXCLUSIVE']],
    ['ALTER TABLE t ALTER COLUMN c RESET (n_distinct)', ['t:SHARE UPDATE EXCLUSIVE']],
    ['ALTER TABLE t SET (fillfactor = 70)', ['t:SHARE UPDATE EXCLUSIVE']],
    ['ALTER TABLE t RESET (fillfactor)', ['t:SHARE UPDATE EXCLUSIVE']],
    ['ALTER TABLE t CLUSTER ON idx', ['t:SHARE UPDATE EXCLUSIVE']],
    ['ALTER TABLE t SET WITHOUT CLUSTER', ['t:SHARE UPDATE EXCLUSIVE']],
    ['ALTER TABLE t DETACH PARTITION p', ['t:ACCESS EXCLUSIVE', 'p:ACCESS EXCLUSIVE']],
    ['ALTER TABLE t DETACH PARTITION p CONCURRENTLY', ['t:SHARE UPDATE EXCLUSIVE', 'p:ACCESS EXCLUSIVE']],
    ['ALTER TABLE t ATTACH PARTITION p FOR VALUES IN (1)', ['t:SHARE UPDATE EXCLUSIVE', 'p:ACCESS EXCLUSIVE']],
    ['ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES o (id)', ['t:SHARE ROW EXCLUSIVE', 'o:SHARE ROW EXCLUSIVE']],
    ['ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES o (id) NOT VALID', ['t:SHARE ROW EXCLUSIVE', 'o:SHARE ROW EXCLUSIVE']],
    ['ALTER TABLE t ADD COLUMN a int REFERENCES o (id)', ['t:ACCESS EXCLUSIVE', 'o:SHARE ROW EXCLUSIVE']],
    ['ALTER TABLE t ADD CONSTRAINT ck CHECK (a > 0)', ['t:ACCESS EXCLUSIVE']],
    ['ALTER TABLE t ADD CONSTRAINT u UNIQUE USING INDEX i', ['t:ACCESS EXCLUSIVE']],
    ['ALTER TABLE t ALTER CONSTRAINT fk DEFERRABLE', ['t:SHARE ROW EXCLUSIVE']],
    ['ALTER TABLE t DISABLE TRIGGER trg', ['t:SHARE ROW EXCLUSIVE']],
    ['ALTER TABLE t ENABLE TRIGGER trg', ['t:SHARE ROW EXCLUSIVE']],
    ['ALTER TABLE t ENABLE REPLICA TRIGGER trg', ['t:SHARE ROW EXCLUSIVE']],
    ['ALTER TABLE t ENABLE ALWAYS TRIGGER trg', ['t:SHARE ROW EXCLUSIVE']],
    ['ALTER TABLE t DISABLE TRIGGER ALL', ['t:SHARE ROW EXCLUSIVE']],
    ['ALTER TABLE t ENABLE ROW LEVEL SECURITY', ['t:ACCESS EXCLUSIVE']],
    ['ALTER TABLE t OWNER TO bob', ['t:ACCESS EXCLUSIVE']],
    ['ALTER TABLE t SET TABLESPACE fast', ['t:ACCESS EXCLUSIVE']],
    // Several subcommands: the strongest mode on each relation.
    ['ALTER TABLE t VALIDATE CONSTRAINT c, ADD COLUMN d int', ['t:ACCESS EXCLUSIVE']],
    ['ALTER TABLE t ALTER c SET STATISTICS 1, DISABLE TRIGGER x', ['t:SHARE ROW EXCLUSIVE']],
  ]);
});

test('LOCK TABLE modes (squawk lock_kind_for_explicit_lock_modes)', async () => {
  await assertTable([
    ['LOCK TABLE t', ['t:ACCESS EXCLUSIVE']],
    ['LOCK t, s.u IN SHARE MODE', ['t:SHARE', 's.u:SHARE']],
    ...LOCK_MODES.map((mode) => [`LOCK TABLE t IN ${mode} MODE`, [`t:${mode}`]] as const),
  ]);
});

test('REINDEX (CONCURRENTLY value) and VACUUM (FULL value) read the boolean as PostgreSQL does', async () => {
  for (const v of ['', ' true', ' on', ' 1', " 'yes'"]) {
    assert.deepEqual(await locks(`REINDEX (CONCURRENTLY${v}) INDEX idx`), ['idx:SHARE UPDATE EXCLUSIVE'], v);
    assert.deepEqual(await locks(`VACUUM (FULL${v}) t`), ['t:ACCESS EXCLUSIVE'], v);
  }
  for (const v of [' false', " 'false'", " E'false'", " U&'false'", ' off', ' 0', " 'no'", " 'f'"]) {
    assert.deepEqual(await locks(`REINDEX (CONCURRENTLY${v}) INDEX idx`), ['idx:ACCESS EXCLUSIVE'], v);
    assert.deepEqual(await locks(`VACUUM (FULL${v}) t`), ['t:SHARE UPDATE EXCLUSIVE'], v);
  }
  await assertTable([
    ['VACUUM t', ['t:SHARE UPDATE EXCLUSIVE']],
    ['VACUUM FULL t, u', ['t:ACCESS EXCLUSIVE', 'u:ACCESS EXCLUSIVE']],
    ['ANALYZE t', ['t:SHARE UPDATE EXCLUSIVE']],
    ['VACUUM', []],
  ]);
});

test('CREATE TABLE locks its parents and the tables it references, not itself', async () => {
  await assertTable([
    ['CREATE TABLE t (id int)', []],
    ['CREATE TABLE t (a int REFERENCES o (id), b int, FOREIGN KEY (b) REFERENCES o2 (id))', ['o:SHARE ROW EXCLUSIVE', 'o2:SHARE ROW EXCLUSIVE']],
    ['CREATE TABLE p1 PARTITION OF p FOR VALUES IN (1)', ['p:ACCESS EXCLUSIVE']],
    ['CREATE TABLE c (a int) INHERITS (par)', ['par:SHARE UPDATE EXCLUSIVE']],
  ]);
});

test('renames, triggers, rules, policies, statistics, sequences, SET SCHEMA', async () => {
  await assertTable([
    ['ALTER TABLE t RENAME TO u', ['t:ACCESS EXCLUSIVE']],
    ['ALTER TABLE t RENAME c TO d', ['t:ACCESS EXCLUSIVE']],
    ['ALTER TABLE t RENAME CONSTRAINT a TO b', ['t:ACCESS EXCLUSIVE']],
    ['ALTER INDEX i RENAME TO j', ['i:SHARE UPDATE EXCLUSIVE']],
    ['ALTER TABLE t SET SCHEMA s', ['t:ACCESS EXCLUSIVE']],
    ['CREATE TRIGGER trg AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()', ['t:SHARE ROW EXCLUSIVE']],
    ['CREATE RULE r AS ON INSERT TO t DO NOTHING', ['t:ACCESS EXCLUSIVE']],
    ['CREATE POLICY p ON t USING (true)', ['t:ACCESS EXCLUSIVE']],
    ['ALTER POLICY p ON t USING (false)', ['t:ACCESS EXCLUSIVE']],
    ['CREATE STATISTICS st ON a, b FROM t', ['t:SHARE UPDATE EXCLUSIVE']],
    ['ALTER SEQUENCE sq RESTART', ['sq:SHARE ROW EXCLUSIVE']],
  ]);
  // Before PostgreSQL 12 renaming an index took ACCESS EXCLUSIVE.
  assert.deepEqual(await locks('ALTER INDEX i RENAME TO j', 11), ['i:ACCESS EXCLUSIVE']);
});

test('blocksWrites / blocksReads follow the conflict table', () => {
  assert.deepEqual(
    LOCK_MODES.filter((m) => blocksWrites(m)),
    ['SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  );
  assert.deepEqual(
    LOCK_MODES.filter((m) => blocksReads(m)),
    ['ACCESS EXCLUSIVE'],
  );
});

test('locks on indexes are marked: their table is not named', async () => {
  const parser = await pgParser();
  const flags = (sql: string) => {
    const [stmt] = parser.parseSync(sql).stmts ?? [];
    const [type, node] = nodeOf(stmt?.stmt);
    return locksOf({ type, node }).map((l) => l.index === true);
  };
  for (const sql of ['DROP INDEX a, b', 'REINDEX INDEX i', 'ALTER INDEX i RENAME TO j', "COMMENT ON INDEX i IS 'x'", 'ALTER INDEX i SET (fillfactor = 70)']) {
    assert.ok(flags(sql).length > 0 && flags(sql).every(Boolean), sql);
  }
  for (const sql of ['DROP TABLE t', 'REINDEX TABLE t', 'CREATE INDEX i ON t (c)', 'ALTER TABLE t RENAME TO u']) {
    assert.deepEqual(flags(sql), [false], sql);
  }
});
