// The rewrite rules: PG124 prefer-repack, PG132 require-concurrent-partition-detach.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RawFinding } from '../../../src/lint/dialect.js';
import { lintSql, type LintSqlOptions } from './lint-sql.js';

const findings = (code: string) => async (sql: string | readonly string[], opts: LintSqlOptions = {}): Promise<RawFinding[]> => (await lintSql(sql, opts)).filter((f) => f.code === code);
const BIG = { rows: 50_000_000, bytes: 20 * 1024 ** 3 };
const SMALL = { rows: 40, bytes: 16_384 };

const pg124 = findings('PG124');

test('PG124 flags VACUUM FULL and CLUSTER', async () => {
  for (const sql of ['VACUUM FULL foo', 'VACUUM (FULL) foo', 'VACUUM (FULL true, VERBOSE) foo', 'VACUUM (FULL 1) foo', 'VACUUM FULL foo, bar', 'CLUSTER foo', 'CLUSTER foo USING foo_pkey', 'CLUSTER verbose foo_pkey ON foo', 'CLUSTER', 'VACUUM FULL']) {
    const fs = await pg124(sql, { transaction: false });
    assert.equal(fs.length, 1, sql);
    assert.equal(fs[0]!.severity, 'error', sql);
    assert.match(fs[0]!.message, /ACCESS EXCLUSIVE/);
  }
  assert.match((await pg124('CLUSTER'))[0]!.message, /every table clustered before/);
  assert.match((await pg124('VACUUM FULL'))[0]!.message, /every table of the database/);
  assert.match((await pg124('VACUUM FULL foo, bar'))[0]!.message, /foo, bar/);
});

test('PG124 passes plain VACUUM, FULL false and tables created in the run', async () => {
  for (const sql of ['VACUUM foo', 'VACUUM ANALYZE foo', 'VACUUM FREEZE foo', 'VACUUM (FULL FALSE) foo', 'VACUUM (FULL off) foo', 'ANALYZE foo', 'CREATE TABLE foo (id int); VACUUM FULL foo', 'CREATE TABLE foo (id int); CLUSTER foo USING foo_pkey']) {
    assert.deepEqual(await pg124(sql), [], sql);
  }
  assert.deepEqual(await pg124(['CREATE TABLE foo (id int)', 'VACUUM FULL foo']), []);
  assert.equal((await pg124('CREATE TABLE foo (id int); VACUUM FULL foo, bar')).length, 1);
});

test('PG124 hints REPACK from PostgreSQL 19 and pg_repack before', async () => {
  assert.match((await pg124('VACUUM FULL foo'))[0]!.hint, /REPACK \(CONCURRENTLY\)/);
  assert.match((await pg124('VACUUM FULL foo', { serverVersion: 19 }))[0]!.hint, /REPACK \(CONCURRENTLY\)/);
  const [old] = await pg124('CLUSTER foo', { serverVersion: 16 });
  assert.match(old!.hint, /pg_repack/);
  assert.match(old!.hint, /target is 16/);
});

test('PG124 severity follows the sizes of the tables', async () => {
  assert.equal((await pg124('VACUUM FULL foo', { sizes: { foo: SMALL } }))[0]!.severity, 'info');
  assert.equal((await pg124('VACUUM FULL foo', { sizes: { foo: BIG } }))[0]!.severity, 'error');
  const [mixed] = await pg124('VACUUM FULL foo, bar', { sizes: { foo: SMALL, bar: BIG } });
  assert.equal(mixed!.severity, 'error');
  assert.match(mixed!.message, /foo: ~40 rows/);
});

const pg132 = findings('PG132');

test('PG132 flags DETACH PARTITION without CONCURRENTLY from PostgreSQL 14', async () => {
  for (const opts of [{}, { serverVersion: 14 }, { serverVersion: 17 }]) {
    const [f] = await pg132('ALTER TABLE t DETACH PARTITION p', opts);
    assert.equal(f?.severity, 'warning');
    assert.match(f!.message, /DETACH PARTITION p takes ACCESS EXCLUSIVE on t/);
    assert.match(f!.hint, /transaction: false/);
  }
  const [autocommit] = await pg132('ALTER TABLE t DETACH PARTITION p', { transaction: false });
  assert.doesNotMatch(autocommit!.hint, /transaction: false/);
});

test('PG132 passes CONCURRENTLY, FINALIZE, PostgreSQL before 14 and new tables', async () => {
  for (const sql of ['ALTER TABLE t DETACH PARTITION p CONCURRENTLY', 'ALTER TABLE t DETACH PARTITION p FINALIZE', 'ALTER TABLE t ATTACH PARTITION p FOR VALUES IN (1)', 'CREATE TABLE t (a int) PARTITION BY LIST (a); ALTER TABLE t DETACH PARTITION p']) {
    assert.deepEqual(await pg132(sql, { transaction: false }), [], sql);
  }
  assert.deepEqual(await pg132('ALTER TABLE t DETACH PARTITION p', { serverVersion: 13 }), []);
});
