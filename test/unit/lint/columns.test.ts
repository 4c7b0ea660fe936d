// The column rules: PG101 adding-field-with-default, PG103 adding-not-nullable-field,
// PG104 adding-required-field, PG105 adding-serial-primary-key-field, PG117 changing-column-type.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RawFinding } from '../../../src/lint/dialect.js';
import { lintSql, type LintSqlOptions } from './lint-sql.js';

/** The findings of one rule. */
const findings = (code: string) => async (sql: string | readonly string[], opts: LintSqlOptions = {}): Promise<RawFinding[]> => (await lintSql(sql, opts)).filter((f) => f.code === code);
const BIG = { rows: 50_000_000, bytes: 20 * 1024 ** 3 };
const SMALL = { rows: 40, bytes: 16_384 };

const pg101 = findings('PG101');

test('PG101 flags volatile and unknown defaults, stored generated, identity and serial columns', async () => {
  for (const sql of [
    'ALTER TABLE t ADD COLUMN c uuid DEFAULT gen_random_uuid()',
    'ALTER TABLE t ADD COLUMN c float8 DEFAULT random()',
    'ALTER TABLE t ADD COLUMN c jsonb DEFAULT myjsonb()',
    'ALTER TABLE t ADD COLUMN c timestamptz DEFAULT now(123)',
    'ALTER TABLE t ADD COLUMN c timestamptz DEFAULT clock_timestamp()',
    "ALTER TABLE t ADD COLUMN c text DEFAULT 'x' || random()::text",
    'ALTER TABLE t SET LOGGED, ADD COLUMN c integer DEFAULT uuid()',
    'ALTER TABLE t ADD COLUMN c numeric GENERATED ALWAYS AS (a + b) STORED',
    'ALTER TABLE t ADD COLUMN c bigint GENERATED ALWAYS AS IDENTITY',
    'ALTER TABLE t ADD COLUMN c bigserial',
    "ALTER TABLE t ADD COLUMN c bigint DEFAULT nextval('s')",
  ]) {
    const [f, ...rest] = await pg101(sql);
    assert.ok(f, sql);
    assert.equal(rest.length, 0, sql);
    assert.equal(f.severity, 'error');
    assert.match(f.message, /rewrites the table/);
  }
  assert.match((await pg101('ALTER TABLE t ADD COLUMN c float8 DEFAULT random()'))[0]!.message, /random\(\) is volatile/);
});

test('PG101 passes non-volatile defaults on PostgreSQL 11+', async () => {
  for (const sql of [
    'ALTER TABLE t ADD COLUMN c integer DEFAULT 10',
    'ALTER TABLE t ADD COLUMN c boolean DEFAULT true',
    "ALTER TABLE t ADD COLUMN c text DEFAULT 'some-str'",
    "ALTER TABLE t ADD COLUMN c jsonb DEFAULT '{}'::jsonb",
    'ALTER TABLE t ADD COLUMN c timestamptz DEFAULT now()',
    'ALTER TABLE t ADD COLUMN c timestamptz DEFAULT pg_catalog.now()',
    'ALTER TABLE t ADD COLUMN c timestamptz DEFAULT current_timestamp',
    "ALTER TABLE t ADD COLUMN c timestamptz NOT NULL DEFAULT now() - interval '100 years'",
    'ALTER TABLE t ADD COLUMN c integer DEFAULT 2 + 2',
    'ALTER TABLE t ADD COLUMN c bigint[] DEFAULT cast(array[] as bigint[])',
    "ALTER TABLE t ADD COLUMN c text[] DEFAULT array['a', 'b']::text[]",
    "ALTER TABLE t ADD COLUMN c jsonb DEFAULT jsonb_build_object('a', 1)",
    'ALTER TABLE t ADD COLUMN c integer DEFAULT coalesce(null, 1)',
    'ALTER TABLE t ADD COLUMN c integer',
    'ALTER TABLE t ADD COLUMN c int GENERATED ALWAYS AS (a + 1) VIRTUAL',
    'ALTER TABLE t ALTER COLUMN c SET DEFAULT random()',
  ]) {
    assert.deepEqual(await pg101(sql), [], sql);
    assert.deepEqual(await pg101(sql, { serverVersion: 11 }), [], sql);
  }
});

test('PG101 flags any default before PostgreSQL 11, but not DEFAULT NULL', async () => {
  const [f] = await pg101('ALTER TABLE t ADD COLUMN c integer DEFAULT 10', { serverVersion: 10 });
  assert.match(f!.message, /PostgreSQL 10/);
  assert.deepEqual(await pg101('ALTER TABLE t ADD COLUMN c integer DEFAULT NULL', { serverVersion: 10 }), []);
  assert.deepEqual(await pg101('ALTER TABLE t ADD COLUMN c integer DEFAULT NULL::int', { serverVersion: 10 }), []);
});

