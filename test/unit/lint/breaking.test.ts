// Breaking changes: drops, renames, dropped NOT NULL, TRUNCATE … CASCADE; none for objects the run created.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintSql, type LintSqlOptions } from './lint-sql.js';

async function found(sql: string | readonly string[], code: string, opts: LintSqlOptions = {}) {
  return (await lintSql(sql, opts)).filter((f) => f.code === code);
}
async function count(sql: string | readonly string[], code: string, opts: LintSqlOptions = {}): Promise<number> {
  return (await found(sql, code, opts)).length;
}

test('PG110 ban-drop-column: dropping a column of an existing table, one finding per column', async () => {
  const [f] = await found('ALTER TABLE "bar_tbl" DROP COLUMN "foo_col" CASCADE;', 'PG110');
  assert.equal(f?.severity, 'error');
  assert.match(f!.message, /bar_tbl\.foo_col/);
  assert.equal(await count('ALTER TABLE s.t DROP COLUMN IF EXISTS a, DROP COLUMN b;', 'PG110'), 2);
  assert.equal(await count('ALTER TABLE t DROP COLUMN a;', 'PG110', { transaction: false }), 1);
  assert.equal(await count('ALTER TABLE t ADD COLUMN a int, DROP CONSTRAINT c;', 'PG110'), 0);
});

test('PG110: a table created earlier in the run (same migration or an earlier one) has no clients', async () => {
  assert.equal(await count('CREATE TABLE t (a int, b int); ALTER TABLE t DROP COLUMN b;', 'PG110'), 0);
  assert.equal(await count(['CREATE TABLE t (a int, b int);', 'ALTER TABLE t DROP COLUMN b;'], 'PG110'), 0);
  assert.equal(await count(['CREATE TABLE t (a int, b int);', 'ALTER TABLE u DROP COLUMN b;'], 'PG110'), 1);
});

test('PG111 ban-drop-database: every DROP DATABASE', async () => {
  const sql = 'DROP DATABASE "table_name"; DROP DATABASE IF EXISTS "table_name"; DROP DATABASE IF EXISTS "table_name"';
  assert.equal(await count(sql, 'PG111'), 3);
  const [inTx] = await found('DROP DATABASE d;', 'PG111');
  assert.equal(inTx?.severity, 'error');
  assert.match(inTx!.message, /transaction block/);
  const [outside] = await found('DROP DATABASE d;', 'PG111', { transaction: false });
  assert.doesNotMatch(outside!.message, /transaction block/);
});

test('PG112 ban-drop-not-null: existing tables only', async () => {
  const [f] = await found('ALTER TABLE "bar_tbl" ALTER COLUMN "foo_col" DROP NOT NULL;', 'PG112');
  assert.equal(f?.severity, 'warning');
  assert.match(f!.message, /bar_tbl\.foo_col/);
  assert.equal(await count('CREATE TABLE bar_tbl (foo_col int NOT NULL); ALTER TABLE bar_tbl ALTER COLUMN foo_col DROP NOT NULL;', 'PG112'), 0);
  assert.equal(await count('ALTER TABLE t ALTER COLUMN c SET NOT NULL;', 'PG112'), 0);
});

test('PG113 ban-drop-table: every existing table dropped', async () => {
  assert.equal(await count('DROP TABLE "table_name"; DROP TABLE IF EXISTS "table_name"; DROP TABLE IF EXISTS "table_name"', 'PG113'), 3);
  const [f] = await found('DROP TABLE a, s.b CASCADE;', 'PG113');
  assert.equal(f?.severity, 'error');
  assert.match(f!.message, /a, s\.b/);
  assert.match(f!.message, /depend/);
  assert.equal(await count('DROP VIEW v; DROP INDEX i; DROP SEQUENCE q;', 'PG113'), 0);
});

