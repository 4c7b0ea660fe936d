// yoyo-like `steps` migrations against SQLite and PostgreSQL: a failing step commits nothing of its
// migration, ignoreErrors on steps and groups, nested groups, rollback in reverse step order, and
// compensation by the steps' rollbacks where there is no transaction.
import assert from 'node:assert/strict';
import { after, beforeEach, describe, test } from 'node:test';
import { createMigrator, type RunResult } from '../../../src/index.js';
import { skipUnlessPg } from '../../helpers/databases.js';
import { IMPORT_SHALE, RECORD, calls, cleanupProjects, tempProject, testDb, type Kind, type TestDb } from './harness.js';

after(cleanupProjects);

async function withProject(kind: Kind, files: Record<string, string>, fn: (run: Runner, db: TestDb) => Promise<void>): Promise<void> {
  const dir = tempProject(files);
  const db = await testDb(kind, dir);
  const m = createMigrator({ db: db.url, sources: [dir] });
  try {
    await fn(
      {
        up: () => m.up(),
        down: (count = 1) => m.down({ count }),
        counts: async () => (await m.status()).counts,
      },
      db,
    );
  } finally {
    await m.close();
    await db.drop();
  }
}

interface Runner {
  up(): Promise<RunResult>;
  down(count?: number): Promise<RunResult>;
  counts(): Promise<Record<string, number>>;
}

