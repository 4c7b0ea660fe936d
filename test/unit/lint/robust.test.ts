// The robustness rule: PG125 prefer-robust-stmts (only outside a transaction).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RawFinding } from '../../../src/lint/dialect.js';
import { lintSql, type LintSqlOptions } from './lint-sql.js';

const pg125 = async (sql: string | readonly string[], opts: LintSqlOptions = { transaction: false }): Promise<RawFinding[]> => (await lintSql(sql, opts)).filter((f) => f.code === 'PG125');
/** Lines of the PG125 findings of `sql` run outside a transaction, after a first `SELECT 1` line. */
const lines = async (sql: string): Promise<number[]> => (await pg125(`SELECT 1;\n${sql}`)).map((f) => f.line);

test('PG125 flags statements that fail when run again, at info, naming the fix', async () => {
  for (const [sql, fix] of [
    ['CREATE TABLE core_bar (id serial NOT NULL PRIMARY KEY, bravo text NOT NULL)', 'CREATE TABLE IF NOT EXISTS'],
    ['CREATE TEMP TABLE test_table (id int)', 'CREATE TABLE IF NOT EXISTS'],
    ['CREATE TABLE test_table (id int) ON COMMIT DROP', 'CREATE TABLE IF NOT EXISTS'],
    ['CREATE INDEX idx ON items (col)', 'CREATE INDEX IF NOT EXISTS'],
    ['CREATE INDEX CONCURRENTLY "core_foo_idx" ON "core_foo" ("answer_id")', 'CREATE INDEX CONCURRENTLY IF NOT EXISTS'],
    ['ALTER TABLE "core_foo" ADD COLUMN "answer_id" integer NULL', 'ADD COLUMN IF NOT EXISTS'],
    ['alter table t drop column c cascade', 'DROP COLUMN IF EXISTS'],
    ['ALTER TABLE "core_foo" DROP CONSTRAINT "core_foo_idx"', 'DROP CONSTRAINT IF EXISTS'],
    ['DROP INDEX CONCURRENTLY "email_idx"', 'DROP INDEX IF EXISTS'],
    ['drop table t', 'DROP TABLE IF EXISTS'],
    ['DROP TYPE f', 'DROP TYPE IF EXISTS'],
    ['CREATE SEQUENCE s', 'CREATE SEQUENCE IF NOT EXISTS'],
    ['CREATE SCHEMA s', 'CREATE SCHEMA IF NOT EXISTS'],
    ['CREATE EXTENSION pgcrypto', 'CREATE EXTENSION IF NOT EXISTS'],
    ['CREATE VIEW v AS SELECT 1', 'CREATE OR REPLACE VIEW'],
    ['CREATE MATERIALIZED VIEW mv AS SELECT 1', 'IF NOT EXISTS'],
    ['CREATE FUNCTION f() RETURNS int AS $$ select 1 $$ LANGUAGE sql', 'CREATE OR REPLACE'],
    ['alter table t alter column c set not null', 'checks the current state'],
  ] as const) {
    const [f, more] = await pg125(`SELECT 1;\n${sql}`);
    assert.equal(f?.severity, 'info', sql);
    assert.equal(f!.line, 2, sql);
    assert.equal(more, undefined, sql);
    assert.match(f!.hint, new RegExp(fix.replace(/[()]/g, '\\$&')), sql);
    assert.match(f!.message, /outside a transaction/);
  }
});

