// One behaviour suite, run against every adapter (sqlite, postgres, pglite, mysql). The cases about
// failing statements and about transactions live in suite-failures.ts and suite-transactions.ts.
import assert from 'node:assert/strict';
import { describe, it, after } from 'node:test';
import { createMigrator, memorySource, isShaleError, type Migrator, type MigratorOptions } from '../../src/index.js';
import { rows, tableExists, type SuiteContext, type SuiteOptions, type TargetFactory } from './suite-context.js';
import { failureCases } from './suite-failures.js';
import { transactionCases } from './suite-transactions.js';

export type { SuiteOptions, TargetFactory } from './suite-context.js';

const M1 = '-- first\ncreate table t1 (id integer primary key, name varchar(50));\ninsert into t1 (id, name) values (1, \'a\');\n';
const M1_DOWN = 'drop table t1;\n';
const M2 = 'create table t2 (id integer primary key);\n';
const M2_DOWN = 'drop table t2;\n';

export function adapterSuite(name: string, factory: TargetFactory, options: SuiteOptions): void {
  describe(`adapter suite: ${name}`, async () => {
    const skip = factory.skip ? await factory.skip() : false;
    const cleanups: (() => Promise<void>)[] = [];
    const migrators: Migrator[] = [];
    after(async () => {
      for (const m of migrators) await m.close().catch(() => undefined);
      for (const c of cleanups) await c().catch(() => undefined);
    });
    const fresh: SuiteContext['fresh'] = async (files, extra = {}, how = {}) => {
      const t = await factory.create();
      cleanups.push(t.drop);
      const url = how.url ? how.url(t.url) : t.url;
      const m = createMigrator({ db: url, sources: [memorySource(files)], lockTimeoutMs: 2000, ...extra });
      migrators.push(m);
      return { m, url, a: await m.adapter() };
    };
    const other = (url: string, files: Record<string, string>, extra: Partial<MigratorOptions> = {}): Migrator => {
      const m = createMigrator({ db: url, sources: [memorySource(files)], lockTimeoutMs: 2000, ...extra });
      migrators.push(m);
      return m;
    };
    const ctx: SuiteContext = { skip, options, fresh, other };

    it('the adapter has the capabilities the suite was told (the cases registered below depend on them)', { skip }, async () => {
      const { a } = await fresh({});
      assert.deepEqual(a.capabilities, options.capabilities);
    });

    it('applies pending migrations once, records them and logs each', { skip }, async () => {
      const { m, a } = await fresh({ '0001_a.sql': M1, '0001_a.rollback.sql': M1_DOWN, '0002_b.sql': M2 });
      const r = await m.up();
      assert.equal(r.error, null);
      assert.deepEqual(r.results.map((x) => [x.id, x.status]), [['0001_a', 'applied'], ['0002_b', 'applied']]);
      assert.deepEqual((await m.up()).results, []);
      const st = await m.status();
      assert.deepEqual(st.entries.map((e) => e.state), ['applied', 'applied']);
      assert.match(st.entries[0]!.record!.checksum, /^v1:[0-9a-f]{64}$/);
      assert.equal(st.entries[0]!.record!.statementsTotal, 2);
      assert.deepEqual((await m.history()).map((e) => [e.id, e.operation]), [['0001_a', 'apply'], ['0002_b', 'apply']]);
      assert.deepEqual(await rows(a, 'select name from t1'), [{ name: 'a' }]);
    });

    it('recordings: the ids last recorded by mark or adopt, not those last recorded by apply', { skip }, async () => {
      const { m } = await fresh({ '0001_a.sql': M1, '0002_b.sql': M2, '0003_c.sql': 'create table t3c (id int);\n', '0004_d.sql': 'create table t4d (id int);\n' });
      assert.deepEqual(await m.recordings(), [], 'no state tables yet');
      assert.equal((await m.mark(['0001_a'])).error, null);
      assert.equal((await m.up()).error, null);
      assert.equal((await m.unmark(['0003_c'])).error, null);
      assert.equal((await m.mark(['0003_c'])).error, null);
      assert.equal((await m.unmark(['0004_d'])).error, null);
      assert.equal((await m.adopt(['0004_d'])).error, null);
      const got = (await m.recordings()).map((r) => `${r.id} ${r.operation}`).sort();
      assert.deepEqual(got, ['0001_a mark', '0003_c mark', '0004_d adopt']);
      // The same answer as the audit log read in full: the latest recording row of each id.
      const last = new Map<string, string>();
      for (const e of await m.history()) if (['apply', 'mark', 'adopt', 'resume'].includes(e.operation)) last.set(e.id, e.operation);
      assert.deepEqual([...last].filter(([, op]) => op !== 'apply').map(([id, op]) => `${id} ${op}`).sort(), got);
      // A store of one's own without recordings(): the migrator reads them off the audit log.
      const store = (await m.adapter()).history as { recordings?: unknown };
      store.recordings = undefined;
      try {
        assert.deepEqual((await m.recordings()).map((r) => `${r.id} ${r.operation}`).sort(), got);
      } finally {
        delete store.recordings;
      }
    });

    it("records ids with quotes and backslashes exactly; times are ISO-8601 UTC", { skip }, async () => {
      // PostgreSQL writes the state row as literals sent with the COMMIT: quoting must be exact.
      const ids = ["0001_it's", '0002_back\\slash', "0003_both\\'"];
      const { m } = await fresh(Object.fromEntries(ids.map((id, i) => [`${id}.sql`, `create table q${i} (id int);\n`])));
      const before = new Date(Date.now() - 1000).toISOString();
      assert.equal((await m.up()).error, null);
      const st = await m.status();
      assert.deepEqual(st.entries.map((e) => [e.id, e.state]), ids.map((id) => [id, 'applied']));
      for (const e of st.entries) {
        assert.match(e.record!.appliedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        assert.ok(e.record!.appliedAt >= before, `${e.record!.appliedAt} >= ${before}`);
        assert.ok(e.record!.durationMs >= 0);
        assert.equal(e.record!.statementsTotal, 1);
      }
      const log = await m.history();
      assert.deepEqual(log.map((e) => [e.id, e.operation]), ids.map((id) => [id, 'apply']));
      for (const e of log) assert.match(e.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.deepEqual((await m.up()).results, []);
    });

    it('state tables half-created by a killed process are completed on the next run', { skip }, async () => {
      const { m, a, url } = await fresh({ '0001_a.sql': M1 });
      assert.equal((await m.up()).error, null);
      await a.query(`drop table ${a.history.tables.log}`); // as if killed between the two creates
      const r = await other(url, { '0001_a.sql': M1, '0002_b.sql': M2 }).up();
      assert.equal(r.error, null);
      assert.deepEqual((await m.history()).map((e) => `${e.id} ${e.operation}`), ['0002_b apply']);
    });

    it('a failing statement reports file:line:col and leaves the state true', { skip }, async () => {
      const bad = 'create table t3 (id integer primary key);\ninsert into t3 (id) values (1);\n\ninsert into no_such_table (id) values (1);\n';
      const { m, a } = await fresh({ '0001_a.sql': M1, '0002_bad.sql': bad });
      const r = await m.up();
      assert.ok(r.error);
      assert.equal(r.error.code, 'E_SQL');
      assert.match(r.error.message, /0002_bad\.sql:4:\d+: /);
      assert.deepEqual(r.results.map((x) => x.status), ['applied', 'failed']);
      const st = await m.status();
      if (a.capabilities.transactionalDdl) {
        assert.equal(st.entries[1]!.state, 'pending');
        assert.equal(await tableExists(a, 't3'), false, 'the failed migration was rolled back');
      } else {
        // The DDL committed by itself; the insert after it shared a transaction with the failing
        // one (consecutive DML runs in one transaction, as dbmate runs a MySQL migration) and rolled back with it.
        assert.equal(st.entries[1]!.state, 'partial');
        assert.equal(st.entries[1]!.record!.statementsDone, 1);
        assert.equal(await tableExists(a, 't3'), true);
      }
      const log = await m.history();
      assert.deepEqual(log.map((e) => e.operation), ['apply', 'fail']);
      assert.match(log[1]!.error ?? '', /no_such_table/);
    });

    it('an error without a database position still names the statement and its line', { skip }, async () => {
      const { m } = await fresh({ '0001_dup.sql': 'create table d1 (id integer);\n\ncreate table d1 (id integer);\ncreate table d2 (id integer);\n' });
      const r = await m.up();
      assert.equal(r.error?.code, 'E_SQL');
      assert.match(r.error!.message, /0001_dup\.sql:3:1: .*\(statement 2: create table d1/);
    });

    it('transaction: false runs statement by statement; a failure is partial and resume finishes it', { skip }, async () => {
      const files: Record<string, string> = {
        '0001_nt.sql': '-- transaction: false\ncreate table t4 (id integer primary key);\ninsert into t4 (id) values (1);\ninsert into t5 (id) values (2);\ninsert into t4 (id) values (3);\n',
      };
      const { m, a } = await fresh(files);
      const r = await m.up();
      assert.equal(r.error?.code, 'E_SQL');
      const e = (await m.status()).entries[0]!;
      assert.equal(e.state, 'partial');
      assert.equal(e.record!.statementsDone, 2);
      assert.equal(e.record!.statementsTotal, 4);
      assert.match(e.record!.error ?? '', /t5/);
      const blocked = await m.up();
      assert.equal(blocked.error?.code, 'E_PARTIAL');
      await a.query('create table t5 (id integer primary key)');
      const res = await m.resume();
      assert.equal(res.error, null);
      assert.deepEqual(res.results.map((x) => x.status), ['resumed']);
      assert.equal((await m.status()).entries[0]!.state, 'applied');
      assert.deepEqual((await rows(a, 'select id from t4 order by id')).map((x) => Number(x['id'])), [1, 3]);
      assert.deepEqual((await m.history()).map((x) => x.operation), ['fail', 'resume']);
    });

    it('rolls back in reverse order, refuses migrations without rollback', { skip }, async () => {
      const { m, a } = await fresh({ '0001_a.sql': M1, '0001_a.rollback.sql': M1_DOWN, '0002_b.up.sql': M2, '0002_b.down.sql': M2_DOWN, '0003_c.sql': 'create table t6 (id integer);' });
      assert.equal((await m.up()).error, null);
      const refused = await m.down();
      assert.equal(refused.error?.code, 'E_NO_ROLLBACK');
      assert.equal(await tableExists(a, 't6'), true);
      assert.equal((await m.unmark(['0003_c'])).error, null);
      const r = await m.down({ all: true });
      assert.equal(r.error, null);
      assert.deepEqual(r.results.map((x) => x.id), ['0002_b', '0001_a']);
      assert.equal(await tableExists(a, 't1'), false);
      assert.deepEqual((await m.status()).entries.map((e) => e.state), ['pending', 'pending', 'pending']);
    });

    it('an edited applied migration blocks up until allowChanged or repair', { skip }, async () => {
      const files: Record<string, string> = { '0001_a.sql': M1 };
      const { m, url } = await fresh(files);
      assert.equal((await m.up()).error, null);
      const crlf = other(url, { '0001_a.sql': M1.replace(/\n/g, '   \r\n') + '\n\n', '0002_b.sql': M2 });
      assert.equal((await crlf.up()).error, null, 'CRLF and trailing whitespace do not count as a change');
      const edited = other(url, { '0001_a.sql': M1.replace("'a'", "'b'"), '0002_b.sql': M2 });
      assert.deepEqual((await edited.status()).entries.map((e) => e.state), ['changed', 'applied']);
      assert.equal((await edited.up()).error?.code, 'E_CHECKSUM_CHANGED');
      assert.equal((await edited.up({ allowChanged: true })).error, null);
      assert.deepEqual((await edited.repair()).results.map((x) => [x.id, x.status]), [['0001_a', 'repaired']]);
      assert.deepEqual((await edited.status()).entries.map((e) => e.state), ['applied', 'applied']);
    });

    it('mark, unmark and baseline record without running', { skip }, async () => {
      const { m, a } = await fresh({ '0001_a.sql': M1, '0002_b.sql': M2, '0003_c.sql': 'create table t7 (id integer);' });
      assert.deepEqual((await m.baseline('0002_b')).results.map((x) => x.id), ['0001_a', '0002_b']);
      assert.equal(await tableExists(a, 't1'), false);
      assert.deepEqual((await m.up()).results.map((x) => x.id), ['0003_c']);
      assert.deepEqual((await m.unmark(['0002_b'])).results.map((x) => x.id), ['0002_b']);
      assert.deepEqual((await m.mark(['0002_b'])).results.map((x) => x.id), ['0002_b']);
      const ops = (await m.history()).map((e) => `${e.id}:${e.operation}`);
      assert.deepEqual(ops, ['0001_a:mark', '0002_b:mark', '0003_c:apply', '0002_b:unmark', '0002_b:mark']);
      assert.equal((await m.mark(['nope'])).error?.code, 'E_NOT_FOUND');
    });

    it('--single-transaction applies all or nothing', { skip }, async (t) => {
      const { m, a } = await fresh({ '0001_a.sql': M1, '0002_bad.sql': 'insert into nowhere values (1);' });
      if (!a.capabilities.transactionalDdl) {
        assert.equal((await m.up({ singleTransaction: true })).error?.code, 'E_USAGE');
        return t.diagnostic('no transactional DDL: refused as expected');
      }
      const r = await m.up({ singleTransaction: true });
      assert.equal(r.error?.code, 'E_SQL');
      assert.deepEqual(r.results.map((x) => x.status), ['not-run', 'failed']);
      assert.equal(await tableExists(a, 't1'), false);
      assert.deepEqual((await m.status()).entries.map((e) => e.state), ['pending', 'pending']);
      assert.deepEqual((await m.history()).map((e) => e.operation), ['fail']);
    });

    it('dry run prints the SQL in order and changes nothing', { skip }, async () => {
      const { m, a } = await fresh({ '0001_a.sql': M1, '0002_b.sql': '-- transaction: false\n' + M2 });
      const r = await m.up({ dryRun: true });
      assert.equal(r.error, null);
      const sql = r.sql ?? '';
      assert.ok(sql.indexOf('create table t1') < sql.indexOf('create table t2'));
      if (a.capabilities.transactionalDdl) assert.match(sql, /BEGIN;[\s\S]*COMMIT;/);
      assert.match(sql, /statement-journaled/);
      assert.equal(await tableExists(a, 't1'), false);
      assert.equal(await a.history.exists(), false, 'a dry run creates no state tables');
    });

    it('the lock is exclusive; a waiter times out naming the holder; unlock frees it', { skip }, async () => {
      const { m, url } = await fresh({ '0001_a.sql': M1 });
      const a = await m.adapter();
      await a.locker.acquire({ timeoutMs: 1000 });
      try {
        const m2 = other(url, { '0001_a.sql': M1 }, { lockTimeoutMs: 500 });
        const r = await m2.up();
        assert.equal(r.error?.code, 'E_LOCK_TIMEOUT');
        assert.match(r.error!.message, /held by/);
        if (options.lockHolderPid !== false) assert.match(r.error!.message, new RegExp(`pid ${process.pid}`));
      } finally {
        await a.locker.release();
      }
      const m3 = other(url, { '0001_a.sql': M1 });
      assert.equal((await m3.up()).error, null);
    });

    it('redo rolls back and re-applies the last migrations', { skip }, async () => {
      const { m } = await fresh({ '0001_a.sql': M1, '0001_a.rollback.sql': M1_DOWN, '0002_b.sql': M2, '0002_b.rollback.sql': M2_DOWN });
      await m.up();
      const r = await m.redo({ count: 2 });
      assert.equal(r.error, null);
      const ops = (await m.history()).slice(2).map((e) => `${e.id} ${e.operation}`);
      assert.deepEqual(ops, ['0002_b rollback', '0001_a rollback', '0001_a apply', '0002_b apply']);
      assert.deepEqual((await m.history({ limit: 2 })).map((e) => `${e.id} ${e.operation}`), ['0001_a apply', '0002_b apply'], 'limit: the newest rows, oldest first');
    });

    it('out-of-order migrations apply with a warning; strict refuses them', { skip }, async () => {
      const { m, url } = await fresh({ '0001_a.sql': M1, '0003_c.sql': M2 });
      await m.up();
      const late = { '0001_a.sql': M1, '0002_b.sql': 'create table t8 (id integer);', '0003_c.sql': M2 };
      const strict = await other(url, late).up({ strict: true });
      assert.equal(strict.error?.code, 'E_OUT_OF_ORDER');
      const r = await other(url, late).up();
      assert.equal(r.error, null);
      assert.equal(r.warnings.length, 1);
      assert.deepEqual(r.results.map((x) => x.id), ['0002_b']);
    });

    it('a syntax error in a later migration stops the run before anything executes', { skip }, async () => {
      const { m, a } = await fresh({ '0001_a.sql': M1, '0002_b.sql': "select 'unterminated;\n" });
      const r = await m.up();
      assert.equal(r.error?.code, 'E_PARSE');
      assert.match(r.error!.message, /0002_b\.sql:1:\d+/);
      assert.equal(await tableExists(a, 't1'), false);
      assert.ok(isShaleError(r.error));
    });

    failureCases(ctx);
    transactionCases(ctx);
  });
}
