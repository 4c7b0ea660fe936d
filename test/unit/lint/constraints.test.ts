// The constraint rules: PG102 adding-foreign-key-constraint, PG118 constraint-missing-not-valid,
// PG119 disallowed-unique-constraint, PG201 foreign-key-without-index.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RawFinding } from '../../../src/lint/dialect.js';
import { lintSql, type LintSqlOptions } from './lint-sql.js';

const findings = (code: string) => async (sql: string | readonly string[], opts: LintSqlOptions = {}): Promise<RawFinding[]> => (await lintSql(sql, opts)).filter((f) => f.code === code);
const BIG = { rows: 50_000_000, bytes: 20 * 1024 ** 3 };
const SMALL = { rows: 40, bytes: 16_384 };

const pg102 = findings('PG102');

test('PG102 flags a validated foreign key added to an existing table', async () => {
  const [f] = await pg102('BEGIN; ALTER TABLE email ADD COLUMN user_id INT; ALTER TABLE email ADD CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES "user" (id); COMMIT;');
  assert.equal(f?.severity, 'error');
  assert.match(f!.message, /fk_user on email → user/);
  assert.match(f!.hint, /NOT VALID/);
  const [inline] = await pg102('ALTER TABLE emails ADD COLUMN user_id INT REFERENCES "user" (id)');
  assert.match(inline!.hint, /add the column first/);
  assert.equal((await pg102('ALTER TABLE emails ADD CONSTRAINT f FOREIGN KEY (u) REFERENCES users (id)', { transaction: false })).length, 1);
});

test('PG102 passes NOT VALID, CREATE TABLE and tables created in the run', async () => {
  for (const sql of [
    'ALTER TABLE email ADD CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES "user" (id) NOT VALID; ALTER TABLE email VALIDATE CONSTRAINT fk_user',
    'CREATE TABLE email (id bigint, user_id bigint, CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES "user" (id))',
    'CREATE TABLE t (id bigserial, other_id int NOT NULL REFERENCES other (id) ON DELETE CASCADE)',
    'CREATE TABLE emails (id uuid, user_id uuid); ALTER TABLE emails ADD CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id)',
  ]) {
    assert.deepEqual(await pg102(sql), [], sql);
  }
  assert.deepEqual(await pg102(['CREATE TABLE emails (id uuid, user_id uuid)', 'ALTER TABLE emails ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id)']), []);
});

test('PG102 severity follows the referencing table size', async () => {
  const sql = 'ALTER TABLE emails ADD CONSTRAINT f FOREIGN KEY (u) REFERENCES users (id)';
  assert.equal((await pg102(sql, { sizes: { emails: SMALL } }))[0]!.severity, 'info');
  assert.equal((await pg102(sql, { sizes: { emails: BIG } }))[0]!.severity, 'error');
});

const pg118 = findings('PG118');

test('PG118 flags CHECK and FOREIGN KEY constraints added without NOT VALID', async () => {
  const [check] = await pg118('ALTER TABLE accounts ADD CONSTRAINT positive_balance CHECK (balance >= 0)');
  assert.match(check!.message, /CHECK constraint positive_balance to accounts .*ACCESS EXCLUSIVE/);
  const [fk] = await pg118('ALTER TABLE distributors ADD CONSTRAINT distfk FOREIGN KEY (address) REFERENCES addresses (address)', { transaction: false });
  assert.match(fk!.message, /FOREIGN KEY constraint distfk .*SHARE ROW EXCLUSIVE/);
  assert.equal(fk!.severity, 'error');
});

