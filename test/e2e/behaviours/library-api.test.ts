// The library contract: one migrator used concurrently (a call waits for the running one instead of
// sharing its lock), withLock nesting, event order, per-migration results after a failure, and bad arguments.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isShaleError } from '../../../src/errors.js';
import { memorySource } from '../../../src/sources/memory.js';
import { DIALECTS, logSequence, rows, skipFor, tableExists, withTarget } from './targets.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** n journaled migrations (several round trips each), with rollbacks. */
function chain(n: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 1; i <= n; i++) {
    files[`${i}.sql`] = `-- transaction: false\ncreate table c${i} (id int);\ninsert into c${i} values (1);\n`;
    files[`${i}.rollback.sql`] = `drop table c${i};`;
  }
  return files;
}

for (const dialect of DIALECTS) {
  describe(`library API (${dialect})`, { skip: await skipFor(dialect), concurrency: true }, () => {
    test('G1 on one migrator: a call made while up() runs waits for it instead of sharing its lock', () =>
      withTarget(dialect, async (t) => {
        const m = t.migrator({ sources: [memorySource(chain(20))] });
        let started = false;
        m.on('migration:start', () => (started = true));
        const up = m.up();
        // Started from outside up(): not nested in it, so it must wait for its turn.
        while (!started) await sleep(1);
        const down = m.down({ all: true });
        const [u, d] = await Promise.all([up, down]);
        assert.equal(u.error, null, u.error?.message);
        assert.equal(d.error, null, d.error?.message);
        assert.equal(u.results.filter((x) => x.status === 'applied').length, 20);
        assert.equal(d.results.filter((x) => x.status === 'rolled-back').length, 20, 'down ran after up, so it saw all 20 applied');
        const log = await logSequence(m);
        assert.deepEqual(log.slice(0, 20), Array.from({ length: 20 }, (_, i) => `${i + 1} apply`));
        assert.deepEqual(log.slice(20), Array.from({ length: 20 }, (_, i) => `${20 - i} rollback`));
      }));

    test('G4 on one migrator: concurrent up() calls apply each migration once', () =>
      withTarget(dialect, async (t) => {
        const m = t.migrator({ sources: [memorySource(chain(5))] });
        const rs = await Promise.all([m.up(), m.up(), sleep(5).then(() => m.up())]);
        for (const r of rs) assert.equal(r.error, null, r.error?.message);
        assert.equal(rs.flatMap((r) => r.results).filter((x) => x.status === 'applied').length, 5);
        assert.deepEqual(await rows(t, "select count(*) as n from shale_log where operation = 'apply'"), [{ n: 5 }]);
      }));

    test('G3 withLock nests: operations inside share the lock; another migrator cannot take it meanwhile', () =>
      withTarget(dialect, async (t) => {
        const m = t.migrator({ sources: [memorySource(chain(2))] });
        const other = t.migrator({ sources: [memorySource(chain(2))], lockTimeoutMs: 300 });
        const acquired: number[] = [];
        m.on('lock:acquired', (e) => acquired.push(e.waitedMs));
        const inner = await m.withLock(() =>
          m.withLock(async () => {
            const up = await m.up();
            const blocked = await other.up();
            assert.ok(isShaleError(blocked.error, 'E_LOCK_TIMEOUT'), String(blocked.error));
            const down = await m.down();
            return [up, down];
          }),
        );
        assert.deepEqual(inner.map((r) => r.error), [null, null]);
        assert.deepEqual(inner.map((r) => r.results.map((x) => `${x.id} ${x.status}`)), [['1 applied', '2 applied'], ['2 rolled-back']]);
        assert.equal(acquired.length, 1, 'the lock was taken once');
        const after = await other.up();
        assert.equal(after.error, null, 'released when the outer withLock returned');
        assert.deepEqual(after.results.map((x) => x.id), ['2']);
      }));

    test('withLock releases the lock when its function throws', () =>
      withTarget(dialect, async (t) => {
        const m = t.migrator({ sources: [memorySource(chain(1))] });
        await assert.rejects(m.withLock(async () => Promise.reject(new Error('boom'))), /boom/);
        const r = await t.migrator({ sources: [memorySource(chain(1))], lockTimeoutMs: 500 }).up();
        assert.equal(r.error, null, r.error?.message);
      }));

    test('events: migration:start before migration:done for each migration, in run order; fail ends the run', () =>
      withTarget(dialect, async (t) => {
        const files: Record<string, string> = { '1.sql': 'create table a (id int);', '2.sql': 'create table b (id int);', '3.sql': 'insert into nope values (1);', '4.sql': 'create table d (id int);' };
        const m = t.migrator({ sources: [memorySource(files)] });
        const events: string[] = [];
        m.on('migration:start', (e) => events.push(`start ${e.id} ${e.direction}`));
        m.on('migration:done', (e) => events.push(`done ${e.id} ${e.direction}`));
        m.on('migration:fail', (e) => events.push(`fail ${e.id} ${e.error.code}`));
        const r = await m.up();
        assert.equal(r.error?.code, 'E_SQL');
        assert.deepEqual(events, ['start 1 up', 'done 1 up', 'start 2 up', 'done 2 up', 'start 3 up', 'fail 3 E_SQL']);
        // Results after a failure: applied, failed (with its error), then not-run.
        assert.deepEqual(r.results.map((x) => [x.id, x.direction, x.status]), [['1', 'up', 'applied'], ['2', 'up', 'applied'], ['3', 'up', 'failed'], ['4', 'up', 'not-run']]);
        assert.match(r.results[2]!.error!, /nope/);
        assert.equal(r.results[3]!.error, undefined);
        assert.equal(await tableExists(t, 'd'), false);
      }));

    test('results after a failed rollback: rolled-back, failed, not-run', () =>
      withTarget(dialect, async (t) => {
        const files = { ...chain(3), '2.rollback.sql': 'drop table no_such_table;' };
        const m = t.migrator({ sources: [memorySource(files)] });
        assert.equal((await m.up()).error, null);
        const r = await m.down({ all: true });
        assert.equal(r.error?.code, 'E_SQL');
        assert.deepEqual(r.results.map((x) => [x.id, x.direction, x.status]), [['3', 'down', 'rolled-back'], ['2', 'down', 'failed'], ['1', 'down', 'not-run']]);
        assert.deepEqual((await m.status()).entries.map((e) => e.state), ['applied', 'applied', 'pending']);
      }));

    test('a file that fails to parse stops the run before anything runs; it is failed, the others not-run', () =>
      withTarget(dialect, async (t) => {
        const files = { '1.sql': 'create table a (id int);', '2.sql': 'create table b (id int);', '3.sql': "create table c (id int);\nselect 'unterminated;\n", '4.sql': 'create table d (id int);' };
        const m = t.migrator({ sources: [memorySource(files)] });
        const r = await m.up();
        assert.ok(isShaleError(r.error, 'E_PARSE'), String(r.error));
        assert.deepEqual(r.results.map((x) => [x.id, x.status]), [['1', 'not-run'], ['2', 'not-run'], ['3', 'failed'], ['4', 'not-run']]);
        assert.equal(await tableExists(t, 'a'), false);
        assert.deepEqual(await logSequence(m), []);
      }));

    test('empty and comment-only migrations run as no-ops and are recorded, with a warning (dbmate P2)', () =>
      withTarget(dialect, async (t) => {
        const cases: Record<string, string> = { 'empty.sql': '', 'blank.sql': '  \n\n\t\n', 'comments.sql': '-- only a description\n-- and more\n', 'block.sql': '/* nothing */\n', 'sectioned.sql': '-- migrate:up\n\n-- migrate:down\n\n' };
        const files: Record<string, string> = {};
        for (const [name, text] of Object.entries(cases)) {
          files[name] = text;
          const m = t.migrator({ sources: [memorySource({ ...files })] });
          const dry = await m.up({ dryRun: true });
          assert.equal(dry.error, null, `${name}: ${String(dry.error)}`);
          const r = await m.up();
          assert.equal(r.error, null, `${name}: ${String(r.error)}`);
          assert.deepEqual(r.results.map((x) => x.status), ['applied'], name);
          assert.ok(r.warnings.some((w) => w.startsWith(`memory:${name}: no SQL statement`)), `${name}: ${r.warnings.join('; ')}`);
          const st = await m.status();
          assert.equal(st.counts.applied, Object.keys(files).length, name);
          assert.equal(st.entries.find((e) => e.id === name.replace('.sql', ''))!.record!.statementsTotal, 0, name);
        }
        assert.deepEqual(await rows(t, 'select count(*) as n from shale_log'), [{ n: 5 }]);
      }));

    test('a merge point (depends on two or more migrations, no SQL) is applied and recorded', () =>
      withTarget(dialect, async (t) => {
        const files = { 'a.sql': 'create table a (id int);', 'b.sql': 'create table b (id int);', 'c.sql': '-- merge of a and b\n-- depends: a b\n', 'd.sql': '-- depends: c\n-- nothing yet\n' };
        const m = t.migrator({ sources: [memorySource(files)] });
        const r = await m.up();
        assert.equal(r.error, null);
        assert.deepEqual(r.results.map((x) => [x.id, x.status]), [['a', 'applied'], ['b', 'applied'], ['c', 'applied'], ['d', 'applied']]);
        // Only d is warned about: c joins two branches, which is what a merge point is for.
        assert.deepEqual(r.warnings.filter((w) => w.includes('no SQL statement')).map((w) => w.split(':')[1]), ['d.sql']);
        assert.deepEqual((await m.status()).entries.map((e) => e.state), ['applied', 'applied', 'applied', 'applied']);
      }));

    test('an empty rollback is a no-op on every database (dbmate: an empty down block)', () =>
      withTarget(dialect, async (t) => {
        const m = t.migrator({ sources: [memorySource({ '1.sql': 'create table a (id int);', '1.rollback.sql': '', '2.sql': '-- migrate:up\ncreate table b (id int);\n-- migrate:down\n' })] });
        assert.equal((await m.up()).error, null);
        const r = await m.down({ all: true });
        assert.equal(r.error, null, r.error?.message);
        assert.deepEqual(r.results.map((x) => x.status), ['rolled-back', 'rolled-back']);
        assert.equal(await tableExists(t, 'a'), true);
      }));

    test('a byte-order mark and CRLF line endings: plain, rollback and sectioned files run', () =>
      withTarget(dialect, async (t) => {
        const files = {
          '1.sql': '\uFEFF-- the a table\r\ncreate table a (id int);\r\ninsert into a values (1);\r\n',
          '1.rollback.sql': '\uFEFFdrop table a;\r\n',
          '2.sql': '\uFEFF-- migrate:up\r\ncreate table b (id int);\r\n-- migrate:down\r\ndrop table b;\r\n',
        };
        const m = t.migrator({ sources: [memorySource(files)] });
        const r = await m.up();
        assert.equal(r.error, null, r.error?.message);
        assert.equal((await m.status()).entries[0]!.migration!.description, 'the a table');
        assert.equal((await m.down({ all: true })).error, null);
        assert.equal(await tableExists(t, 'a'), false);
        assert.equal(await tableExists(t, 'b'), false);
      }));

    test('redo with nothing applied is E_NOT_FOUND; a count below 1 is E_USAGE', () =>
      withTarget(dialect, async (t) => {
        const m = t.migrator({ sources: [memorySource(chain(2))] });
        assert.ok(isShaleError((await m.redo()).error, 'E_NOT_FOUND'));
        await m.up();
        for (const count of [0, -1, 1.5]) {
          assert.ok(isShaleError((await m.down({ count })).error, 'E_USAGE'), `down ${count}`);
          assert.ok(isShaleError((await m.redo({ count })).error, 'E_USAGE'), `redo ${count}`);
        }
        assert.deepEqual(await logSequence(m), ['1 apply', '2 apply']);
      }));
  });
}
