// The migration lock at the library level, two (or twenty) migrators on one database: it is exclusive,
// a timeout names the holder's pid, unlock removes another's lock, concurrent runs apply each migration once.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isShaleError } from '../../../src/errors.js';
import { memorySource } from '../../../src/sources/memory.js';
import { DIALECTS, rows, skipFor, tableExists, withTarget, type Dialect } from './targets.js';

const files = { '0001.t.sql': 'create table t (id int);', '0002.fill.sql': 'insert into t values (1);' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const CONCURRENT: Record<Dialect, number> = { postgres: 20, sqlite: 20 };

for (const dialect of DIALECTS) {
  describe(`locks (${dialect})`, { skip: await skipFor(dialect), concurrency: true }, () => {
    test('G1 the lock is exclusive: a second migrator waits until the first releases', () =>
      withTarget(dialect, async (t) => {
        const holder = await t.migrator({ sources: [memorySource(files)] }).adapter();
        await holder.locker.acquire({ timeoutMs: 1000 });
        const m = t.migrator({ sources: [memorySource(files)], lockTimeoutMs: 10_000 });
        const waits: unknown[] = [];
        let waiting: () => void;
        const waited = new Promise<void>((r) => (waiting = r));
        m.on('lock:wait', (e) => {
          waits.push(e.holder);
          waiting();
        });
        const started = Date.now();
        const run = m.up();
        // Once it found the lock taken (its connecting may take longer than any sleep on a loaded machine).
        await Promise.race([waited, run.then((r) => assert.fail(`up ended without waiting for the lock: ${String(r.error)}`))]);
        await sleep(500);
        assert.equal(await tableExists(t, 't'), false, 'nothing ran while the lock was held');
        await holder.locker.release();
        const r = await run;
        assert.equal(r.error, null, r.error?.message);
        assert.ok(Date.now() - started >= 450);
        assert.equal(waits.length, 1);
        assert.equal((waits[0] as { pid?: number }).pid, process.pid);
        assert.deepEqual(await rows(t, 'select count(*) as n from t'), [{ n: 1 }]);
      }));

    test('G2 waiting longer than the timeout is E_LOCK_TIMEOUT naming the holder pid', () =>
      withTarget(dialect, async (t) => {
        const holder = await t.migrator({ sources: [memorySource(files)] }).adapter();
        await holder.locker.acquire({ timeoutMs: 1000 });
        const m = t.migrator({ sources: [memorySource(files)], lockTimeoutMs: 300 });
        const r = await m.up();
        assert.ok(isShaleError(r.error, 'E_LOCK_TIMEOUT'), String(r.error));
        assert.equal((r.error.details['holder'] as { pid?: number }).pid, process.pid);
        assert.ok(r.error.message.includes(`pid ${process.pid}`), r.error.message);
        assert.ok(r.error.message.includes('shale unlock'), r.error.message);
        assert.deepEqual(r.results, []);
        assert.equal(await tableExists(t, 't'), false);
        await holder.locker.release();
      }));

    test('G5 unlock() removes a lock held by another migrator', () =>
      withTarget(dialect, async (t) => {
        const holder = await t.migrator({ sources: [memorySource(files)] }).adapter();
        await holder.locker.acquire({ timeoutMs: 1000 });
        const m = t.migrator({ sources: [memorySource(files)], lockTimeoutMs: 3000 });
        assert.equal(await m.unlock(), true);
        const r = await m.up();
        assert.equal(r.error, null, r.error?.message);
        assert.equal(await m.unlock(), false, 'up released its own lock');
      }));

    test(`G4 ${CONCURRENT[dialect]} concurrent up() calls apply each migration exactly once`, () =>
      withTarget(dialect, async (t) => {
        const ms = Array.from({ length: CONCURRENT[dialect] }, () => t.migrator({ sources: [memorySource(files)], lockTimeoutMs: 30_000 }));
        const results = await Promise.all(ms.map((m) => m.up()));
        for (const r of results) assert.equal(r.error, null, r.error?.message);
        assert.equal(results.flatMap((r) => r.results).filter((x) => x.status === 'applied').length, 2);
        assert.deepEqual(await rows(t, 'select count(*) as n from t'), [{ n: 1 }]);
        assert.deepEqual(await rows(t, "select count(*) as n from shale_log where operation = 'apply'"), [{ n: 2 }]);
      }));
  });
}