test('PG125 passes IF [NOT] EXISTS, OR REPLACE, VALIDATE, unnamed indexes, temp tables dropped at commit, DML', async () => {
  for (const sql of [
    'ALTER TABLE "core_foo" ADD COLUMN IF NOT EXISTS "answer_id" integer NULL',
    'CREATE INDEX CONCURRENTLY IF NOT EXISTS "core_foo_idx" ON "core_foo" ("answer_id")',
    'CREATE INDEX CONCURRENTLY ON "table_name" ("field_name")',
    'CREATE TABLE IF NOT EXISTS "core_bar" (id serial)',
    'DROP INDEX CONCURRENTLY IF EXISTS "email_idx"',
    'alter table t drop column if exists c cascade',
    'ALTER TABLE "core_foo" DROP CONSTRAINT IF EXISTS "core_foo_idx"',
    'ALTER TABLE t VALIDATE CONSTRAINT c',
    'CREATE TEMP TABLE test_table (id int) ON COMMIT DROP',
    'CREATE TEMPORARY TABLE test_table (id int) ON COMMIT DROP',
    'CREATE OR REPLACE VIEW v AS SELECT 1',
    'CREATE OR REPLACE FUNCTION f() RETURNS int AS $$ select 1 $$ LANGUAGE sql',
    "CREATE TYPE mood AS ENUM ('sad')",
    'SELECT 1',
    'INSERT INTO tbl VALUES (1)',
  ]) {
    assert.deepEqual(await lines(sql), [], sql);
  }
});

test('PG125 lets an ADD CONSTRAINT through after a DROP CONSTRAINT IF EXISTS of the same name, once', async () => {
  const drop = 'ALTER TABLE app_email DROP CONSTRAINT IF EXISTS email_uniq;';
  const add = 'ALTER TABLE app_email ADD CONSTRAINT email_uniq UNIQUE USING INDEX email_idx;';
  assert.deepEqual(await lines(`${drop}\n${add}`), []);
  assert.deepEqual(await lines(`${drop}\n${add}\n${add}`), [4]);
  assert.deepEqual(await lines(`${drop}\nALTER TABLE app_email ADD CONSTRAINT other UNIQUE USING INDEX email_idx;`), [3]);
  assert.deepEqual(await lines(`${drop}\nALTER TABLE other ADD CONSTRAINT email_uniq UNIQUE USING INDEX email_idx;`), [3]);
  const fk = 'ALTER TABLE app_email DROP CONSTRAINT IF EXISTS fk_user;\nALTER TABLE app_email ADD CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES app_user (id) NOT VALID;\nALTER TABLE app_email VALIDATE CONSTRAINT fk_user;';
  assert.deepEqual(await pg125(fk), []);
});

test('PG125 flags each fragile statement, RLS toggles even with IF EXISTS on the table', async () => {
  assert.deepEqual((await pg125('CREATE TABLE IF NOT EXISTS test();\nALTER TABLE IF EXISTS test ENABLE ROW LEVEL SECURITY;')).map((f) => f.line), [2]);
  assert.deepEqual((await pg125('drop index i;\nDROP INDEX CONCURRENTLY idx;')).map((f) => f.line), [1, 2]);
});

test("PG125 passes in shale's transaction and in a BEGIN block: a failure rolls everything back", async () => {
  for (const [sql, opts] of [
    ['SELECT 1; ALTER TABLE core_foo ADD COLUMN answer_id integer NULL', { transaction: true }],
    ['DROP INDEX core_bar_foo_id_idx; DROP TABLE core_bar; DROP TYPE foo', { transaction: true }],
    ['BEGIN; ALTER TABLE core_foo ADD COLUMN answer_id integer NULL; COMMIT;', { transaction: false }],
    ['START TRANSACTION; ALTER TABLE "A" DROP CONSTRAINT "UQ_c4"; ALTER TABLE "B" DROP CONSTRAINT "UQ_79"; COMMIT;', { transaction: false }],
  ] as const) {
    assert.deepEqual(await pg125(sql, opts), [], sql);
  }
  // After the block's COMMIT the statements are on their own again.
  assert.deepEqual((await pg125('BEGIN;\nDROP TABLE a;\nCOMMIT;\nDROP TABLE b;')).map((f) => f.line), [4]);
});

test('PG125 passes a script of one statement: it ran or it did not', async () => {
  assert.deepEqual(await pg125('ALTER TABLE core_foo ADD COLUMN answer_id integer NULL'), []);
  assert.deepEqual(await pg125('CREATE INDEX CONCURRENTLY core_foo_idx ON core_foo (answer_id)'), []);
});