test('PG101 knows tables created in the run and table sizes', async () => {
  assert.deepEqual(await pg101('CREATE TABLE t (id int); ALTER TABLE t ADD COLUMN c uuid DEFAULT gen_random_uuid()'), []);
  assert.deepEqual(await pg101(['CREATE TABLE t (id int)', 'ALTER TABLE t ADD COLUMN c uuid DEFAULT gen_random_uuid()']), []);
  const [small] = await pg101('ALTER TABLE t ADD COLUMN c uuid DEFAULT gen_random_uuid()', { sizes: { t: SMALL } });
  assert.equal(small!.severity, 'info');
  assert.match(small!.message, /~40 rows/);
  const [big] = await pg101('ALTER TABLE t ADD COLUMN c uuid DEFAULT gen_random_uuid()', { sizes: { t: BIG } });
  assert.equal(big!.severity, 'error');
});

const pg103 = findings('PG103');

test('PG103 flags SET NOT NULL on an existing table', async () => {
  for (const opts of [{}, { serverVersion: 12 }, { serverVersion: 11 }, { transaction: false }]) {
    const [f] = await pg103('ALTER TABLE "core_recipe" ALTER COLUMN "foo" SET NOT NULL', opts);
    assert.equal(f?.severity, 'error');
    assert.match(f!.message, /core_recipe\.foo/);
  }
  assert.equal((await pg103("BEGIN; ALTER TABLE t ALTER COLUMN c SET NOT NULL; UPDATE v SET n = 'b'; COMMIT")).length, 1);
});

test('PG103 passes ADD COLUMN … NOT NULL and new tables', async () => {
  assert.deepEqual(await pg103('ALTER TABLE t ADD COLUMN c integer NOT NULL DEFAULT 10'), []);
  assert.deepEqual(await pg103('ALTER TABLE t ADD COLUMN c integer NOT NULL'), []);
  assert.deepEqual(await pg103('CREATE TABLE t (c int); ALTER TABLE t ALTER COLUMN c SET NOT NULL'), []);
  assert.deepEqual(await pg103(['CREATE TABLE t (c int)', 'ALTER TABLE t ALTER COLUMN c SET NOT NULL']), []);
});

test('PG103 passes when a validated CHECK (col IS NOT NULL) proves the column, on PostgreSQL 12+', async () => {
  const sql = `BEGIN;
ALTER TABLE foo ADD COLUMN bar BIGINT;
ALTER TABLE foo ADD CONSTRAINT bar_not_null CHECK (bar IS NOT NULL) NOT VALID;
COMMIT;
BEGIN;
ALTER TABLE foo VALIDATE CONSTRAINT bar_not_null;
ALTER TABLE foo ALTER COLUMN bar SET NOT NULL;
ALTER TABLE foo DROP CONSTRAINT bar_not_null;
COMMIT;`;
  assert.deepEqual(await pg103(sql, { transaction: false }), []);
  assert.deepEqual(await pg103(sql, { transaction: false, serverVersion: 12 }), []);
  const [old] = await pg103(sql, { transaction: false, serverVersion: 11 });
  assert.match(old!.message, /before PostgreSQL 12/);
  assert.match(old!.hint, /no scan-free way/);
  // A conjunction proves each of its columns; an OR proves none.
  assert.deepEqual(await pg103('ALTER TABLE t ADD CONSTRAINT k CHECK (a IS NOT NULL AND b IS NOT NULL) NOT VALID; ALTER TABLE t VALIDATE CONSTRAINT k; ALTER TABLE t ALTER COLUMN b SET NOT NULL'), []);
  assert.equal((await pg103('ALTER TABLE t ADD CONSTRAINT k CHECK (a IS NOT NULL OR b IS NOT NULL) NOT VALID; ALTER TABLE t VALIDATE CONSTRAINT k; ALTER TABLE t ALTER COLUMN b SET NOT NULL')).length, 1);
});