test('PG113: dropping a table created earlier in the run is no finding; a mixed list names only the old ones', async () => {
  assert.equal(await count('CREATE TABLE tmp (a int); DROP TABLE tmp;', 'PG113'), 0);
  assert.equal(await count(['CREATE TABLE tmp (a int);', 'DROP TABLE IF EXISTS tmp;'], 'PG113'), 0);
  assert.equal(await count('CREATE TABLE tmp AS SELECT 1 AS a; DROP TABLE tmp;', 'PG113'), 0);
  assert.equal(await count('CREATE TABLE t1 (a int); ALTER TABLE t1 RENAME TO t2; DROP TABLE t2;', 'PG113'), 0);
  const [f] = await found('CREATE TABLE tmp (a int); DROP TABLE tmp, old;', 'PG113');
  assert.match(f!.message, /table old /);
  assert.doesNotMatch(f!.message, /tmp/);
  assert.equal(await count('CREATE TABLE t (a int); DROP TABLE t; DROP TABLE t;', 'PG113'), 1, 'once dropped, the name is an existing table again');
});

test('PG115 ban-truncate-cascade: CASCADE only, existing tables only', async () => {
  const [f] = await found('truncate a, b, c cascade;', 'PG115');
  assert.equal(f?.severity, 'error');
  assert.match(f!.message, /a, b, c/);
  assert.equal(await count('truncate a, b, c; truncate a; truncate a restrict;', 'PG115'), 0);
  assert.equal(await count('create table a (id int); truncate a cascade;', 'PG115'), 0);
  assert.equal(await count('create table a (id int); truncate a, b cascade;', 'PG115'), 1);
});

test('PG128 renaming-column: existing tables and views; new ones pass', async () => {
  const [f] = await found('ALTER TABLE "table_name" RENAME COLUMN "column_name" TO "new_column_name";', 'PG128');
  assert.equal(f?.severity, 'warning');
  assert.match(f!.message, /table_name\.column_name to new_column_name/);
  assert.equal(await count('ALTER TABLE IF EXISTS s.t RENAME a TO b;', 'PG128'), 1);
  assert.equal(await count('ALTER VIEW v RENAME COLUMN a TO b;', 'PG128'), 1);
  assert.equal(await count('CREATE TABLE t (a int); ALTER TABLE t RENAME COLUMN a TO b;', 'PG128'), 0);
  assert.equal(await count(['CREATE TABLE t (a int);', 'ALTER TABLE t RENAME COLUMN a TO b;'], 'PG128'), 0);
  assert.equal(await count('ALTER TABLE t RENAME CONSTRAINT a TO b;', 'PG128'), 0);
});

test('PG129 renaming-table: existing tables; indexes, views and new tables pass', async () => {
  const [f] = await found('ALTER TABLE "table_name" RENAME TO "new_table_name";', 'PG129');
  assert.equal(f?.severity, 'warning');
  assert.match(f!.message, /table_name to new_table_name/);
  assert.equal(await count('ALTER FOREIGN TABLE ft RENAME TO ft2;', 'PG129'), 1);
  assert.equal(await count('ALTER INDEX i RENAME TO j; ALTER SEQUENCE s RENAME TO q;', 'PG129'), 0);
  assert.equal(await count('CREATE TABLE t (a int); ALTER TABLE t RENAME TO u;', 'PG129'), 0);
  assert.equal(await count(['CREATE TABLE t (a int);', 'ALTER TABLE t RENAME TO u;', 'ALTER TABLE u RENAME TO v;'], 'PG129'), 0);
});

test('breaking rules do not depend on the table size: losing a small table is still a loss', async () => {
  const sizes = { t: { rows: 3, bytes: 8192 } };
  assert.equal((await found('DROP TABLE t;', 'PG113', { sizes }))[0]?.severity, 'error');
  assert.equal((await found('ALTER TABLE t DROP COLUMN a;', 'PG110', { sizes }))[0]?.severity, 'error');
});
