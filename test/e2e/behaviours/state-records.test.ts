// What is recorded, not covered elsewhere: modules loaded twice, renamed applied files, mark/unmark
// of what is already (un)applied or unknown, commands that create nothing on an empty database,
// applied / pending / missing counts, package sources; through createMigrator on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { loadMigrations } from '../../../src/core/load.js';
import { isShaleError } from '../../../src/errors.js';
import { memorySource } from '../../../src/sources/memory.js';
import { resolveSources } from '../../../src/sources/resolve.js';
import { DIALECTS, logSequence, rows, skipFor, tableExists, withTarget } from './targets.js';

const root = mkdtempSync(join(tmpdir(), 'shale-state-'));
after(() => rmSync(root, { recursive: true, force: true }));

const pairs = (ids: string[]) => Object.fromEntries(ids.flatMap((id) => [[`${id}.sql`, `create table t${id} (id int);`], [`${id}.rollback.sql`, `drop table t${id};`]]));

for (const dialect of DIALECTS) {
  describe(`state and records (${dialect})`, { skip: await skipFor(dialect), concurrency: true }, () => {
    test('A9 loading the migrations twice does not duplicate the steps of a module', () =>
      withTarget(dialect, async (t) => {
        const dir = join(root, `a9-${dialect}`);
        mkdirSync(dir);
        writeFileSync(join(dir, '0001.trace.sql'), 'create table trace (what text);');
        // `steps` as plain objects, the shape step() builds (what a module from another copy of shale exports).
        writeFileSync(
          join(dir, '0002.steps.mjs'),
          "export const steps = [{ kind: 'step', apply: \"insert into trace values ('one')\", rollback: null }, { kind: 'step', apply: \"insert into trace values ('two')\", rollback: null }];\n",
        );
        const m = t.migrator({ sources: [dir] });
        await m.load();
        await m.load();
        await loadMigrations(await resolveSources([dir]));
        const r = await m.up();
        assert.equal(r.error, null, r.error?.message);
        assert.deepEqual((await rows<{ what: string }>(t, 'select what from trace')).map((x) => x.what).sort(), ['one', 'two']);
      }));

    test('A11 renaming an applied file: the old id is missing, the new one pending; up refuses (E_MISSING_FILE)', () =>
      withTarget(dialect, async (t) => {
        const files: Record<string, string> = { '0001_a.sql': 'create table a (id int);' };
        const m = t.migrator({ sources: [memorySource(files)] });
        assert.equal((await m.up()).error, null);
        delete files['0001_a.sql'];
        files['0001_renamed.sql'] = 'create table a (id int);';
        const s = await m.status();
        assert.deepEqual(s.entries.map((e) => [e.id, e.state]), [['0001_renamed', 'pending'], ['0001_a', 'missing']]);
        const r = await m.up();
        assert.ok(isShaleError(r.error, 'E_MISSING_FILE'), String(r.error));
        assert.deepEqual(r.error.details['ids'], ['0001_a']);
        // Forgetting the old id (unmark) lets the renamed file run.
        assert.deepEqual((await m.unmark(['0001_a'])).results.map((x) => [x.id, x.status]), [['0001_a', 'unmarked']]);
        assert.ok(isShaleError((await m.up()).error, 'E_SQL'), 'the renamed file is new to shale: it runs again');
      }));

    test('E2 mark skips applied migrations; unmark skips pending ones (no result, no log row)', () =>
      withTarget(dialect, async (t) => {
        const m = t.migrator({ sources: [memorySource(pairs(['1', '2']))] });
        await m.up({ to: '1' });
        const mark = await m.mark(['1', '2']);
        assert.equal(mark.error, null);
        assert.deepEqual(mark.results.map((x) => [x.id, x.status]), [['2', 'marked']]);
        await m.unmark(['2']);
        const unmark = await m.unmark(['2']);
        assert.equal(unmark.error, null);
        assert.deepEqual(unmark.results, []);
        assert.deepEqual(await logSequence(m), ['1 apply', '2 mark', '2 unmark']);
      }));

    test('E2 mark / unmark of an unknown id is E_NOT_FOUND and records nothing', () =>
      withTarget(dialect, async (t) => {
        const m = t.migrator({ sources: [memorySource(pairs(['1']))] });
        for (const r of [await m.mark(['1', 'nope']), await m.unmark(['nope']), await m.baseline('nope'), await m.up({ to: 'nope' }), await m.down({ to: 'nope' })]) {
          assert.ok(isShaleError(r.error, 'E_NOT_FOUND'), String(r.error));
          assert.equal(r.error.details['id'], 'nope');
          assert.deepEqual(r.results, []);
        }
        assert.deepEqual(await logSequence(m), []);
        assert.equal((await m.status()).counts.pending, 1);
      }));

    test('T6 status, history and dry runs on an empty database create nothing', () =>
      withTarget(dialect, async (t) => {
        const m = t.migrator({ sources: [memorySource(pairs(['1']))] });
        assert.deepEqual((await m.status()).counts, { applied: 0, pending: 1, changed: 0, missing: 0, partial: 0 });
        assert.deepEqual(await m.history(), []);
        const dry = await m.up({ dryRun: true });
        assert.equal(dry.error, null);
        assert.match(dry.sql!, /create table t1/);
        assert.equal((await m.down({ dryRun: true })).error, null);
        assert.equal(await tableExists(t, 'shale_migrations'), false);
        assert.equal(await tableExists(t, 'shale_log'), false);
        assert.equal(await tableExists(t, 't1'), false);
      }));

    test('F12 nothing applied: all pending; one of two applied: one pending; all applied: none', () =>
      withTarget(dialect, async (t) => {
        const m = t.migrator({ sources: [memorySource(pairs(['1', '2']))] });
        const counts = async () => {
          const c = (await m.status()).counts;
          return [c.applied, c.pending];
        };
        assert.deepEqual(await counts(), [0, 2]);
        await m.up({ to: '1' });
        assert.deepEqual(await counts(), [1, 1]);
        await m.up();
        assert.deepEqual(await counts(), [2, 0]);
        assert.deepEqual((await m.up()).results, [], 'nothing to do');
      }));

    test('F15 an applied migration without its file is missing; down of it is E_MISSING_FILE', () =>
      withTarget(dialect, async (t) => {
        const files: Record<string, string> = pairs(['1', '2']);
        const m = t.migrator({ sources: [memorySource(files)] });
        await m.up();
        delete files['2.sql'];
        delete files['2.rollback.sql'];
        const s = await m.status();
        assert.deepEqual(s.entries.map((e) => [e.id, e.state]), [['1', 'applied'], ['2', 'missing']]);
        assert.equal(s.entries[1]!.migration, null);
        const down = await m.down();
        assert.ok(isShaleError(down.error, 'E_MISSING_FILE'), String(down.error));
        assert.equal(await tableExists(t, 't2'), true, 'nothing rolled back');
      }));
  });
}

describe('A5 package sources (package:<name>:<path>)', () => {
  test('reads <path> inside node_modules/<name>, found from the current directory upwards', async () => {
    const project = join(root, 'a5');
    const pkg = join(project, 'node_modules', '@acme', 'billing');
    mkdirSync(join(pkg, 'db', 'migrations'), { recursive: true });
    writeFileSync(join(pkg, 'package.json'), '{"name":"@acme/billing"}');
    writeFileSync(join(pkg, 'db', 'migrations', '0001.x.sql'), 'select 1;');
    mkdirSync(join(project, 'sub'));
    const cwd = process.cwd();
    process.chdir(join(project, 'sub'));
    try {
      const set = await loadMigrations(await resolveSources(['package:@acme/billing:db/migrations']));
      assert.deepEqual(set.migrations.map((m) => m.id), ['0001.x']);
      await assert.rejects(resolveSources(['package:not-installed:migrations']), (e: unknown) => isShaleError(e, 'E_SOURCE') && /not-installed/.test(e.message));
      await assert.rejects(resolveSources(['package:bad name:x']), (e: unknown) => isShaleError(e, 'E_SOURCE'));
    } finally {
      process.chdir(cwd);
    }
  });
});
