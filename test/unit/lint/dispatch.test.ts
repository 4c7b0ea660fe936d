// A rule's `statements` only spares calls: over squawk's corpus (every text, in both transaction
// modes) and a few run-spanning cases, the findings are the same with every rule called on every
// statement.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../../../src/lint/postgres/rules/index.js';
import type { PgRule } from '../../../src/lint/postgres/rule.js';
import { ROOT } from '../../helpers/cli.js';
import { lintSql } from './lint-sql.js';

const corpus = join(ROOT, '../shared/conformance/squawk/cases/ALL.json');

const OWN: readonly (string | readonly string[])[] = [
  ['CREATE TABLE t (a int, b int);', 'SET lock_timeout = 0; ALTER TABLE t ADD COLUMN c int; SET lock_timeout = 1000; RESET lock_timeout; ALTER TABLE u DROP COLUMN b;'],
  ["ALTER TYPE mood RENAME TO mood_old; CREATE TYPE mood AS ENUM ('a'); CREATE TABLE p (m mood_old); DROP TYPE mood_old;"],
  ['CREATE VIEW v AS SELECT a FROM t;', 'ALTER TABLE t RENAME TO u; ALTER TABLE u DROP COLUMN a CASCADE; DROP TABLE u;'],
  ['BEGIN; ALTER TABLE a ADD CONSTRAINT f FOREIGN KEY (x) REFERENCES b (id) NOT VALID; ALTER TABLE a VALIDATE CONSTRAINT f; LOCK TABLE c; COMMIT;'],
  ['CREATE DOMAIN d AS int; ALTER DOMAIN d ADD CONSTRAINT c CHECK (VALUE > 0); CREATE TABLE x (id serial, v varchar(20), t timestamp); CREATE INDEX ON x (v);'],
];

async function everything(texts: readonly (string | readonly string[])[]): Promise<string> {
  const out: unknown[] = [];
  for (const sql of texts) for (const transaction of [true, false]) out.push(await lintSql(sql, { transaction }));
  return JSON.stringify(out);
}

test('rules called only on their statement types find what they find when called on every statement', async () => {
  const texts: (string | readonly string[])[] = [...OWN];
  if (existsSync(corpus)) for (const c of JSON.parse(readFileSync(corpus, 'utf8')) as { sql: string[] }[]) texts.push(...c.sql);
  const dispatched = await everything(texts);
  const saved = RULES.map((r) => r.statements);
  try {
    for (const r of RULES) delete (r as { statements?: PgRule['statements'] }).statements;
    assert.equal(dispatched, await everything(texts));
  } finally {
    RULES.forEach((r, i) => Object.assign(r, saved[i] ? { statements: saved[i] } : {}));
  }
  assert.ok(RULES.filter((r) => r.statements).length > 30, 'most rules name their statement types');
});