test('PG103 needs the check validated, on that column, of that table, and not dropped', async () => {
  const cases = [
    'ALTER TABLE foo ADD CONSTRAINT k CHECK (bar IS NOT NULL) NOT VALID; ALTER TABLE foo ALTER COLUMN bar SET NOT NULL',
    'ALTER TABLE foo ADD CONSTRAINT k CHECK (baz IS NOT NULL) NOT VALID; ALTER TABLE foo VALIDATE CONSTRAINT k; ALTER TABLE foo ALTER COLUMN bar SET NOT NULL',
    'ALTER TABLE other ADD CONSTRAINT k CHECK (bar IS NOT NULL); ALTER TABLE foo ALTER COLUMN bar SET NOT NULL',
    'ALTER TABLE foo ADD CONSTRAINT k CHECK (bar IS NOT NULL); ALTER TABLE foo DROP CONSTRAINT k; ALTER TABLE foo ALTER COLUMN bar SET NOT NULL',
    'ALTER TABLE foo ADD CONSTRAINT k FOREIGN KEY (a) REFERENCES u (id) NOT VALID; ALTER TABLE foo VALIDATE CONSTRAINT k; ALTER TABLE foo ALTER COLUMN bar SET NOT NULL',
  ];
  for (const sql of cases) assert.equal((await pg103(sql, { serverVersion: 16 })).length, 1, sql);
});

test('PG103 trusts a validated constraint it never saw defined (added by an earlier migration)', async () => {
  const sql = 'ALTER TABLE foo VALIDATE CONSTRAINT foo_bar_not_null; ALTER TABLE foo ALTER COLUMN bar SET NOT NULL; ALTER TABLE foo DROP CONSTRAINT foo_bar_not_null';
  assert.deepEqual(await pg103(sql, { serverVersion: 16 }), []);
  assert.equal((await pg103(sql, { serverVersion: 11 })).length, 1);
});

test('PG103 treats ADD CONSTRAINT … NOT NULL (PostgreSQL 18) as SET NOT NULL', async () => {
  assert.equal((await pg103('ALTER TABLE t ADD CONSTRAINT nn NOT NULL c')).length, 1);
  assert.deepEqual(await pg103('ALTER TABLE t ADD CONSTRAINT nn NOT NULL c NOT VALID'), []);
});

test('PG103 severity follows the table size', async () => {
  assert.equal((await pg103('ALTER TABLE t ALTER COLUMN c SET NOT NULL', { sizes: { t: SMALL } }))[0]!.severity, 'info');
  assert.equal((await pg103('ALTER TABLE t ALTER COLUMN c SET NOT NULL', { sizes: { t: BIG } }))[0]!.severity, 'error');
});

const pg104 = findings('PG104');

test('PG104 flags a NOT NULL column without a value for the existing rows', async () => {
  for (const sql of ['ALTER TABLE recipe ADD COLUMN public boolean NOT NULL', 'ALTER TABLE recipe ADD COLUMN public boolean NOT NULL DEFAULT NULL', 'ALTER TABLE recipe ADD COLUMN id int PRIMARY KEY']) {
    const [f] = await pg104(sql);
    assert.equal(f?.severity, 'error', sql);
    assert.match(f!.message, /recipe/);
  }
});

test('PG104 passes nullable columns, defaults, generated, identity and serial columns, new tables', async () => {
  for (const sql of [
    'ALTER TABLE recipe ADD COLUMN public boolean',
    'ALTER TABLE recipe ADD COLUMN public boolean NOT NULL DEFAULT true',
    'ALTER TABLE foo ADD COLUMN bar numeric GENERATED ALWAYS AS (bar + baz) STORED NOT NULL',
    'ALTER TABLE foo ADD COLUMN bar bigint GENERATED ALWAYS AS IDENTITY NOT NULL',
    'ALTER TABLE foo ADD COLUMN bar serial NOT NULL',
    'CREATE TABLE recipe (id int); ALTER TABLE recipe ADD COLUMN public boolean NOT NULL',
  ]) {
    assert.deepEqual(await pg104(sql), [], sql);
  }
  assert.deepEqual(await pg104(['CREATE TABLE recipe (id int)', 'ALTER TABLE recipe ADD COLUMN public boolean NOT NULL']), []);
});

test('PG104 is not lowered by a small table (it fails on one row), only by an empty one', async () => {
  assert.equal((await pg104('ALTER TABLE t ADD COLUMN c int NOT NULL', { sizes: { t: SMALL } }))[0]!.severity, 'error');
  const [empty] = await pg104('ALTER TABLE t ADD COLUMN c int NOT NULL', { sizes: { t: { rows: 0, bytes: 8192 } } });
  assert.equal(empty!.severity, 'warning');
  assert.match(empty!.message, /looks empty/);
});

const pg105 = findings('PG105');

test('PG105 flags a primary key built on an existing table', async () => {
  for (const sql of ['ALTER TABLE a ADD COLUMN b SERIAL PRIMARY KEY', 'ALTER TABLE items ADD PRIMARY KEY (id)', 'ALTER TABLE items ADD CONSTRAINT items_pk PRIMARY KEY (id)']) {
    const [f] = await pg105(sql);
    assert.equal(f?.severity, 'error', sql);
    assert.match(f!.hint, /USING INDEX/);
  }
});

