// The transaction rules: PG116 ban-uncommitted-transaction, PG138 transaction-nesting, PG203
// many-locks-in-one-transaction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RawFinding } from '../../../src/lint/dialect.js';
import { postgresLint } from '../../../src/lint/postgres/index.js';
import { lintSql, type LintSqlOptions } from './lint-sql.js';

const findings = (code: string) => async (sql: string | readonly string[], opts: LintSqlOptions = {}): Promise<RawFinding[]> => (await lintSql(sql, opts)).filter((f) => f.code === code);
const BIG = { rows: 50_000_000, bytes: 20 * 1024 ** 3 };
const SMALL = { rows: 40, bytes: 16_384 };
const autocommit = { transaction: false } as const;

const pg116 = findings('PG116');

test('PG116 flags a BEGIN never committed, at the BEGIN', async () => {
  for (const sql of [
    'BEGIN;\nCREATE TABLE users (id bigint);',
    'START TRANSACTION;\nCREATE TABLE users (id bigint);',
    'BEGIN WORK;\nCREATE TABLE users (id bigint);',
    'BEGIN;CREATE TABLE users (id bigint);',
  ]) {
    const [f, more] = await pg116(sql, autocommit);
    assert.equal(f?.severity, 'error', sql);
    assert.equal(f!.line, 1);
    assert.equal(more, undefined);
    assert.match(f!.hint, /COMMIT/);
  }
  const [last] = await pg116('BEGIN;\nCREATE TABLE users (id bigint);\nCOMMIT;\n\nBEGIN;\nCREATE TABLE posts (id bigint);', autocommit);
  assert.equal(last?.line, 5);
});

test('PG116 passes committed or rolled back blocks, no block, and shale transactions', async () => {
  for (const sql of [
    'BEGIN; CREATE TABLE users (id bigint); COMMIT;',
    'BEGIN; CREATE TABLE users (id bigint); ROLLBACK;',
    'BEGIN; CREATE TABLE users (id bigint); END;',
    'CREATE TABLE users (id bigint);',
    'BEGIN; BEGIN; COMMIT;',
    'BEGIN; SELECT 1; COMMIT AND CHAIN; SELECT 2; COMMIT;',
  ]) {
    assert.deepEqual(await pg116(sql, autocommit), [], sql);
  }
  // In shale's transaction, shale's own COMMIT ends what is open (the BEGIN is PG138's business).
  assert.deepEqual(await pg116('COMMIT; CREATE INDEX CONCURRENTLY i ON t (c); BEGIN; SELECT 1;'), []);
  assert.deepEqual(await pg116('BEGIN; CREATE TABLE users (id bigint);'), []);
});

const pg138 = findings('PG138');

