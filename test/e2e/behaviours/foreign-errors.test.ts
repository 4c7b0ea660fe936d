// Which code a failure gets at the run funnel: the database's errors are E_SQL, a
// source that fails is E_SOURCE, a TS/JS migration's throw is that migration's E_SQL, and anything
// else thrown (an event listener, a bug, a foreign library outside a statement) is E_INTERNAL, with
// the original as `cause`. Dry runs go through the same funnel.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { MigrationSource, SourceFile } from '../../../src/sources/source.js';
import { memorySource } from '../../../src/sources/memory.js';
import { rows, withTarget } from './targets.js';

/** A source of one readable file and one whose read throws `thrown`. */
function brokenFileSource(thrown: unknown): MigrationSource {
  const ok: SourceFile = { name: '0001_ok.sql', location: 'app:0001_ok.sql', read: async () => 'create table ok (id int);\n' };
  const bad: SourceFile = { name: '0002_bad.sql', location: 'app:0002_bad.sql', read: () => Promise.reject(thrown) };
  return { location: 'app:', list: async () => [ok, bad] };
}

const TWO = { '1.sql': 'create table one (id int);\n', '2.sql': 'create table two (id int);\n' };

describe('foreign errors at the run funnel (sqlite)', () => {
  test("a custom source's read that throws a plain Error: E_SOURCE naming the file, the error as cause, nothing run", () =>
    withTarget('sqlite', async (t) => {
      const thrown = new Error('bucket unreachable');
      const m = t.migrator({ sources: [brokenFileSource(thrown)] });
      for (const r of [await m.up(), await m.up({ dryRun: true })]) {
        assert.equal(r.error?.code, 'E_SOURCE');
        assert.equal(r.error.details['file'], 'app:0002_bad.sql');
        assert.match(r.error.message, /app:0002_bad\.sql: bucket unreachable/);
        assert.equal(r.error.cause, thrown);
        assert.deepEqual(r.results, []);
      }
      assert.deepEqual((await m.history()), []);
    }));

  test("a custom source's list that throws: E_SOURCE naming the source", () =>
    withTarget('sqlite', async (t) => {
      const m = t.migrator({ sources: [{ location: 'app:', list: () => Promise.reject(new Error('no listing')) }] });
      const r = await m.up();
      assert.equal(r.error?.code, 'E_SOURCE');
      assert.equal(r.error.details['source'], 'app:');
    }));

  test('a source error that is already a ShaleError keeps its code (E_PARSE of a memory source)', () =>
    withTarget('sqlite', async (t) => {
      const r = await t.migrator({ sources: [memorySource({ '1.sql': 'select 1;\u0000' })] }).up();
      assert.equal(r.error?.code, 'E_PARSE');
    }));

  test('a listener that throws outside any statement (lock:acquired): E_INTERNAL, not E_SQL; the lock is released', () =>
    withTarget('sqlite', async (t) => {
      const m = t.migrator({ sources: [memorySource(TWO)] });
      const thrown = new Error('listener bug');
      const off = m.on('lock:acquired', () => {
        throw thrown;
      });
      const r = await m.up();
      assert.equal(r.error?.code, 'E_INTERNAL');
      assert.equal(r.error.cause, thrown);
      assert.equal(r.error.message, 'listener bug');
      assert.deepEqual(r.results, []);
      off();
      const again = await t.migrator({ sources: [memorySource(TWO)], lockTimeoutMs: 500 }).up();
      assert.equal(again.error, null, again.error?.message);
      assert.deepEqual(again.results.map((x) => `${x.id} ${x.status}`), ['1 applied', '2 applied']);
    }));

  test('a TypeError thrown after a migration committed (a migration:done listener): E_INTERNAL; the rest not-run; the state table tells the truth', () =>
    withTarget('sqlite', async (t) => {
      const m = t.migrator({ sources: [memorySource(TWO)] });
      m.on('migration:done', () => {
        throw new TypeError("Cannot read properties of undefined (reading 'id')");
      });
      const r = await m.up();
      assert.equal(r.error?.code, 'E_INTERNAL');
      assert.ok(r.error.cause instanceof TypeError);
      assert.deepEqual(r.results.slice(1).map((x) => `${x.id} ${x.status}`), ['2 not-run']);
      assert.deepEqual(await rows(t, 'select id from shale_migrations'), [{ id: '1' }]);
    }));

  test('a TS/JS migration that throws a TypeError: the migration failed, E_SQL naming its file (not E_INTERNAL)', () =>
    withTarget('sqlite', async (t) => {
      const dir = mkdtempSync(join(tmpdir(), 'shale-foreign-'));
      try {
        writeFileSync(join(dir, '0001_mod.ts'), 'export async function up() {}\n');
        const importModule = async () => ({
          up: async () => {
            throw new TypeError('x is not a function');
          },
        });
        const r = await t.migrator({ sources: [dir], importModule }).up();
        assert.equal(r.error?.code, 'E_SQL');
        assert.match(r.error.message, /0001_mod\.ts: x is not a function/);
        assert.deepEqual(r.results.map((x) => `${x.id} ${x.status}`), ['0001_mod failed']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }));

  test('an importModule loader that throws: E_PARSE naming the file, as a module that fails to import', () =>
    withTarget('sqlite', async (t) => {
      const dir = mkdtempSync(join(tmpdir(), 'shale-foreign-'));
      try {
        writeFileSync(join(dir, '0001_mod.ts'), 'export async function up() {}\n');
        const r = await t.migrator({ sources: [dir], importModule: () => Promise.reject(new Error('loader down')) }).up();
        assert.equal(r.error?.code, 'E_PARSE');
        assert.match(r.error.message, /0001_mod\.ts: cannot import migration module: loader down/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }));
});
