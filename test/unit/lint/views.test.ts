// PG207 drop-referenced-by-view: a drop that a view depends on fails, or with CASCADE drops the view.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintSql, type LintSqlOptions } from './lint-sql.js';

async function found(sql: string | readonly string[], opts: LintSqlOptions = {}) {
  return (await lintSql(sql, opts)).filter((f) => f.code === 'PG207');
}

const view = 'CREATE VIEW active_users AS SELECT u.id, u.email FROM users u WHERE u.deleted_at IS NULL;';

test('PG207: dropping a column a view of an earlier migration selects fails; with CASCADE the view goes silently', async () => {
  const [f, ...more] = await found([view, 'ALTER TABLE users DROP COLUMN email;']);
  assert.equal(more.length, 0);
  assert.equal(f?.severity, 'error');
  assert.equal(f?.migration, 'm2');
  assert.match(f!.message, /column users\.email fails: view active_users depends on it/);
  const [c] = await found([view, 'ALTER TABLE users DROP COLUMN deleted_at CASCADE;']);
  assert.match(c!.message, /CASCADE also drops view active_users/);
  assert.match(c!.hint, /drop the views by name/);
});

test('PG207: dropping a table or view another view reads, in the same file too', async () => {
  const [f] = await found(`${view}\nDROP TABLE users;`);
  assert.match(f!.message, /table users fails/);
  assert.equal(f?.line, 2);
  const [c] = await found([view, 'DROP TABLE IF EXISTS public.users CASCADE;']);
  assert.match(c!.message, /table public\.users with CASCADE also drops view active_users/);
  const [v] = await found([view, 'CREATE MATERIALIZED VIEW counts AS SELECT count(*) FROM active_users;', 'DROP VIEW active_users;']);
  assert.match(v!.message, /view active_users fails: view counts/);
});

test('PG207 reads the whole query: joins, subqueries, unqualified columns and *', async () => {
  const joined = 'CREATE VIEW v AS SELECT o.id, total FROM orders o JOIN customers c ON c.id = o.customer_id WHERE EXISTS (SELECT 1 FROM refunds r WHERE r.order_id = o.id);';
  assert.equal((await found([joined, 'ALTER TABLE customers DROP COLUMN id;'])).length, 1);
  assert.equal((await found([joined, 'ALTER TABLE orders DROP COLUMN customer_id;'])).length, 1);
  assert.equal((await found([joined, 'ALTER TABLE refunds DROP COLUMN order_id;'])).length, 1);
  assert.equal((await found([joined, 'ALTER TABLE orders DROP COLUMN total;'])).length, 1, 'unqualified: any relation of the query');
  assert.equal((await found(['CREATE VIEW s AS SELECT * FROM t;', 'ALTER TABLE t DROP COLUMN anything;'])).length, 1);
  assert.equal((await found(['CREATE VIEW s AS SELECT t.* FROM t, u;', 'ALTER TABLE t DROP COLUMN anything;'])).length, 1);
});

test('PG207 passes columns and tables no view selects, views dropped first, CTE names and renamed views', async () => {
  assert.equal((await found([view, 'ALTER TABLE users DROP COLUMN nickname;'])).length, 0);
  assert.equal((await found([view, 'DROP TABLE accounts;'])).length, 0);
  assert.equal((await found([view, 'DROP VIEW active_users; ALTER TABLE users DROP COLUMN email;'])).length, 0);
  assert.equal((await found([view, 'DROP VIEW active_users, users;'])).length, 0, 'both go in one statement');
  assert.equal((await found([view, 'ALTER TABLE users DROP COLUMN email CASCADE;', 'DROP TABLE users;'])).length, 1, 'CASCADE took the view: only the first drop is flagged');
  assert.equal((await found(['CREATE VIEW w AS WITH users AS (SELECT 1 AS email) SELECT email FROM users;', 'ALTER TABLE users DROP COLUMN email;'])).length, 0);
  assert.equal((await found([view, 'CREATE OR REPLACE VIEW active_users AS SELECT u.id FROM users u;', 'ALTER TABLE users DROP COLUMN email;'])).length, 0);
});

