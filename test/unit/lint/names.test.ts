// Name rules: columns named twice, identifiers over 63 bytes, enum values without a position, unqualified tables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintSql, type LintSqlOptions } from './lint-sql.js';
import { postgresLint } from '../../../src/lint/postgres/index.js';

async function found(sql: string | readonly string[], code: string, opts: LintSqlOptions = {}) {
  return (await lintSql(sql, opts)).filter((f) => f.code === code);
}
async function count(sql: string | readonly string[], code: string, opts: LintSqlOptions = {}): Promise<number> {
  return (await found(sql, code, opts)).length;
}

const LONG = 'table_very_long_very_long_very_long_very_long_very_long_very_long'; // 65 bytes
const EXACT = 'table_very_long_very_long_very_long_very_long_very_long_very_lo'; // 63 bytes

test('PG114: UPDATE SET assigning a column twice, whole or whole-and-part', async () => {
  const [f] = await found('update k set a = 1, a = 1, b = 2, c = 3;', 'PG114');
  assert.equal(f?.severity, 'error');
  assert.match(f!.message, /UPDATE k SET assigns column "a"/);
  assert.equal(await count('update k set a = 1, b = 2, a = 3, a = 4, c = 5;', 'PG114'), 1, 'one finding per column');
  assert.equal(await count('update k set a = 1, b = 2, a = 3, b = 4;', 'PG114'), 2);
  assert.equal(await count('update k set (a, b) = (1, 2), a = 3;', 'PG114'), 1);
  assert.equal(await count('update k set a = row(1, 2), a.x = 1;', 'PG114'), 1);
  assert.equal(await count('update k set a[1] = 1, a = 2;', 'PG114'), 1);
});

test('PG114: PostgreSQL case folding and 63-byte truncation decide what is the same column', async () => {
  assert.equal(await count('update k set a = 1, A = 2;', 'PG114'), 1);
  assert.equal(await count('update k set "a" = 1, a = 2;', 'PG114'), 1);
  assert.equal(await count('update k set "A" = 1, A = 2;', 'PG114'), 0);
  const prefix = 'p'.repeat(63);
  assert.equal(await count(`update k set ${prefix}x = 1, ${prefix}y = 2;`, 'PG114'), 1);
  assert.equal(await count(`update k set ${prefix.slice(1)}x = 1, ${prefix.slice(1)}y = 2;`, 'PG114'), 0);
});

test('PG114: parts of one column and distinct columns pass', async () => {
  const sql = `
    update k set a = 1, b = 2;
    update k set a.x = 1, a.y = 2;
    update k set a[1] = 1, a[2] = 2;
    insert into k (a, b) values (1, 2);
    insert into k (a.x, a.y) values (1, 2);
    merge into k using j on k.id = j.id when not matched then insert (a.x, a.y) values (1, 2);
    create table t (a int, b int);
    create foreign table ft (a int, b int) server s;
    create view v (a, b) as select 1 a, 2 a;
    create view inferred_v as select 1 a, 2 b;
    select 1 a, 2 b into z;
    select 1 a, 2 a;
    create view star_v as select *, t.* from t;
    create view vals as values (1, 2);
    create table u (a) as select 1 x, 2 x2;`;
  assert.deepEqual(await found(sql, 'PG114'), []);
});

test('PG114: INSERT, MERGE and ON CONFLICT column lists', async () => {
  assert.equal(await count('insert into t (a, a) values (1, 2);', 'PG114'), 1);
  assert.equal(await count('merge into t using s on t.id = s.id when not matched then insert (a, a) values (1, 2);', 'PG114'), 1);
  assert.equal(await count('merge into k using j on k.id = j.id when matched then update set a = 1, a = 2;', 'PG114'), 1);
  assert.equal(await count('insert into k values (1) on conflict (id) do update set a = 1, a = 2;', 'PG114'), 1);
  assert.equal(await count('insert into k (a) values (1) on conflict (id) do update set a = excluded.a;', 'PG114'), 0);
});

