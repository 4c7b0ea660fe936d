// The enum rules: PG204 enum-value-removal, PG205 drop-type-in-use, PG206 renaming-enum-value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { postgresLint } from '../../../src/lint/postgres/index.js';
import { lintSql, type LintSqlOptions } from './lint-sql.js';

async function found(sql: string | readonly string[], code: string, opts: LintSqlOptions = {}) {
  return (await lintSql(sql, opts)).filter((f) => f.code === code);
}

/** The usual way to drop an enum value: rename the type aside, create it again, cast the columns, drop the old one. */
const recreate = (values: string) => [
  'ALTER TYPE mood RENAME TO mood_old;',
  `CREATE TYPE mood AS ENUM (${values});`,
  'ALTER TABLE person ALTER COLUMN current_mood TYPE mood USING current_mood::text::mood;',
  'DROP TYPE mood_old;',
].join('\n');

const db = { enums: { mood: { values: ['sad', 'ok', 'happy'], columns: ['person.current_mood'] } } };

test('PG204 enum-value-removal: with --db, names the values the new type leaves out, at its CREATE TYPE', async () => {
  const [f, ...more] = await found(recreate("'sad', 'happy'"), 'PG204', db);
  assert.equal(more.length, 0);
  assert.equal(f?.severity, 'error');
  assert.equal(f?.line, 2);
  assert.match(f!.message, /'ok'/);
  assert.match(f!.message, /mood_old/);
});

test('PG204 follows the values through the run: ADD VALUE and RENAME VALUE before the recreation count', async () => {
  const [f] = await found(["ALTER TYPE mood ADD VALUE 'meh'; ALTER TYPE mood RENAME VALUE 'ok' TO 'fine';", recreate("'sad', 'happy'")], 'PG204', db);
  assert.equal(f?.migration, 'm2');
  assert.match(f!.message, /'fine', 'meh'/);
  assert.doesNotMatch(f!.message, /'ok'/);
  // Renamed aside twice: the values travel with the type, not with the name.
  const [g] = await found(['ALTER TYPE mood RENAME TO mood_a;', "CREATE TYPE mood AS ENUM ('sad');", 'ALTER TYPE mood_a RENAME TO mood_b;'].join('\n'), 'PG204', db);
  assert.match(g!.message, /'ok', 'happy'/);
});

test('PG204: an enum the run created has no rows before the run (as for every object the run creates)', async () => {
  assert.equal((await found(["CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy'); CREATE TABLE person (current_mood mood);", recreate("'ok'")], 'PG204')).length, 0);
});

test('PG204 passes a new type with every old value (added or reordered), and an unrelated CREATE TYPE', async () => {
  assert.equal((await found(recreate("'happy', 'ok', 'sad', 'ecstatic'"), 'PG204', db)).length, 0);
  assert.equal((await found("CREATE TYPE colour AS ENUM ('red');", 'PG204', db)).length, 0);
  assert.equal((await found("CREATE TYPE colour AS ENUM ('red');", 'PG204')).length, 0);
  // A type the same migration created and recreated has no rows anywhere yet.
  assert.equal((await found(`CREATE TYPE mood AS ENUM ('a', 'b');\n${recreate("'a'")}`, 'PG204')).length, 0);
});

test('PG204 without --db: the old values are unknown, a warning that says so', async () => {
  const [f] = await found(recreate("'sad', 'happy'"), 'PG204');
  assert.equal(f?.severity, 'warning');
  assert.match(f!.message, /does not know/);
  assert.match(f!.hint, /--db/);
  // The database says the renamed type is not an enum (a composite, a domain): nothing to compare.
  assert.equal((await found(recreate("'sad'"), 'PG204', { enums: {} })).length, 0);
});