test('PG118 passes NOT VALID then VALIDATE in separate transactions, USING INDEX, new tables', async () => {
  for (const [sql, transaction] of [
    ['ALTER TABLE d ADD CONSTRAINT distfk FOREIGN KEY (a) REFERENCES addresses (a) NOT VALID; ALTER TABLE d VALIDATE CONSTRAINT distfk', false],
    ['ALTER TABLE accounts ADD CONSTRAINT pb CHECK (balance >= 0) NOT VALID; COMMIT; ALTER TABLE accounts VALIDATE CONSTRAINT pb', true],
    ['BEGIN; ALTER TABLE a ADD CONSTRAINT pb CHECK (b >= 0) NOT VALID; COMMIT; BEGIN; ALTER TABLE a VALIDATE CONSTRAINT pb; COMMIT;', false],
    ['ALTER TABLE account ADD CONSTRAINT account_pk PRIMARY KEY USING INDEX account_pk_idx', true],
    ['ALTER TABLE app_email ADD CONSTRAINT email_uniq UNIQUE USING INDEX email_idx', false],
    ['BEGIN; CREATE TABLE core_foo (id serial PRIMARY KEY, age integer NOT NULL); ALTER TABLE core_foo ADD CONSTRAINT age_restriction CHECK (age >= 25); COMMIT;', false],
    ['CREATE TABLE core_foo (id serial PRIMARY KEY, age integer NOT NULL); ALTER TABLE core_foo ADD CONSTRAINT age_restriction CHECK (age >= 25)', true],
    ['ALTER TABLE t VALIDATE CONSTRAINT added_by_an_earlier_migration', true],
  ] as const) {
    assert.deepEqual(await pg118(sql, { transaction }), [], sql);
  }
  assert.deepEqual(await pg118(['ALTER TABLE a ADD CONSTRAINT pb CHECK (b >= 0) NOT VALID', 'ALTER TABLE a VALIDATE CONSTRAINT pb']), []);
});

test('PG118 flags a VALIDATE in the transaction of its NOT VALID add', async () => {
  const add = 'ALTER TABLE app_email ADD CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES app_user (id) NOT VALID';
  const validate = 'ALTER TABLE app_email VALIDATE CONSTRAINT fk_user';
  for (const [sql, transaction] of [
    [`BEGIN; ${add}; ${validate}; COMMIT;`, false],
    [`${add}; ${validate};`, true],
    [`${add}; ${validate}; COMMIT;`, true],
  ] as const) {
    const fs = await pg118(sql, { transaction });
    assert.equal(fs.length, 1, sql);
    assert.match(fs[0]!.message, /VALIDATE CONSTRAINT fk_user .*SHARE ROW EXCLUSIVE/);
    assert.equal(fs[0]!.line, 1);
  }
  const [check] = await pg118('ALTER TABLE a ADD CONSTRAINT pb CHECK (b >= 0) NOT VALID;\nALTER TABLE a VALIDATE CONSTRAINT pb;');
  assert.match(check!.message, /ACCESS EXCLUSIVE/);
  assert.equal(check!.line, 2);
  // Another table's constraint of the same name is another constraint.
  assert.deepEqual(await pg118('ALTER TABLE a ADD CONSTRAINT pb CHECK (b >= 0) NOT VALID; ALTER TABLE b VALIDATE CONSTRAINT pb'), []);
  assert.equal((await pg118('ALTER TABLE a ADD CONSTRAINT pb CHECK (b >= 0)', { sizes: { a: SMALL } }))[0]!.severity, 'info');
});

const pg119 = findings('PG119');

test('PG119 flags UNIQUE constraints built on an existing table', async () => {
  for (const sql of ['ALTER TABLE t ADD CONSTRAINT c UNIQUE (field_name)', 'ALTER TABLE foo ADD COLUMN bar text CONSTRAINT foo_bar_unique UNIQUE', 'ALTER TABLE foo ADD COLUMN bar text UNIQUE']) {
    const [f] = await pg119(sql);
    assert.equal(f?.severity, 'error', sql);
    assert.match(f!.hint, /CONCURRENTLY/);
  }
  assert.equal((await pg119('ALTER TABLE t ADD CONSTRAINT c UNIQUE (f)', { sizes: { t: SMALL } }))[0]!.severity, 'info');
  assert.equal((await pg119('ALTER TABLE t ADD CONSTRAINT c UNIQUE (f)', { sizes: { t: BIG } }))[0]!.severity, 'error');
});