const ids = (rows: Record<string, unknown>[]) => rows.map((r) => Number(r['id']));
const tsModule = (body: string) => `${IMPORT_SHALE}${RECORD}${body}\n`;

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`steps on ${kind}`, { skip: kind === 'postgres' ? await skipUnlessPg() : false }, () => {
    beforeEach(() => void calls().splice(0));

    test('C1: a failing step commits nothing of its migration; C3: no rollback step runs', async () => {
      const mod = tsModule(`export const steps = [
        step('create table t (id int)', record('rollback 1')),
        step('insert into t values (1)', record('rollback 2')),
        step('insert into no_such_table values (1)', record('rollback 3')),
      ];`);
      await withProject(kind, { '0001.steps.ts': mod }, async (run, db) => {
        const r = await run.up();
        assert.equal(r.error?.code, 'E_SQL');
        assert.match(r.error!.message, /0001\.steps\.ts: step 3 \(insert into no_such_table values \(1\)\)/);
        assert.equal(await db.tableExists('t'), false);
        assert.deepEqual(calls(), []);
        assert.equal((await run.counts())['pending'], 1);
      });
    });

    test('C4: ignoreErrors all skips a failing step and later steps run', async () => {
      const mod = tsModule(`export const steps = [
        step('create table t (id int)'),
        step('insert into no_such_table values (1)', null, { ignoreErrors: 'all' }),
        step('insert into t values (2)'),
      ];`);
      await withProject(kind, { '0001.steps.ts': mod }, async (run, db) => {
        const r = await run.up();
        assert.equal(r.error, null, r.error?.message);
        assert.deepEqual(ids(await db.rows('select id from t order by id')), [2]);
        assert.equal((await run.counts())['applied'], 1);
      });
    });

    test('C5: a group with ignoreErrors all is undone as a whole; the migration continues', async () => {
      const mod = tsModule(`export const steps = [
        step('create table t (id int)'),
        step('insert into t values (1)'),
        group([step('insert into t values (2)'), step('insert into no_such_table values (3)')], { ignoreErrors: 'all' }),
        step('insert into t values (4)'),
      ];`);
      await withProject(kind, { '0001.steps.ts': mod }, async (run, db) => {
        const r = await run.up();
        assert.equal(r.error, null, r.error?.message);
        assert.deepEqual(ids(await db.rows('select id from t order by id')), [1, 4]);
      });
    });

    test('C5: a failing group without ignoreErrors fails the migration', async () => {
      const mod = tsModule(`export const steps = [
        step('create table t (id int)'),
        group([step('insert into t values (2)'), step('insert into no_such_table values (3)')]),
      ];`);
      await withProject(kind, { '0001.steps.ts': mod }, async (run, db) => {
        assert.equal((await run.up()).error?.code, 'E_SQL');
        assert.equal(await db.tableExists('t'), false);
      });
    });

    test('C6: ignoreErrors rollback ignores errors only when rolling back', async () => {
      const failsUp = tsModule(`export const steps = [
        step('create table t (id int)'),
        step('insert into no_such_table values (1)', 'select 1', { ignoreErrors: 'rollback' }),
      ];`);
      await withProject(kind, { '0001.steps.ts': failsUp }, async (run, db) => {
        assert.equal((await run.up()).error?.code, 'E_SQL');
        assert.equal(await db.tableExists('t'), false);
      });
      const failsDown = tsModule(`export const steps = [
        step('create table t (id int)', 'drop table t'),
        step('insert into t values (1)', 'delete from no_such_table', { ignoreErrors: 'rollback' }),
      ];`);
      await withProject(kind, { '0001.steps.ts': failsDown }, async (run, db) => {
        assert.equal((await run.up()).error, null);
        const down = await run.down();
        assert.equal(down.error, null, down.error?.message);
        assert.equal(await db.tableExists('t'), false);
        assert.equal((await run.counts())['pending'], 1);
      });
    });

    test('C7: nested groups: an inner group discarded, outer and sibling work kept (A and C, not B)', async () => {
      const mod = tsModule(`export const steps = [
        step('create table t (id int)'),
        group([
          step('insert into t values (1)'),
          group([step('insert into t values (2)'), step('insert into no_such_table values (0)')], { ignoreErrors: 'all' }),
          step('insert into t values (3)'),
        ]),
      ];`);
      await withProject(kind, { '0001.steps.ts': mod }, async (run, db) => {
        const r = await run.up();
        assert.equal(r.error, null, r.error?.message);
        assert.deepEqual(ids(await db.rows('select id from t order by id')), [1, 3]);
      });
    });

    test('D1: rollback runs the rollback actions in reverse step order', async () => {
      const mod = tsModule(`export const steps = [
        step('create table t (id int)', async (ctx) => { await record('r1')(); await ctx.query('drop table t'); }),
        step('insert into t values (1)', record('r2')),
        group([step('insert into t values (2)', record('r3')), step('insert into t values (3)', record('r4'))]),
      ];`);
      await withProject(kind, { '0001.steps.ts': mod }, async (run, db) => {
        assert.equal((await run.up()).error, null);
        assert.deepEqual(calls(), []);
        const down = await run.down();
        assert.equal(down.error, null, down.error?.message);
        assert.deepEqual(calls(), ['r4', 'r3', 'r2', 'r1']);
        assert.equal(await db.tableExists('t'), false);
      });
    });

    test('D2: a group rollback undoes all grouped steps', async () => {
      const mod = tsModule(`export const steps = [
        group([
          step('insert into t values (1)', 'delete from t where id = 1'),
          step('insert into t values (2)', 'delete from t where id = 2'),
        ]),
      ];`);
      await withProject(kind, { '0001.table.sql': 'create table t (id int);\n', '0002.grouped.ts': mod }, async (run, db) => {
        assert.equal((await run.up()).error, null);
        assert.deepEqual(ids(await db.rows('select id from t order by id')), [1, 2]);
        const down = await run.down();
        assert.equal(down.error, null, down.error?.message);
        assert.deepEqual(await db.rows('select id from t'), []);
        assert.deepEqual(await run.counts(), { applied: 1, pending: 1, changed: 0, missing: 0, partial: 0 });
      });
    });

    test('C3 without a transaction: a failing step undoes the executed steps in reverse, then fails', async () => {
      const mod = tsModule(`export const transaction = false;
      export const steps = [
        step('create table t (id int)', async (ctx) => { await record('drop t')(); await ctx.query('drop table t'); }),
        step('insert into t values (1)', async (ctx) => { await record('delete 1')(); await ctx.query('delete from t where id = 1'); }),
        step('insert into t values (2)', null, { ignoreErrors: 'all' }),
        step('insert into no_such_table values (3)', record('never')),
      ];`);
      await withProject(kind, { '0001.steps.ts': mod }, async (run, db) => {
        const r = await run.up();
        assert.equal(r.error?.code, 'E_SQL');
        assert.deepEqual(calls(), ['delete 1', 'drop t']);
        assert.equal(await db.tableExists('t'), false);
      });
    });

    test('steps built without importing shale (plain objects) work the same', async () => {
      const mod = `export const steps = [
        { kind: 'step', apply: 'create table t (id int)', rollback: 'drop table t', ignoreErrors: null },
        { kind: 'group', ignoreErrors: 'all', steps: [
          { kind: 'step', apply: 'insert into t values (1)', rollback: null, ignoreErrors: null },
          { kind: 'step', apply: 'insert into no_such_table values (1)', rollback: null, ignoreErrors: null },
        ] },
        { kind: 'step', apply: async (ctx: any) => { await ctx.sql\`insert into t values (\${42})\`; }, rollback: null, ignoreErrors: null },
      ];\n`;
      await withProject(kind, { '0001.plain.ts': mod }, async (run, db) => {
        const r = await run.up();
        assert.equal(r.error, null, r.error?.message);
        assert.deepEqual(ids(await db.rows('select id from t')), [42]);
        assert.equal((await run.down()).error, null);
        assert.equal(await db.tableExists('t'), false);
      });
    });
  });
}
