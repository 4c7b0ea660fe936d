// Applying SQL migrations to a real PostgreSQL through the library, where PostgreSQL differs from the
// other engines: splitting, error positions the server reports, statements that refuse a transaction,
// its spellings of BEGIN/COMMIT, psql-only input, session settings that must not leak, notices, large
// files. What every engine must do (failures, COMMIT, BEGIN/COMMIT, savepoints) is in suite-*.ts.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { createMigrator, memorySource, type Adapter, type Migrator, type MigratorOptions, type RunResult } from '../../src/index.js';
import { createPgDatabase, PG_URL, skipUnlessPg, uniqueName } from '../helpers/databases.js';

const skip = await skipUnlessPg();

describe('postgres: applying migrations', { skip, concurrency: true }, () => {
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  });

  async function fresh(files: Record<string, string>, extra: Partial<MigratorOptions> & { schema?: string } = {}): Promise<{ m: Migrator; a: Adapter; url: string }> {
    const db = await createPgDatabase();
    cleanups.push(db.drop);
    const url = extra.schema ? `${db.url}?schema=${extra.schema}` : db.url;
    const m = createMigrator({ db: url, sources: [memorySource(files)], lockTimeoutMs: 5000, ...extra });
    cleanups.push(() => m.close());
    return { m, a: await m.adapter(), url: db.url };
  }

  const rows = async (a: Adapter, sql: string) => (await a.query(sql)).rows;
  const state = (a: Adapter) => rows(a, 'select id, status, statements_total, statements_done from shale_migrations order by id');
  const statuses = (r: RunResult) => r.results.map((x) => `${x.id}:${x.status}`);
  const tableExists = async (a: Adapter, name: string) => (await rows(a, `select to_regclass('${name}') is not null as e`))[0]!['e'] === true;

  /** `line:col` (col in UTF-16 units, as shale counts) of the first `needle` in `text`. */
  function posOf(text: string, needle: string): string {
    const i = text.indexOf(needle);
    assert.ok(i >= 0, needle);
    const before = text.slice(0, i);
    return `${before.split('\n').length}:${i - before.lastIndexOf('\n')}`;
  }

  describe('splitting', () => {
    it('applies dollar quotes, E strings, comments, BEGIN ATOMIC, rules and a last statement without ;', async () => {
      const text = [
        '-- a comment with ; and $$',
        'create table t (id int, s text); /* block ; $$ /* nested ; */ still ; */',
        'create table u (x int);',
        "create function f() returns text language plpgsql as $a$ begin return $b$ x; $$ y $b$; end $a$;",
        "insert into t values (1, E'it\\'s; fine'), (2, 'a''b; c'), (3, f());",
        'create function g() returns int language sql begin atomic select 1; select 2; end;',
        'create rule r as on insert to t do also (insert into u values (new.id); insert into u values (new.id + 100));',
        'insert into t values (4, g()::text)',
        '   \n\t\n',
      ].join('\n');
      const { m, a } = await fresh({ '0001_all.sql': text });
      const r = await m.up();
      assert.equal(r.error, null, r.error?.message);
      assert.deepEqual(await state(a), [{ id: '0001_all', status: 'applied', statements_total: 7, statements_done: 7 }]);
      assert.deepEqual(await rows(a, 'select id, s from t order by id'), [
        { id: 1, s: "it's; fine" },
        { id: 2, s: "a'b; c" },
        { id: 3, s: ' x; $$ y ' },
        { id: 4, s: '2' },
      ]);
      assert.deepEqual((await rows(a, 'select x from u order by x')).map((x) => x['x']), [4, 104]);
    });
  });

  describe('error positions', () => {
    it('column is right after multi-byte and astral characters, in a batch and journaled', async () => {
      const text = "create table t (s text);\ninsert into t values ('é€😀');\ninsert into t select 'é😀€' || nosuch_col;\n";
      for (const directive of ['', '-- transaction: false\n']) {
        const full = directive + text;
        const { m } = await fresh({ '1.sql': full });
        const r = await m.up();
        assert.equal(r.error?.code, 'E_SQL');
        assert.ok(r.error!.message.startsWith(`memory:1.sql:${posOf(full, 'nosuch_col')}: column "nosuch_col" does not exist (statement 3:`), r.error!.message);
      }
    });

    it('a single-statement migration sent with its BEGIN (and a lazy commit setting): column still right', async () => {
      const text = "\n  select 'é😀€', nosuch_col;\n";
      const { m } = await fresh({ '1.sql': 'create table t (x int);\n', '2.sql': text, '3.sql': 'select 1;\n' });
      const r = await m.up();
      assert.ok(r.error!.message.startsWith(`memory:2.sql:${posOf(text, 'nosuch_col')}: `), r.error!.message);
      assert.deepEqual(statuses(r), ['1:applied', '2:failed', '3:not-run']);
    });

  });

  describe('statements that cannot run in a transaction', () => {
    for (const [name, stmt] of [
      ['CREATE INDEX CONCURRENTLY', 'create index concurrently t_x on t (x);'],
      ['CREATE DATABASE', `create database ${uniqueName('shale_never')};`],
    ] as const) {
      it(`${name} without the directive: names the statement, suggests -- transaction: false, records nothing`, async () => {
        const { m, a } = await fresh({ '1.sql': `create table t (x int);\n${stmt}\n` });
        const r = await m.up();
        assert.equal(r.error?.code, 'E_SQL');
        assert.ok(r.error!.message.startsWith('memory:1.sql:2:1: '), r.error!.message);
        assert.match(r.error!.message, /cannot run inside a transaction block \(statement 2: /);
        assert.match(r.error!.message, /`-- transaction: false`/);
        assert.ok(!r.error!.message.includes('\n'));
        assert.deepEqual(await state(a), []);
        assert.equal(await tableExists(a, 't'), false);
      });
    }

    it('CREATE INDEX CONCURRENTLY applies with -- transaction: false', async () => {
      const { m, a } = await fresh({ '1.sql': '-- transaction: false\ncreate table t (x int);\ncreate index concurrently t_x on t (x);\n' });
      assert.equal((await m.up()).error, null);
      assert.deepEqual(await state(a), [{ id: '1', status: 'applied', statements_total: 2, statements_done: 2 }]);
      assert.equal(await tableExists(a, 't_x'), true);
    });

    it('ALTER TYPE … ADD VALUE used in the same migration works with -- transaction: false', async () => {
      const { m, a } = await fresh({ '1.sql': "-- transaction: false\ncreate type e as enum ('a');\nalter type e add value 'b';\ncreate table t (v e default 'b');\n" });
      assert.equal((await m.up()).error, null);
      assert.equal(await tableExists(a, 't'), true);
    });

  });

  describe('BEGIN / COMMIT written in a migration', () => {
    // The spellings every transactional engine shares are in the adapter suite; these are PostgreSQL's own.
    for (const [name, text, needle] of [
      ['START TRANSACTION … END', 'start transaction;\ncreate table t (x int);\nend;\n', 'start'],
      ['BEGIN WORK … ABORT', 'begin work;\ncreate table t (x int);\nabort;\n', 'begin'],
    ] as const) {
      it(`${name}: refused before anything runs, pointing at it`, async () => {
        const { m, a } = await fresh({ '0001_ok.sql': 'create table ok (x int);\n', '0002_tx.sql': text });
        const r = await m.up();
        assert.equal(r.error?.code, 'E_PARSE');
        assert.ok(r.error!.message.startsWith(`memory:0002_tx.sql:${posOf(text, needle)}: `), r.error!.message);
        assert.match(r.error!.message, /own transaction.*`-- transaction: false`/);
        assert.deepEqual(statuses(r), ['0001_ok:not-run', '0002_tx:failed']);
        assert.equal(await tableExists(a, 'ok'), false);
      });
    }
  });

  describe('psql-only input', () => {
    for (const [name, text, line] of [
      ['\\connect', 'create table t (x int);\n\\connect other\ncreate table u (x int);\n', 2],
      ['\\i', 'create table t (x int);\n\\i other.sql\n', 2],
      ['\\set', '\\set ON_ERROR_STOP on\ncreate table t (x int);\n', 1],
      ['COPY … FROM stdin', 'create table t (x int, y text);\ncopy t (x, y) from stdin;\n1\ta\n2\tb\n\\.\n', 2],
    ] as const) {
      it(`${name}: one E_PARSE line naming file:line, nothing run`, async () => {
        const { m, a } = await fresh({ '0001_ok.sql': 'create table ok (x int);\n', '0002_psql.sql': text });
        const r = await m.up();
        assert.equal(r.error?.code, 'E_PARSE');
        assert.ok(r.error!.message.startsWith(`memory:0002_psql.sql:${line}:1: `), r.error!.message);
        assert.match(r.error!.message, name.startsWith('COPY') ? /COPY … FROM stdin/ : new RegExp(`psql meta-command \\${name}\\b`));
        assert.doesNotMatch(r.error!.message, /syntax error/);
        assert.ok(!r.error!.message.includes('\n'));
        assert.deepEqual(statuses(r), ['0001_ok:not-run', '0002_psql:failed']);
        assert.equal(await tableExists(a, 'ok'), false);
      });
    }
  });

  describe('session settings do not leak', () => {
    const setters = "create schema s1;\nset search_path to s1;\nset statement_timeout = '10s';\nset lock_timeout = '5s';\ncreate table in_s1 (x int);\n";
    // What the next migration sees, kept in a table (created in whatever schema is current).
    const seen = "create table seen as select current_setting('search_path') as p, current_setting('statement_timeout') as st, current_setting('lock_timeout') as lt;\n";
    for (const directive of ['', '-- transaction: false\n']) {
      it(`SET search_path / statement_timeout${directive ? ' (journaled)' : ''}: the next migration and the bookkeeping run with the defaults`, async () => {
        const { m, a } = await fresh({ '1.sql': directive + setters, '2.sql': seen });
        const r = await m.up();
        assert.equal(r.error, null, r.error?.message);
        assert.equal(await tableExists(a, 's1.in_s1'), true);
        assert.deepEqual(await rows(a, 'select * from public.seen'), [{ p: '"$user", public', st: '0', lt: '0' }]);
        assert.deepEqual(await rows(a, "select current_setting('search_path') as p, current_setting('statement_timeout') as st"), [{ p: '"$user", public', st: '0' }]);
        assert.deepEqual((await state(a)).map((x) => x['status']), ['applied', 'applied']);
      });
    }

    it("the URL's schema stays the search_path after a migration changed it", async () => {
      const { m, a } = await fresh({ '1.sql': 'create schema other;\nset search_path to other;\n', '2.sql': 'create table t (x int);\n' }, { schema: 'app' });
      assert.equal((await m.up()).error, null);
      assert.equal(await tableExists(a, 'app.t'), true);
      assert.equal(await tableExists(a, 'app.shale_migrations'), true);
    });

    it('SET ROLE to a role without rights on the state tables: bookkeeping and the next migration run as the connecting user', async () => {
      const role = uniqueName('shale_role');
      cleanups.push(async () => {
        const c = new pg.Client({ connectionString: PG_URL });
        await c.connect();
        await c.query(`drop role if exists "${role}"`).finally(() => c.end());
      });
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      await admin.query(`create role "${role}"`).finally(() => admin.end());
      const { m, a } = await fresh({ '1.sql': `set role "${role}";\nselect 1;\n`, '2.sql': 'create table t (x int);\nreset role;\n' });
      const r = await m.up();
      assert.equal(r.error, null, r.error?.message);
      assert.deepEqual((await state(a)).map((x) => x['id']), ['1', '2']);
      assert.deepEqual(await rows(a, 'select tableowner as o from pg_tables where tablename = $1'.replace('$1', "'t'")), [{ o: 'postgres' }]);
      assert.deepEqual(await rows(a, 'select current_user = session_user as same'), [{ same: true }]);
    });

    it('a failed migration leaves no setting behind either', async () => {
      const { m, a } = await fresh({ '1.sql': "set statement_timeout = '1ms';\nselect nosuch;\n" });
      assert.equal((await m.up()).error?.code, 'E_SQL');
      assert.deepEqual(await rows(a, 'show statement_timeout'), [{ statement_timeout: '0' }]);
    });
  });

  it('RAISE NOTICE and WARNING in a migration do not disturb it', async () => {
    const { m, a } = await fresh({ '1.sql': "do $$ begin raise notice 'hello %', 1; raise warning 'careful'; end $$;\ncreate table t (x int);\n" });
    assert.equal((await m.up()).error, null);
    assert.deepEqual(await state(a), [{ id: '1', status: 'applied', statements_total: 2, statements_done: 2 }]);
  });

  it('a 5 MB file of non-ASCII inserts applies; an error at its end points at the right line', async () => {
    const n = 50_000;
    const lines = ['create table big (id int primary key, s text);'];
    for (let i = 0; i < n; i++) lines.push(`insert into big values (${i}, 'é😀 row ${i} with some padding text');`);
    const good = lines.join('\n') + '\n';
    const bad = good + 'select nosuch_at_end;\n';
    assert.ok(Buffer.byteLength(good) > 3_000_000);
    const { m, a } = await fresh({ '1.sql': bad });
    let started = Date.now();
    const r = await m.up();
    const failedMs = Date.now() - started;
    assert.ok(r.error!.message.startsWith(`memory:1.sql:${n + 2}:8: `), r.error!.message);
    assert.equal(r.error!.details['statement'], n + 2);
    const ok = await fresh({ '1.sql': good });
    started = Date.now();
    assert.equal((await ok.m.up()).error, null);
    const appliedMs = Date.now() - started;
    assert.deepEqual(await rows(ok.a, 'select count(*)::int as n from big'), [{ n }]);
    assert.equal(await tableExists(a, 'big'), false);
    // Measured, not asserted (machines differ): seconds here, not minutes, since splitting is linear.
    console.log(`# 5 MB migration: failed run ${failedMs} ms, applied in ${appliedMs} ms`);
  });
});