test('PG105 passes PRIMARY KEY USING INDEX, new tables, and sizes the severity', async () => {
  assert.deepEqual(await pg105('ALTER TABLE items ADD CONSTRAINT items_pk PRIMARY KEY USING INDEX items_pk'), []);
  assert.deepEqual(await pg105('CREATE TABLE items (id int); ALTER TABLE items ADD PRIMARY KEY (id)'), []);
  assert.deepEqual(await pg105('CREATE TABLE items (id int PRIMARY KEY)'), []);
  assert.equal((await pg105('ALTER TABLE items ADD PRIMARY KEY (id)', { sizes: { items: SMALL } }))[0]!.severity, 'info');
});

const pg117 = findings('PG117');

test('PG117 grades a type change by whether it rewrites', async () => {
  const [unknownText] = await pg117('ALTER TABLE core_recipe ALTER COLUMN edits TYPE text USING edits::text');
  assert.equal(unknownText!.severity, 'warning');
  assert.match(unknownText!.message, /did not see the column's current type/);
  const [bigint] = await pg117('ALTER TABLE t ALTER COLUMN id TYPE bigint');
  assert.equal(bigint!.severity, 'error');
  assert.match(bigint!.message, /rewrites/);
  const [computed] = await pg117("ALTER TABLE t ALTER COLUMN c TYPE text USING c || 'x'");
  assert.equal(computed!.severity, 'error');
  assert.match(computed!.message, /USING/);
});

test('PG117 knows the old type from earlier statements of the script', async () => {
  const free = [
    ['varchar(255)', 'text'],
    ['varchar(20)', 'varchar(50)'],
    ['varchar(20)', 'varchar'],
    ['text', 'varchar'],
    ['numeric(10,2)', 'numeric(12,2)'],
    ['numeric(10,2)', 'numeric'],
    ['timestamptz(3)', 'timestamptz(6)'],
    ['cidr', 'inet'],
    ['int', 'integer'],
  ];
  for (const [from, to] of free) {
    const fs = await pg117(`ALTER TABLE t ADD COLUMN c ${from}; ALTER TABLE t ALTER COLUMN c TYPE ${to}`);
    assert.equal(fs.length, 1, `${from} → ${to}`);
    assert.equal(fs[0]!.severity, 'info', `${from} → ${to}`);
    assert.match(fs[0]!.message, /no rewrite/);
  }
  const rewrite = [
    ['varchar(50)', 'varchar(20)'],
    ['text', 'varchar(20)'],
    ['numeric(10,2)', 'numeric(12,3)'],
    ['numeric', 'numeric(10,2)'],
    ['int', 'bigint'],
    ['timestamp', 'timestamptz'],
    ['int[]', 'bigint[]'],
    ['char(5)', 'char(10)'],
  ];
  for (const [from, to] of rewrite) {
    const fs = await pg117(`ALTER TABLE t ADD COLUMN c ${from}; ALTER TABLE t ALTER COLUMN c TYPE ${to}`);
    assert.equal(fs[0]?.severity, 'error', `${from} → ${to}`);
  }
  const [first, second] = await pg117('BEGIN; ALTER TABLE r ALTER COLUMN foo TYPE varchar(255) USING foo::varchar(255); ALTER TABLE r ALTER COLUMN foo TYPE text USING foo::text; COMMIT;');
  assert.equal(first!.severity, 'warning');
  assert.equal(second!.severity, 'info');
});

test('PG117 passes new tables and sizes the severity of a rewrite', async () => {
  assert.deepEqual(await pg117('CREATE TABLE t (id int); ALTER TABLE t ALTER COLUMN id TYPE bigint'), []);
  assert.deepEqual(await pg117(['CREATE TABLE t (id int)', 'ALTER TABLE t ALTER COLUMN id TYPE bigint']), []);
  assert.equal((await pg117('ALTER TABLE t ALTER COLUMN id TYPE bigint', { sizes: { t: SMALL } }))[0]!.severity, 'info');
  assert.equal((await pg117('ALTER TABLE t ALTER COLUMN c TYPE text', { sizes: { t: BIG } }))[0]!.severity, 'error');
  const [free] = await pg117('ALTER TABLE t ADD COLUMN c varchar(5); ALTER TABLE t ALTER COLUMN c TYPE text', { sizes: { t: BIG } });
  assert.equal(free!.severity, 'info');
});
