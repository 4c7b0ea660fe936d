// The timeout rules: PG135 require-lock-timeout, PG136 require-statement-timeout (both squawk's
// require-timeout-settings too).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RawFinding } from '../../../src/lint/dialect.js';
import { postgresLint } from '../../../src/lint/postgres/index.js';
import { lintSql, type LintSqlOptions } from './lint-sql.js';

const codes = (fs: readonly RawFinding[]): string[] => fs.filter((f) => f.code === 'PG135' || f.code === 'PG136').map((f) => f.code);
const timeouts = async (sql: string | readonly string[], opts: LintSqlOptions = {}): Promise<string[]> => codes(await lintSql(sql, opts));
const autocommit = { transaction: false } as const;

test('PG135/PG136 alias squawk rules', () => {
  const aliases = (code: string) => postgresLint.rules.find((r) => r.code === code)?.aliases;
  assert.deepEqual(aliases('PG135'), ['require-lock-timeout', 'require-timeout-settings']);
  assert.deepEqual(aliases('PG136'), ['require-statement-timeout', 'require-timeout-settings']);
});

test('a lock on an existing table with no timeouts set: both, once, at the first such statement', async () => {
  const fs = (await lintSql('SELECT 1;\nALTER TABLE t ADD COLUMN c BOOLEAN;\nALTER TABLE t ADD COLUMN d int;\nCREATE INDEX i ON u (c);')).filter((f) => f.code === 'PG135' || f.code === 'PG136');
  assert.deepEqual(
    fs.map((f) => [f.code, f.line, f.severity]),
    [
      ['PG135', 2, 'warning'],
      ['PG136', 2, 'warning'],
    ],
  );
  assert.match(fs[0]!.message, /ACCESS EXCLUSIVE on t with no lock_timeout/);
  assert.match(fs[0]!.hint, /SET lock_timeout = /);
  assert.match(fs[1]!.hint, /SET statement_timeout = /);
});

test('each timeout is checked on its own', async () => {
  assert.deepEqual(await timeouts("SET statement_timeout = '5s'; ALTER TABLE t ADD COLUMN c BOOLEAN"), ['PG135']);
  assert.deepEqual(await timeouts("SET lock_timeout = '1s'; ALTER TABLE t ADD COLUMN c BOOLEAN"), ['PG136']);
  assert.deepEqual(await timeouts("SET lock_timeout = '1s'; SET statement_timeout = '5s'; ALTER TABLE t ADD COLUMN c BOOLEAN"), []);
  assert.deepEqual(await timeouts("SET Lock_Timeout = '1s'; SET Statement_Timeout = '5s'; ALTER TABLE t ADD COLUMN c BOOLEAN"), []);
  assert.deepEqual(await timeouts("SET LOCAL lock_timeout = '1s'; SET LOCAL statement_timeout = 5000; LOCK TABLE t"), []);
});

test('timeouts set after the lock, to 0, reset, or of another name do not count', async () => {
  assert.deepEqual(await timeouts("ALTER TABLE t ADD COLUMN c BOOLEAN; SET lock_timeout = '1s'; SET statement_timeout = '5s';"), ['PG135', 'PG136']);
  assert.deepEqual(await timeouts("SET foo.lock_timeout = '1s'; SET foo.statement_timeout = '5s'; ALTER TABLE t ADD COLUMN c BOOLEAN"), ['PG135', 'PG136']);
  assert.deepEqual(await timeouts("SET lock_timeout = 0; SET statement_timeout = '0'; ALTER TABLE t ADD COLUMN c int"), ['PG135', 'PG136']);
  // Set, then reset before a second lock: that one is reported.
  const sql = "SET lock_timeout = '1s'; SET statement_timeout = '5s'; ALTER TABLE t ADD COLUMN c int; RESET lock_timeout; ALTER TABLE t ADD COLUMN d int";
  assert.deepEqual(await timeouts(sql), ['PG135']);
});

test('a timeout set by an earlier migration does not cover the next one', async () => {
  assert.deepEqual(await timeouts(["SET lock_timeout = '1s'; SET statement_timeout = '5s'; ALTER TABLE t ADD COLUMN c int", 'ALTER TABLE t ADD COLUMN d int']), ['PG135', 'PG136']);
  assert.deepEqual(await timeouts(['ALTER TABLE t ADD COLUMN c int', 'ALTER TABLE u ADD COLUMN d int']), ['PG135', 'PG136', 'PG135', 'PG136']);
});

test('every kind of table lock counts, weak ones too (squawk err_* cases)', async () => {
  for (const sql of [
    "COMMENT ON COLUMN t.c IS 'an opaque id'",
    'REINDEX (CONCURRENTLY false) INDEX idx',
    'VACUUM (FULL false) t',
    'LOCK TABLE t IN ACCESS SHARE MODE',
    'CREATE INDEX CONCURRENTLY i ON t (c)',
    'DROP TABLE t',
    'TRUNCATE t',
    'REFRESH MATERIALIZED VIEW CONCURRENTLY mv',
    'ALTER TABLE t VALIDATE CONSTRAINT c',
    'CREATE TRIGGER trg AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()',
    'CREATE TABLE n (id int REFERENCES t (id))',
    'ALTER TABLE t RENAME TO u',
  ]) {
    assert.deepEqual(await timeouts(sql, autocommit), ['PG135', 'PG136'], sql);
  }
});

test('statements that lock no existing table pass', async () => {
  for (const sql of [
    'SELECT * FROM t',
    'INSERT INTO t VALUES (1)',
    'UPDATE t SET a = 1',
    'CREATE FUNCTION add(integer, integer) RETURNS integer AS $$ select $1 + $2; $$ LANGUAGE SQL',
    "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
    'CREATE TABLE users (id SERIAL); ALTER TABLE users ADD COLUMN email TEXT; CREATE INDEX i ON users (email)',
    'CREATE SCHEMA s',
    'REINDEX SCHEMA s',
  ]) {
    assert.deepEqual(await timeouts(sql), [], sql);
  }
  // A table created by an earlier migration of the run holds no data and no other session uses it.
  assert.deepEqual(await timeouts(['CREATE TABLE users (id bigint)', 'ALTER TABLE users ADD COLUMN email text']), []);
});
