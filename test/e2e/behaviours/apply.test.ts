// Applying through createMigrator, on SQLite and PostgreSQL: a failing statement leaves nothing of its
// migration committed, `-- transaction: false`, leading comments as the description, a table prefix,
// search_path and the schema the state tables go in.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { memorySource } from '../../../src/sources/memory.js';
import { DIALECTS, logSequence, rows, skipFor, tableExists, withTarget } from './targets.js';

for (const dialect of DIALECTS) {
  describe(`apply (${dialect})`, { skip: await skipFor(dialect), concurrency: true }, () => {
    test('C1 a failing statement leaves nothing of its migration committed', () =>
      withTarget(dialect, async (t) => {
        const m = t.migrator({
          sources: [
            memorySource({
              '0001.t.sql': 'create table t (id int);',
              '0002.fill.sql': 'insert into t values (1);\ninsert into t values (2);\ncreate table u (id int);\ninsert into nope values (3);\n',
            }),
          ],
        });
        const r = await m.up();
        assert.equal(r.error?.code, 'E_SQL');
        assert.deepEqual(r.results.map((x) => [x.id, x.status]), [['0001.t', 'applied'], ['0002.fill', 'failed']]);
        assert.deepEqual(await rows(t, 'select count(*) as n from t'), [{ n: 0 }]);
        assert.equal(await tableExists(t, 'u'), false);
        const s = await m.status();
        assert.deepEqual(s.entries.map((e) => [e.id, e.state]), [['0001.t', 'applied'], ['0002.fill', 'pending']]);
        assert.deepEqual(await logSequence(m), ['0001.t apply', '0002.fill fail']);
      }));

    test('C2 an applied migration is committed (seen from another connection)', () =>
      withTarget(dialect, async (t) => {
        const m = t.migrator({ sources: [memorySource({ '0001.t.sql': 'create table t (id int);\ninsert into t values (7);' })] });
        const r = await m.up();
        assert.equal(r.error, null);
        await m.close();
        assert.deepEqual(await rows(t, 'select id from t'), [{ id: 7 }]);
        assert.deepEqual(await rows(t, 'select id, status from shale_migrations'), [{ id: '0001.t', status: 'applied' }]);
      }));

    test('C8 -- transactional: false (CRLF, case-insensitive, after comment lines) runs outside a transaction', () =>
      withTarget(dialect, async (t) => {
        // VACUUM refuses to run inside a transaction on both databases.
        const files: Record<string, string> = { '0001.v.sql': '-- maintenance\r\n-- Transactional: FALSE\r\ncreate table v (id int);\r\nvacuum;\r\n' };
        const m = t.migrator({ sources: [memorySource(files)] });
        const r = await m.up();
        assert.equal(r.error, null, r.error?.message);
        assert.equal(await tableExists(t, 'v'), true);
        // Control: the same statement in a transactional migration fails, so the directive is what made it work.
        files['0002.v.sql'] = 'vacuum;\n';
        const r2 = await m.up();
        assert.equal(r2.error?.code, 'E_SQL');
        assert.match(r2.error!.message, /vacuum/i);
      }));

    test('C8 a non-transactional migration commits each statement (journaled, partial on failure)', () =>
      withTarget(dialect, async (t) => {
        const m = t.migrator({ sources: [memorySource({ '0001.a.sql': '-- transaction: false\ncreate table a (id int);\ninsert into a values (1);\ninsert into nope values (1);\n' })] });
        const r = await m.up();
        assert.equal(r.error?.code, 'E_SQL');
        assert.deepEqual(await rows(t, 'select id from a'), [{ id: 1 }]);
        const s = await m.status();
        assert.equal(s.entries[0]!.state, 'partial');
        assert.equal(s.entries[0]!.record!.statementsDone, 2);
        assert.equal(s.entries[0]!.record!.statementsTotal, 3);
      }));

    test('C9 leading comments become the description; the SQL still runs', () =>
      withTarget(dialect, async (t) => {
        const m = t.migrator({ sources: [memorySource({ '0001.t.sql': '-- create t\n-- with one column\n\ncreate table t (id int);\n' })] });
        assert.equal((await m.up()).error, null);
        const s = await m.status();
        assert.equal(s.entries[0]!.migration!.description, 'create t with one column');
        assert.equal(await tableExists(t, 't'), true);
      }));

    test('C12 a custom table prefix is used for bookkeeping', () =>
      withTarget(dialect, async (t) => {
        const m = t.migrator({ tablePrefix: 'app_', sources: [memorySource({ '0001.t.sql': 'create table t (id int);' })] });
        assert.equal((await m.up()).error, null);
        assert.equal(await tableExists(t, 'app_migrations'), true);
        assert.equal(await tableExists(t, 'app_log'), true);
        assert.equal(await tableExists(t, 'shale_migrations'), false);
        assert.deepEqual(await rows(t, 'select id from app_migrations'), [{ id: '0001.t' }]);
        const other = t.migrator({ sources: [memorySource({ '0001.t.sql': 'create table t (id int);' })] });
        assert.equal((await other.status()).counts.pending, 1);
      }));
  });
}

