// The index rules: PG108 ban-concurrent-index-creation-in-transaction, PG130
// require-concurrent-index-creation, PG131 require-concurrent-index-deletion, PG133 require-concurrent-reindex.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RawFinding } from '../../../src/lint/dialect.js';
import { lintSql, type LintSqlOptions } from './lint-sql.js';

const findings = (code: string) => async (sql: string | readonly string[], opts: LintSqlOptions = {}): Promise<RawFinding[]> => (await lintSql(sql, opts)).filter((f) => f.code === code);
const BIG = { rows: 50_000_000, bytes: 20 * 1024 ** 3 };
const SMALL = { rows: 40, bytes: 16_384 };
const autocommit = { transaction: false } as const;

const pg108 = findings('PG108');

test("PG108 flags CONCURRENTLY in shale's migration transaction: it fails at apply time", async () => {
  // A lone statement too: shale wraps a transactional migration in BEGIN … COMMIT.
  for (const sql of [
    'CREATE INDEX CONCURRENTLY i ON t (c)',
    'CREATE UNIQUE INDEX CONCURRENTLY i ON t (c); ALTER TABLE t ADD CONSTRAINT u UNIQUE USING INDEX i',
    'DROP INDEX CONCURRENTLY i',
    'REINDEX INDEX CONCURRENTLY i',
    'REINDEX (CONCURRENTLY) TABLE t',
    'REINDEX SCHEMA app',
    'REINDEX DATABASE app',
  ]) {
    const [f, more] = await pg108(sql);
    assert.equal(f?.severity, 'error', sql);
    assert.equal(more, undefined, sql);
    assert.match(f!.message, /migration's transaction/);
    assert.match(f!.hint, /-- transaction: false/);
  }
});

test('PG108 flags CONCURRENTLY inside a BEGIN block of an autocommit migration', async () => {
  const [f] = await pg108('-- instead of\nBEGIN;\nCREATE INDEX CONCURRENTLY "field_name_idx" ON "table_name" ("field_name");\nCOMMIT;', autocommit);
  assert.equal(f?.line, 3);
  assert.match(f!.message, /BEGIN … COMMIT block/);
  assert.match(f!.hint, /after the COMMIT/);
});

test('PG108 passes CONCURRENTLY outside any transaction, and non-concurrent forms', async () => {
  for (const [sql, opts] of [
    ['CREATE INDEX CONCURRENTLY i ON t (c)', autocommit],
    ['BEGIN; SELECT 1; COMMIT; CREATE INDEX CONCURRENTLY i ON t (c); DROP INDEX CONCURRENTLY j', autocommit],
    ['COMMIT; CREATE UNIQUE INDEX CONCURRENTLY i ON t (c); BEGIN; ALTER TABLE t ADD CONSTRAINT u UNIQUE USING INDEX i', {}],
    ['CREATE INDEX i ON t (c)', {}],
    ['REINDEX (CONCURRENTLY false) INDEX i', {}],
    ['REINDEX SCHEMA app', autocommit],
  ] as const) {
    assert.deepEqual(await pg108(sql, opts), [], sql);
  }
});

const pg130 = findings('PG130');

test('PG130 flags CREATE INDEX on an existing table, named or not', async () => {
  for (const sql of ['CREATE INDEX i ON t (c)', 'CREATE INDEX ON t (a)', 'CREATE UNIQUE INDEX IF NOT EXISTS i ON s.t (c)']) {
    const [f] = await pg130(sql, autocommit);
    assert.equal(f?.severity, 'warning', sql);
    assert.match(f!.message, /SHARE lock/);
    assert.equal(f!.hint, 'use CREATE INDEX CONCURRENTLY');
  }
  const [named] = await pg130('CREATE INDEX "field_name_idx" ON "table_name" ("field_name")');
  assert.match(named!.message, /field_name_idx on table_name/);
  // In shale's transaction the fix needs the migration out of it.
  assert.match(named!.hint, /-- transaction: false/);
  const [inBegin] = await pg130('BEGIN; CREATE INDEX i ON t (c); COMMIT;', autocommit);
  assert.match(inBegin!.hint, /outside the BEGIN/);
});

test('PG130 passes CONCURRENTLY and tables created in the run (same migration or earlier one)', async () => {
  for (const [sql, opts] of [
    ['CREATE INDEX CONCURRENTLY i ON t (c)', autocommit],
    ['BEGIN; CREATE TABLE core_foo (id serial PRIMARY KEY, tenant_id integer); CREATE INDEX core_foo_tenant_id ON core_foo (tenant_id); COMMIT;', autocommit],
    ['CREATE TABLE core_foo (id serial PRIMARY KEY, tenant_id integer); CREATE INDEX core_foo_tenant_id ON core_foo (tenant_id)', {}],
  ] as const) {
    assert.deepEqual(await pg130(sql, opts), [], sql);
  }
  assert.deepEqual(await pg130(['CREATE TABLE t (c int)', 'CREATE INDEX i ON t (c)']), []);
  // Dropped and not re-created: the table of the later migration is an existing one again.
  assert.equal((await pg130(['CREATE TABLE t (c int)', 'DROP TABLE t', 'CREATE INDEX i ON t (c)'])).length, 1);
});

test('PG130 severity follows the table size', async () => {
  const sql = 'CREATE INDEX i ON orders (c)';
  const [small] = await pg130(sql, { sizes: { orders: SMALL } });
  assert.equal(small?.severity, 'info');
  assert.match(small!.message, /orders: ~40 rows/);
  assert.equal((await pg130(sql, { sizes: { orders: BIG } }))[0]?.severity, 'error');
  assert.equal((await pg130(sql, { sizes: {} }))[0]?.severity, 'warning');
});

const pg131 = findings('PG131');

test('PG131 flags DROP INDEX without CONCURRENTLY', async () => {
  for (const sql of ['drop index i', 'DROP INDEX IF EXISTS "field_name_idx"', 'DROP INDEX s.i CASCADE']) {
    const [f] = await pg131(sql, autocommit);
    assert.equal(f?.severity, 'warning', sql);
    assert.match(f!.message, /ACCESS EXCLUSIVE/);
    assert.equal(f!.hint, 'use DROP INDEX CONCURRENTLY');
  }
  const [several] = await pg131('DROP INDEX "idx1", "idx2"', autocommit);
  assert.match(several!.message, /idx1, idx2/);
  assert.match(several!.hint, /one statement per index/);
  assert.match((await pg131('DROP INDEX i'))[0]!.hint, /-- transaction: false/);
});

test('PG131 passes CONCURRENTLY, other DROPs and indexes created in the run', async () => {
  for (const sql of [
    'DROP INDEX CONCURRENTLY IF EXISTS "field_name_idx"',
    'DROP TABLE IF EXISTS some_table',
    'DROP TRIGGER IF EXISTS trigger on foo_table',
    'DROP TYPE IF EXISTS foo',
  ]) {
    assert.deepEqual(await pg131(sql, autocommit), [], sql);
  }
  assert.deepEqual(await pg131('CREATE TABLE t (c int); CREATE INDEX i ON t (c); DROP INDEX i'), []);
  assert.deepEqual(await pg131(['CREATE TABLE t (c int); CREATE INDEX i ON t (c)', 'DROP INDEX i']), []);
  // An index built on an existing table is not new: dropping it blocks that table.
  assert.equal((await pg131('CREATE INDEX CONCURRENTLY i ON t (c); DROP INDEX i', autocommit)).length, 1);
});

const pg133 = findings('PG133');

test('PG133 flags REINDEX without CONCURRENTLY on every form that has one', async () => {
  for (const sql of ['REINDEX TABLE foo', 'REINDEX INDEX foo', 'REINDEX SCHEMA foo', 'REINDEX DATABASE foo', 'REINDEX (CONCURRENTLY false) INDEX foo', 'REINDEX (VERBOSE) TABLE foo']) {
    const [f] = await pg133(sql, autocommit);
    assert.equal(f?.severity, 'warning', sql);
    assert.match(f!.message, /foo/);
    assert.match(f!.hint, /CONCURRENTLY/);
  }
  assert.equal((await pg133('REINDEX TABLE foo', autocommit))[0]!.hint, 'use REINDEX TABLE CONCURRENTLY');
  assert.match((await pg133('REINDEX INDEX foo'))[0]!.hint, /-- transaction: false/);
});

test('PG133 passes CONCURRENTLY, REINDEX SYSTEM and new relations', async () => {
  for (const sql of ['REINDEX TABLE CONCURRENTLY foo', 'REINDEX INDEX CONCURRENTLY foo', 'REINDEX (CONCURRENTLY) TABLE foo', 'REINDEX (CONCURRENTLY true) INDEX foo', 'REINDEX SYSTEM mydb']) {
    assert.deepEqual(await pg133(sql, autocommit), [], sql);
  }
  assert.deepEqual(await pg133('CREATE TABLE foo (id int); REINDEX TABLE foo'), []);
});

test('PG133 before PostgreSQL 12 names the manual rebuild; table size sets the severity', async () => {
  const [old] = await pg133('REINDEX INDEX foo', { ...autocommit, serverVersion: 11 });
  assert.match(old!.hint, /PostgreSQL 12/);
  assert.equal((await pg133('REINDEX TABLE foo', { sizes: { foo: SMALL } }))[0]?.severity, 'info');
  assert.equal((await pg133('REINDEX TABLE foo', { sizes: { foo: BIG } }))[0]?.severity, 'error');
});