test('PG119 passes USING INDEX, drops and new tables', async () => {
  for (const sql of [
    'ALTER TABLE t DROP CONSTRAINT c',
    'CREATE UNIQUE INDEX CONCURRENTLY i ON d (dist_id); ALTER TABLE d DROP CONSTRAINT d_pkey, ADD CONSTRAINT d_pkey PRIMARY KEY USING INDEX i',
    'ALTER TABLE l ADD CONSTRAINT u UNIQUE USING INDEX i',
    'BEGIN; CREATE TABLE products (id bigint primary key, sku text not null); ALTER TABLE products ADD CONSTRAINT sku_constraint UNIQUE (sku); COMMIT;',
  ]) {
    assert.deepEqual(await pg119(sql), [], sql);
  }
  assert.deepEqual(await pg119(['CREATE TABLE p (sku text)', 'ALTER TABLE p ADD CONSTRAINT s UNIQUE (sku)']), []);
});

const pg201 = findings('PG201');

test('PG201 flags a foreign key whose columns lead no index', async () => {
  const [f] = await pg201('CREATE TABLE email (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id))');
  assert.equal(f?.severity, 'warning');
  assert.match(f!.message, /\(user_id\) on email → users has no index/);
  assert.doesNotMatch(f!.message, /already has/);
  assert.match(f!.hint, /CREATE INDEX ON email \(user_id\)/);
  const [existing] = await pg201('ALTER TABLE email ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID');
  assert.match(existing!.message, /knows only indexes created by this migration/);
  assert.match(existing!.hint, /CONCURRENTLY/);
  // Not leading, a partial index, an expression index, or a dropped index do not serve it.
  for (const index of ['CREATE INDEX i ON email (id, user_id)', 'CREATE INDEX i ON email (user_id) WHERE user_id > 0', 'CREATE INDEX i ON email ((user_id + 0))', 'CREATE INDEX i ON email (user_id); DROP INDEX i']) {
    assert.equal((await pg201(`CREATE TABLE email (id int, user_id int REFERENCES users); ${index}`)).length, 1, index);
  }
});

test('PG201 passes a foreign key served by an index, primary key, unique or exclusion constraint of the script', async () => {
  for (const sql of [
    'CREATE TABLE email (id int, user_id int REFERENCES users (id)); CREATE INDEX ON email (user_id)',
    'CREATE TABLE email (id int, user_id int REFERENCES users (id)); CREATE INDEX CONCURRENTLY i ON email (user_id, id)',
    'CREATE TABLE m (a int, b int, PRIMARY KEY (b, a), FOREIGN KEY (a, b) REFERENCES p (x, y))',
    'CREATE TABLE m (a int UNIQUE REFERENCES p (x))',
    'CREATE TABLE m (a int, b int, UNIQUE (a, b), FOREIGN KEY (a) REFERENCES p (x))',
    'CREATE TABLE m (a int REFERENCES p (x), EXCLUDE USING gist (a WITH =))',
    'ALTER TABLE e ADD CONSTRAINT fk FOREIGN KEY (u) REFERENCES users (id) NOT VALID; CREATE INDEX CONCURRENTLY e_u ON e (u)',
    'CREATE UNIQUE INDEX CONCURRENTLY e_u ON e (u); ALTER TABLE e ADD CONSTRAINT uq UNIQUE USING INDEX e_u; ALTER TABLE e ADD CONSTRAINT fk FOREIGN KEY (u) REFERENCES users (id) NOT VALID',
    'ALTER TABLE e ADD COLUMN u int UNIQUE REFERENCES users (id)',
    'CREATE TABLE t (id int)',
  ]) {
    assert.deepEqual(await pg201(sql), [], sql);
  }
});

test('PG201 reports at the foreign key statement, once', async () => {
  const fs = await pg201('CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (id int, a_id int);\nALTER TABLE b ADD CONSTRAINT b_a FOREIGN KEY (a_id) REFERENCES a (id);');
  assert.equal(fs.length, 1);
  assert.equal(fs[0]!.line, 3);
  assert.match(fs[0]!.message, /b_a/);
});