test('PG114: columns declared twice by CREATE TABLE, FOREIGN TABLE, TYPE, ALTER TABLE and COPY', async () => {
  const [f] = await found('create table t (a int, a text);', 'PG114');
  assert.match(f!.message, /CREATE TABLE t declares column "a"/);
  assert.equal(await count('create table t (a int, "A" int, A text);', 'PG114'), 1);
  assert.equal(await count('create foreign table t (a int, a text) server s;', 'PG114'), 1);
  assert.equal(await count('create type ct as (a int, a text);', 'PG114'), 1);
  assert.equal(await count('alter table t add column a int, add column a text;', 'PG114'), 1);
  assert.equal(await count('copy t (a, a) from stdin;', 'PG114'), 1);
});

test('PG114: views, CREATE TABLE AS and SELECT INTO name their columns as PostgreSQL does', async () => {
  assert.equal(await count('create view v (a, a) as select 1, 2;', 'PG114'), 1);
  assert.equal(await count('create view v as select 1 a, 2 a;', 'PG114'), 1);
  assert.equal(await count('create view v as select 1, 2;', 'PG114'), 1, 'both are ?column?');
  assert.equal(await count('create view v (a) as select 1 x, 2 a;', 'PG114'), 1, 'the explicit name covers the first column only');
  assert.equal(await count('create view v as select t.id, u.id from t join u using (k);', 'PG114'), 1);
  assert.equal(await count('create view v as select count(*), count(x) from t;', 'PG114'), 1);
  assert.equal(await count('create view v as select x::text, y::text from t;', 'PG114'), 0, 'a cast of a column keeps its name');
  assert.equal(await count('create view v as select 1::text, 2::text;', 'PG114'), 1, 'a cast of a constant is named after the type');
  assert.equal(await count('create view v as select case when x then 1 end, case when y then 2 end from t;', 'PG114'), 1);
  assert.equal(await count('create view v as select coalesce(a, 0), coalesce(b, 0) from t;', 'PG114'), 1);
  assert.equal(await count('create view v as select (select max(x) from t), max(y) from u;', 'PG114'), 1);
  assert.equal(await count('create view v as select 1 a, 2 b union select 3 a, 4 a;', 'PG114'), 0, 'the first arm names the columns');
  assert.equal(await count('create materialized view mv as select 1 a, 2 a;', 'PG114'), 1);
  assert.equal(await count('create table z as select 1 a, 2 a;', 'PG114'), 1);
  assert.equal(await count('create table z (a, a) as select 1, 2;', 'PG114'), 1);
  assert.equal(await count('select 1 a, 2 a into z;', 'PG114'), 1);
  assert.equal(await count('create view v as select *, id from t;', 'PG114'), 0, 'a star hides its names');
});

test('PG120 identifier-too-long: names over 63 bytes anywhere in the statement', async () => {
  const [f] = await found(`create table ${LONG} (column_very_long_very_long_very_long_very_long_very_long_very_long bigint);`, 'PG120');
  assert.equal(f?.severity, 'warning');
  assert.match(f!.message, new RegExp(`"${LONG}" is 65 bytes`));
  assert.match(f!.message, new RegExp(`"${EXACT}"`));
  assert.equal(await count(`create table ${LONG} (column_very_long_very_long_very_long_very_long_very_long_very_long bigint);`, 'PG120'), 2);
  assert.equal(await count(`create index index_very_long_very_long_very_long_very_long_very_long_very_long on t (col);`, 'PG120'), 1);
  assert.equal(await count(`drop table ${LONG};`, 'PG120'), 1);
  assert.equal(await count(`alter table t add column column_very_long_very_long_very_long_very_long_very_long_very_long bigint;`, 'PG120'), 1);
  assert.equal(await count(`create table "${LONG}" (id bigint);`, 'PG120'), 1);
  assert.equal(await count(`create table ${LONG} (id bigint); create index on ${LONG} (id);`, 'PG120'), 2, 'once per statement');
});