test("PG138 flags transaction control in a migration that runs in shale's transaction (refused at apply time)", async () => {
  for (const sql of ['SELECT 1; COMMIT;', 'SELECT 1; ROLLBACK;', 'BEGIN; SELECT 1; COMMIT;', 'START TRANSACTION; SELECT 1;', 'SELECT 1; END;', 'SELECT 1; COMMIT AND CHAIN;', "SELECT 1; PREPARE TRANSACTION 'x';"]) {
    const [f] = await pg138(sql);
    assert.equal(f?.severity, 'error', sql);
    assert.match(f!.message, /shale's transaction: shale refuses/);
    assert.match(f!.hint, /-- transaction: false/);
  }
  const [begin] = await pg138('BEGIN;\nBEGIN;\nSELECT 1;\nCOMMIT;');
  assert.equal(begin?.line, 1);
});

test('PG138 flags BEGIN inside BEGIN and COMMIT with none open in an autocommit migration', async () => {
  const [nested, more] = await pg138('BEGIN;\nBEGIN;\nSELECT 1;\nCOMMIT;', autocommit);
  assert.equal(nested?.line, 2);
  assert.equal(nested!.severity, 'warning');
  assert.match(nested!.message, /already opened/);
  assert.equal(more, undefined);
  const [extra] = await pg138('BEGIN;\nSELECT 1;\nCOMMIT;\nCOMMIT;', autocommit);
  assert.equal(extra?.line, 4);
  assert.match(extra!.message, /no transaction open/);
  assert.match((await pg138('SELECT 1; ROLLBACK;', autocommit))[0]!.message, /ROLLBACK with no transaction/);
});

test('PG138 passes one block at a time, and savepoints', async () => {
  for (const sql of [
    'BEGIN; SELECT 1; COMMIT;',
    'BEGIN; SELECT 1; COMMIT; BEGIN; SELECT 2; COMMIT;',
    'BEGIN; SAVEPOINT a; SELECT 1; ROLLBACK TO SAVEPOINT a; RELEASE a; COMMIT;',
    'SELECT 1;',
  ]) {
    assert.deepEqual(await pg138(sql, autocommit), [], sql);
  }
  assert.deepEqual(await pg138('SELECT 1; SAVEPOINT a; ROLLBACK TO a;'), []);
});

const pg203 = findings('PG203');

test('PG203 flags a transaction that blocks writes on two existing tables, once, at the second', async () => {
  const sql = 'ALTER TABLE a ADD COLUMN c int;\nSELECT 1;\nCREATE INDEX i ON b (c);\nTRUNCATE c;';
  const [f, more] = await pg203(sql);
  assert.equal(f?.severity, 'warning');
  assert.equal(f!.line, 3);
  assert.equal(more, undefined);
  assert.match(f!.message, /ACCESS EXCLUSIVE on a, SHARE on b/);
  // A BEGIN block of an autocommit migration is a transaction too.
  assert.equal((await pg203('BEGIN; LOCK TABLE a; LOCK TABLE b IN SHARE MODE; COMMIT;', autocommit)).length, 1);
  // A foreign key blocks writes on both of its tables.
  assert.equal((await pg203('ALTER TABLE emails ADD CONSTRAINT fk FOREIGN KEY (u) REFERENCES users (id) NOT VALID')).length, 1);
});

test('PG203 passes one table, weak locks, new tables and separate transactions', async () => {
  for (const [sql, opts] of [
    ['ALTER TABLE a ADD COLUMN c int; ALTER TABLE a ALTER COLUMN c SET DEFAULT 1; CREATE INDEX i ON a (c)', {}],
    ['ALTER TABLE a VALIDATE CONSTRAINT k; ALTER TABLE b VALIDATE CONSTRAINT k; VACUUM c', {}],
    ['CREATE TABLE n (id int); ALTER TABLE n ADD COLUMN c int; ALTER TABLE a ADD COLUMN c int', {}],
    ['ALTER TABLE a ADD COLUMN c int; ALTER TABLE b ADD COLUMN c int', autocommit],
    ['BEGIN; ALTER TABLE a ADD COLUMN c int; COMMIT; BEGIN; ALTER TABLE b ADD COLUMN c int; COMMIT;', autocommit],
    ['UPDATE a SET c = 1; UPDATE b SET c = 1', {}],
  ] as const) {
    assert.deepEqual(await pg203(sql, opts), [], sql);
  }
  // Each migration is its own transaction.
  assert.deepEqual(await pg203(['ALTER TABLE a ADD COLUMN c int', 'ALTER TABLE b ADD COLUMN c int']), []);
});

test('PG203 is a shale rule: no squawk alias', () => {
  assert.deepEqual(postgresLint.rules.find((r) => r.code === 'PG203')?.aliases, []);
});

test('PG203 is info when every table is known to be small', async () => {
  const sql = 'ALTER TABLE a ADD COLUMN c int; ALTER TABLE b ADD COLUMN c int';
  assert.equal((await pg203(sql, { sizes: { a: SMALL, b: SMALL } }))[0]?.severity, 'info');
  assert.equal((await pg203(sql, { sizes: { a: SMALL, b: BIG } }))[0]?.severity, 'warning');
});

test('PG203 counts tables, not the indexes of a DROP INDEX (they may share one table)', async () => {
  assert.deepEqual(await pg203('DROP INDEX a_idx; DROP INDEX b_idx; REINDEX INDEX c_idx'), []);
  assert.equal((await pg203('ALTER TABLE a ADD COLUMN c int; REINDEX TABLE b')).length, 1);
});