test('PG207 follows renames: of the table, of the column', async () => {
  assert.equal((await found([view, 'ALTER TABLE users RENAME TO people;', 'DROP TABLE people;'])).length, 1);
  assert.equal((await found([view, 'ALTER TABLE users RENAME COLUMN email TO mail;', 'ALTER TABLE users DROP COLUMN mail;'])).length, 1);
  assert.equal((await found([view, 'ALTER TABLE users RENAME COLUMN email TO mail;', 'ALTER TABLE users DROP COLUMN email;'])).length, 0);
});

test('PG207 with --db: the target views on a table or a column, less those the run dropped', async () => {
  const views = { users: ['public.report'], 'users.email': ['public.report'] };
  const [f] = await found('ALTER TABLE users DROP COLUMN email;', { views });
  assert.match(f!.message, /view public\.report depends/);
  assert.equal((await found('ALTER TABLE users DROP COLUMN nickname;', { views })).length, 0);
  assert.equal((await found('DROP TABLE users CASCADE;', { views })).length, 1);
  assert.equal((await found('DROP VIEW report; DROP TABLE users;', { views })).length, 0);
  assert.equal((await found('CREATE TABLE users (email text); ALTER TABLE users DROP COLUMN email;', { views: { 'users.email': ['public.report'] } })).length, 0, 'a table the run created has no target views');
  // CASCADE drops the views on those views too, and they are gone for the statements after it.
  const chain = { users: ['public.report'], 'users.email': ['public.report'], report: ['public.summary'] };
  const [c] = await found('ALTER TABLE users DROP COLUMN email CASCADE;', { views: chain });
  assert.match(c!.message, /views public\.report, public\.summary, which depend on it/);
  assert.equal((await found('ALTER TABLE users DROP COLUMN email CASCADE; DROP TABLE users;', { views: chain })).length, 1);
  assert.equal((await found([view, 'CREATE VIEW top AS SELECT id FROM active_users;', 'DROP TABLE users CASCADE;']))[0]?.message.match(/active_users, top/)?.length, 1);
  // A view both in the run and in the target is named once.
  assert.equal((await found([view.replace('active_users', 'report'), 'DROP TABLE users;'], { views }))[0]?.message.match(/report/g)?.length, 1);
});

const pg208 = async (sql: string | readonly string[], opts: LintSqlOptions = {}) => (await lintSql(sql, opts)).filter((f) => f.code === 'PG208');

test('PG208 retype-column-used-by-view: a column a view selects cannot change type', async () => {
  const [f, ...more] = await pg208([view, 'ALTER TABLE users ALTER COLUMN email TYPE varchar(320);']);
  assert.equal(more.length, 0);
  assert.equal(f?.severity, 'error');
  assert.match(f!.message, /users\.email fails: view active_users selects it/);
  // The enum recreation pattern: the cast of a column a target view selects.
  const [g] = await pg208("ALTER TYPE mood RENAME TO mood_old; CREATE TYPE mood AS ENUM ('a'); ALTER TABLE person ALTER COLUMN m TYPE mood USING m::text::mood;", { views: { 'person.m': ['public.moods'] } });
  assert.match(g!.message, /view public\.moods/);
});

test('PG208 passes other columns, views dropped before, and tables without views', async () => {
  assert.equal((await pg208([view, 'ALTER TABLE users ALTER COLUMN nickname TYPE text;'])).length, 0);
  assert.equal((await pg208([view, 'DROP VIEW active_users; ALTER TABLE users ALTER COLUMN email TYPE text;'])).length, 0);
  assert.equal((await pg208('ALTER TABLE users ALTER COLUMN email TYPE text;')).length, 0);
  assert.equal((await pg208('ALTER TABLE users ALTER COLUMN email TYPE text;', { views: { users: ['public.other'] } })).length, 0, 'a view on the table, not on that column');
});