test('PG120: bytes, not characters; quotes and Unicode escapes are decoded first', async () => {
  assert.equal(await count('create table "👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦" (id bigint);', 'PG120'), 1);
  assert.equal(await count(`create table "${'é'.repeat(31)}" (id bigint);`, 'PG120'), 0, '62 bytes');
  assert.equal(await count(`create table "${'é'.repeat(32)}" (id bigint);`, 'PG120'), 1, '64 bytes');
  const [q] = await found(`create table "${'a'.repeat(62)}""b" (id bigint);`, 'PG120');
  assert.match(q!.message, new RegExp(`"${'a'.repeat(62)}"b" is 64 bytes`));
  assert.equal(await count(`create table "${'a'.repeat(61)}""" (id bigint);`, 'PG120'), 0, '62 bytes once unescaped');
  assert.equal(await count(`create table U&"${'\\0061'.repeat(20)}" (id bigint);`, 'PG120'), 0, 'escapes count as the characters they stand for');
  assert.equal(await count(`create table U&"${'\\0061'.repeat(64)}" (id bigint);`, 'PG120'), 1);
});

test('PG120: 63 bytes, strings and comments pass', async () => {
  assert.equal(await count('create table short_name (col bigint);', 'PG120'), 0);
  assert.equal(await count(`create table ${EXACT} (id bigint);\n-- ^ exactly 63 bytes`, 'PG120'), 0);
  assert.equal(await count(`select '${LONG}'; /* ${LONG} */ select $$${LONG}$$;`, 'PG120'), 0);
});

test('PG134 require-enum-value-ordering: ADD VALUE without BEFORE or AFTER', async () => {
  const [f] = await found("ALTER TYPE my_enum ADD VALUE 'new_value';", 'PG134');
  assert.equal(f?.severity, 'info');
  assert.match(f!.message, /new_value.*my_enum/);
  assert.equal(await count("ALTER TYPE s.my_enum ADD VALUE IF NOT EXISTS 'new_value';", 'PG134'), 1);
  assert.equal(await count("ALTER TYPE my_enum ADD VALUE 'new_value' BEFORE 'existing_value';", 'PG134'), 0);
  assert.equal(await count("ALTER TYPE my_enum ADD VALUE 'new_value' AFTER 'existing_value';", 'PG134'), 0);
  assert.equal(await count("ALTER TYPE my_enum RENAME VALUE 'a' TO 'b';", 'PG134'), 0);
});

test('PG137 require-table-schema: opt-in; unqualified permanent tables created, altered or dropped', async () => {
  assert.equal(postgresLint.rules.find((r) => r.code === 'PG137')?.optIn, true);
  for (const sql of ['CREATE TABLE my_table (id int);', 'ALTER TABLE my_table ADD COLUMN name text;', 'DROP TABLE my_table;', 'CREATE TABLE my_table AS SELECT 1;', 'CREATE UNLOGGED TABLE u (id int);']) {
    assert.equal(await count(sql, 'PG137'), 1, sql);
  }
  const [f] = await found('DROP TABLE a, public.b, c;', 'PG137');
  assert.match(f!.message, /table a, c is not/);
  for (const sql of [
    'CREATE TABLE public.my_table (id int);',
    'ALTER TABLE public.my_table ADD COLUMN name text;',
    'DROP TABLE public.my_table;',
    'CREATE TABLE public.my_table AS SELECT 1;',
    'CREATE TEMP TABLE temp_mapping_table (id int4) ON COMMIT DROP;',
    'CREATE TEMPORARY TABLE other_temp (id int4);',
    'CREATE TEMP TABLE temp_mapping_table AS SELECT 1;',
    'CREATE INDEX i ON public.t (a);',
  ]) {
    assert.equal(await count(sql, 'PG137'), 0, sql);
  }
});