describe('PostgreSQL search_path and schemas', { skip: await skipFor('postgres'), concurrency: true }, () => {
  test('C11 a migration that empties search_path does not break recording', () =>
    withTarget('postgres', async (t) => {
      const m = t.migrator({
        sources: [
          memorySource({
            '0001.sp.sql': "set search_path to '';",
            '0002.sp.sql': "select set_config('search_path', '', false);",
            '0003.t.sql': 'create table public.t3 (id int);',
          }),
        ],
      });
      const r = await m.up();
      assert.equal(r.error, null, r.error?.message);
      assert.deepEqual(r.results.map((x) => x.status), ['applied', 'applied', 'applied']);
      assert.equal((await m.status()).counts.applied, 3);
      assert.deepEqual((await m.up()).results, []);
      assert.deepEqual(await logSequence(m), ['0001.sp apply', '0002.sp apply', '0003.t apply']);
    }));

  test('T1 default state tables go in public', () =>
    withTarget('postgres', async (t) => {
      const m = t.migrator({ sources: [memorySource({ '1.sql': 'create table t (id int);' })] });
      assert.equal((await m.up()).error, null);
      assert.equal(await tableExists(t, 'shale_migrations', 'public'), true);
      assert.equal(await tableExists(t, 'shale_log', 'public'), true);
    }));

  test('C13/T2 ?schema=foo puts the state tables (and unqualified migration tables) in foo', () =>
    withTarget('postgres', async (t) => {
      const m = t.migrator({ db: `${t.url}?schema=foo`, sources: [memorySource({ '1.sql': 'create table t (id int);' })] });
      const r = await m.up();
      assert.equal(r.error, null, r.error?.message);
      assert.equal(await tableExists(t, 'shale_migrations', 'foo'), true);
      assert.equal(await tableExists(t, 'shale_log', 'foo'), true);
      assert.equal(await tableExists(t, 't', 'foo'), true);
      assert.equal(await tableExists(t, 'shale_migrations', 'public'), false);
      assert.equal((await t.migrator({ db: `${t.url}?schema=foo`, sources: [memorySource({ '1.sql': 'create table t (id int);' })] }).status()).counts.applied, 1);
    }));

  test('T2 with several schemas, the first one (created if missing) holds the state tables', () =>
    withTarget('postgres', async (t) => {
      const m = t.migrator({ db: `${t.url}?schema=${encodeURIComponent('foo,bar,public')}`, sources: [memorySource({ '1.sql': 'create table public.t (id int);' })] });
      assert.equal((await m.up()).error, null);
      assert.equal(await tableExists(t, 'shale_migrations', 'foo'), true);
      assert.equal(await tableExists(t, 'shale_migrations', 'public'), false);
    }));

  test('T3 an empty search_path falls back to public', () =>
    withTarget('postgres', async (t) => {
      const admin = await t.open();
      const dbName = new URL(t.url).pathname.slice(1);
      await admin.query(`alter database "${dbName}" set search_path = ''`);
      const probe = await t.open();
      assert.deepEqual((await probe.query('select current_schema() as s')).rows, [{ s: null }]);
      const m = t.migrator({ sources: [memorySource({ '1.sql': 'create table public.t (id int);' })] });
      const r = await m.up();
      assert.equal(r.error, null, r.error?.message);
      assert.equal(await tableExists(t, 'shale_migrations', 'public'), true);
    }));

  test('C8 CREATE INDEX CONCURRENTLY runs with -- transaction: false', () =>
    withTarget('postgres', async (t) => {
      const m = t.migrator({
        sources: [memorySource({ '1.sql': 'create table t (id int);', '2.sql': '-- transaction: false\ncreate index concurrently t_id on t (id);' })],
      });
      const r = await m.up();
      assert.equal(r.error, null, r.error?.message);
      assert.deepEqual(await rows(t, "select indexname from pg_indexes where tablename = 't'"), [{ indexname: 't_id' }]);
    }));
});