test('PG205 drop-type-in-use: a column the migration did not move still has the type', async () => {
  const forgot = ['ALTER TYPE mood RENAME TO mood_old;', "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy', 'meh');", 'DROP TYPE mood_old;'].join('\n');
  const [f] = await found(forgot, 'PG205', db);
  assert.equal(f?.severity, 'error');
  assert.match(f!.message, /DROP TYPE mood_old fails: column person\.current_mood/);
  const [c] = await found(forgot.replace('DROP TYPE mood_old;', 'DROP TYPE mood_old CASCADE;'), 'PG205', db);
  assert.match(c!.message, /CASCADE also drops column person\.current_mood/);
  // Columns the run itself gave the type.
  const [r] = await found(["CREATE TYPE t AS ENUM ('a'); CREATE TABLE x (a t, b t);", 'DROP TYPE t CASCADE;'], 'PG205');
  assert.match(r!.message, /columns x\.a, x\.b/);
});

test('PG205 passes once every column moved, dropped or went with its table; and without knowing the columns', async () => {
  assert.equal((await found(recreate("'sad', 'ok', 'happy'"), 'PG205', db)).length, 0);
  assert.equal((await found('ALTER TABLE person DROP COLUMN current_mood; DROP TYPE mood;', 'PG205', db)).length, 0);
  assert.equal((await found('DROP TABLE person; DROP TYPE mood;', 'PG205', db)).length, 0);
  assert.equal((await found('DROP TYPE mood;', 'PG205')).length, 0, 'no database: the target columns are unknown');
  assert.equal((await found("CREATE TYPE t AS ENUM ('a'); CREATE TABLE x (a t); ALTER TABLE x ALTER COLUMN a TYPE text; DROP TYPE t;", 'PG205')).length, 0);
  assert.equal((await found('DROP TYPE mood;', 'PG205', db)).length, 1);
});

test('PG206 renaming-enum-value: an existing enum; a type the run created passes', async () => {
  const [f] = await found("ALTER TYPE mood RENAME VALUE 'ok' TO 'fine';", 'PG206');
  assert.equal(f?.severity, 'warning');
  assert.match(f!.message, /'ok' of enum mood to 'fine'/);
  assert.equal((await found("CREATE TYPE mood AS ENUM ('ok'); ALTER TYPE mood RENAME VALUE 'ok' TO 'fine';", 'PG206')).length, 0);
  assert.equal((await found(["CREATE TYPE mood AS ENUM ('ok');", "ALTER TYPE mood RENAME VALUE 'ok' TO 'fine';"], 'PG206')).length, 0);
  assert.equal((await found("ALTER TYPE mood ADD VALUE 'meh';", 'PG206')).length, 0);
});

test('the enum rules are shale rules: no squawk alias', () => {
  for (const code of ['PG204', 'PG205', 'PG206']) assert.deepEqual(postgresLint.rules.find((r) => r.code === code)?.aliases, [], code);
});

test('enum types of two schemas are two types; an unqualified name is either', async () => {
  // The schema move a diff writes: the new schema's type has the column, the old one's does not.
  const move = ["CREATE TYPE old_s.e AS ENUM ('a'); CREATE TABLE old_s.t (id int);", "CREATE TYPE new_s.e AS ENUM ('a'); CREATE TABLE new_s.t (id int, e new_s.e); DROP TYPE old_s.e;"];
  assert.equal((await found(move, 'PG205')).length, 0);
  assert.equal((await found(["CREATE TYPE s.e AS ENUM ('a'); CREATE TABLE t (c s.e);", 'DROP TYPE e;'], 'PG205')).length, 1);
  const [f] = await found(['ALTER TYPE s.mood RENAME TO mood_old;', "CREATE TYPE s.mood AS ENUM ('sad');"], 'PG204', { enums: db.enums });
  assert.match(f!.message, /CREATE TYPE s\.mood leaves out 'ok', 'happy'/);
  assert.equal((await found(['ALTER TYPE s.mood RENAME TO mood_old;', "CREATE TYPE u.mood AS ENUM ('sad');"], 'PG204', { enums: db.enums })).length, 0, 'another schema: not a replacement');
});
