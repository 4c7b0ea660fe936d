// Rollback in reverse order and redo; mark and unmark with their ancestors and descendants, one audit
// row per operation; post-apply hooks, run after a run that applied something and never recorded.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { memorySource } from '../../../src/sources/memory.js';
import { DIALECTS, logSequence, rows, skipFor, tableExists, withTarget } from './targets.js';

const trace = (what: string) => `insert into trace (n, what) select count(*) + 1, '${what}' from trace;\n`;
const TRACE_TABLE = 'create table trace (n int, what text);';
/** Migrations 1..n with rollback files; `deps` like { '1': '3' }. */
const pairs = (ids: string[], deps: Record<string, string> = {}) =>
  Object.fromEntries(ids.flatMap((id) => [[`${id}.sql`, `${deps[id] ? `-- depends: ${deps[id]}\n` : ''}select 1;`], [`${id}.rollback.sql`, 'select 2;']]));

for (const dialect of DIALECTS) {
  describe(`rollback, redo (${dialect})`, { skip: await skipFor(dialect), concurrency: true }, () => {
    test('D1 a migration rolls back its sections in reverse order', () =>
      withTarget(dialect, async (t) => {
        const m = t.migrator({
          sources: [
            memorySource({
              '0001.trace.sql': TRACE_TABLE,
              '0002.two.sql': `-- migrate:up\n${trace('s1 up')}-- migrate:down\n${trace('s1 down')}-- migrate:up\n${trace('s2 up')}-- migrate:down\n${trace('s2 down')}`,
            }),
          ],
        });
        assert.equal((await m.up()).error, null);
        const r = await m.down();
        assert.equal(r.error, null, r.error?.message);
        assert.deepEqual(r.results.map((x) => [x.id, x.status]), [['0002.two', 'rolled-back']]);
        const got = await rows<{ what: string }>(t, 'select what from trace order by n');
        assert.deepEqual(got.map((x) => x.what), ['s1 up', 's2 up', 's2 down', 's1 down']);
      }));

    test('D3 down --all rolls back the applied migrations in reverse topological order', () =>
      withTarget(dialect, async (t) => {
        const m = t.migrator({ sources: [memorySource(pairs(['1', '2', '3'], { '1': '3' }))] });
        assert.deepEqual((await m.up()).results.map((x) => x.id), ['2', '3', '1']);
        const r = await m.down({ all: true });
        assert.equal(r.error, null);
        assert.deepEqual(await logSequence(m), ['2 apply', '3 apply', '1 apply', '1 rollback', '3 rollback', '2 rollback']);
        assert.equal((await m.status()).counts.pending, 3);
      }));

    test('D4 down only rolls back, up only applies, redo = rollback then apply', () =>
      withTarget(dialect, async (t) => {
        const m = t.migrator({
          sources: [memorySource({ 'm1.sql': 'create table t (id int);', 'm1.rollback.sql': 'drop table t;', 'm2.sql': 'insert into t values (1);', 'm2.rollback.sql': 'delete from t;' })],
        });
        await m.up();
        assert.deepEqual(await logSequence(m), ['m1 apply', 'm2 apply']);
        await m.down();
        assert.deepEqual(await logSequence(m), ['m1 apply', 'm2 apply', 'm2 rollback']);
        assert.deepEqual(await rows(t, 'select count(*) as n from t'), [{ n: 0 }]);
        await m.up();
        const r = await m.redo();
        assert.equal(r.error, null);
        assert.deepEqual(r.results.map((x) => [x.id, x.direction, x.status]), [['m2', 'down', 'rolled-back'], ['m2', 'up', 'applied']]);
        assert.deepEqual((await logSequence(m)).slice(3), ['m2 apply', 'm2 rollback', 'm2 apply']);
        assert.deepEqual(await rows(t, 'select count(*) as n from t'), [{ n: 1 }]);
      }));

    test('D5 redo --count 2: m2 rollback, m1 rollback, m1 apply, m2 apply', () =>
      withTarget(dialect, async (t) => {
        const m = t.migrator({ sources: [memorySource(pairs(['m1', 'm2']))] });
        await m.up();
        const r = await m.redo({ count: 2 });
        assert.equal(r.error, null);
        assert.deepEqual(await logSequence(m), ['m1 apply', 'm2 apply', 'm2 rollback', 'm1 rollback', 'm1 apply', 'm2 apply']);
      }));
  });

  describe(`mark, unmark, audit log (${dialect})`, { skip: await skipFor(dialect), concurrency: true }, () => {
    test('E1 mark records without running', () =>
      withTarget(dialect, async (t) => {
        const m = t.migrator({ sources: [memorySource({ 'm1.sql': 'create table t (id int);' })] });
        const r = await m.mark(['m1']);
        assert.deepEqual(r.results.map((x) => [x.id, x.status]), [['m1', 'marked']]);
        assert.equal(await tableExists(t, 't'), false);
        assert.equal((await m.status()).entries[0]!.state, 'applied');
        assert.deepEqual(await logSequence(m), ['m1 mark']);
      }));

    // m2 -> m1, m3 -> m1, m4 -> m2
    const graph = pairs(['m1', 'm2', 'm3', 'm4'], { m2: 'm1', m3: 'm1', m4: 'm2' });
    test('E3 mark X marks X and its ancestors only', () =>
      withTarget(dialect, async (t) => {
        const m = t.migrator({ sources: [memorySource(graph)] });
        assert.deepEqual((await m.mark(['m4'])).results.map((x) => x.id), ['m1', 'm2', 'm4']);
        assert.deepEqual((await m.status()).entries.map((e) => [e.id, e.state]), [['m1', 'applied'], ['m2', 'applied'], ['m3', 'pending'], ['m4', 'applied']]);
      }));

    test('E2/E4 unmark X unmarks X and its descendants, newest first, leaving ancestors applied', () =>
      withTarget(dialect, async (t) => {
        const m = t.migrator({ sources: [memorySource(graph)] });
        await m.up();
        const r = await m.unmark(['m2']);
        assert.deepEqual(r.results.map((x) => [x.id, x.status]), [['m4', 'unmarked'], ['m2', 'unmarked']]);
        assert.deepEqual((await m.status()).entries.map((e) => [e.id, e.state]), [['m1', 'applied'], ['m2', 'pending'], ['m3', 'applied'], ['m4', 'pending']]);
      }));

    test('E5 one audit row per operation, non-decreasing timestamps, who and where', () =>
      withTarget(dialect, async (t) => {
        const m = t.migrator({ sources: [memorySource(pairs(['m1', 'm2']))] });
        await m.up({ to: 'm1' });
        await m.down();
        await m.mark(['m2']);
        await m.unmark(['m2']);
        const log = await m.history();
        assert.deepEqual(log.map((e) => `${e.id} ${e.operation}`), ['m1 apply', 'm1 rollback', 'm2 mark', 'm2 unmark']);
        for (let i = 1; i < log.length; i++) {
          assert.ok(log[i]!.seq > log[i - 1]!.seq);
          assert.ok(Date.parse(log[i]!.at) >= Date.parse(log[i - 1]!.at), `${log[i - 1]!.at} <= ${log[i]!.at}`);
        }
        for (const e of log) {
          assert.ok(e.user.length > 0 && e.host.length > 0);
          assert.equal(e.pid, process.pid);
        }
      }));
  });

  describe(`post-apply hooks (${dialect})`, { skip: await skipFor(dialect), concurrency: true }, () => {
    test('F1/F2/F3 hooks run after a run that applied something, in name order, never recorded', () =>
      withTarget(dialect, async (t) => {
        const files: Record<string, string> = {
          '0001.trace.sql': TRACE_TABLE,
          'post-apply2.sql': trace('hook 2'),
          'post-apply.sql': trace('hook 1'),
        };
        const m = t.migrator({ sources: [memorySource(files)] });
        const hooksSeen = async () => (await rows<{ what: string }>(t, 'select what from trace order by n')).map((x) => x.what);
        assert.equal((await m.up()).error, null);
        assert.deepEqual(await hooksSeen(), ['hook 1', 'hook 2']);
        await m.up(); // nothing pending: no hooks
        assert.deepEqual(await hooksSeen(), ['hook 1', 'hook 2']);
        files['0002.x.sql'] = 'select 1;';
        await m.up();
        assert.deepEqual(await hooksSeen(), ['hook 1', 'hook 2', 'hook 1', 'hook 2']);
        files['0003.x.sql'] = 'select 1;';
        const r = await m.up({ hooks: false });
        assert.deepEqual(r.results.map((x) => x.id), ['0003.x']);
        assert.deepEqual(await hooksSeen(), ['hook 1', 'hook 2', 'hook 1', 'hook 2']);
        assert.deepEqual((await rows<{ id: string }>(t, 'select id from shale_migrations order by id')).map((x) => x.id), ['0001.trace', '0002.x', '0003.x']);
        assert.deepEqual(await logSequence(m), ['0001.trace apply', '0002.x apply', '0003.x apply']);
      }));
  });
}
