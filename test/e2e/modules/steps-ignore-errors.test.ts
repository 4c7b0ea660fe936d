// `ignoreErrors` on steps and groups: 'apply', 'rollback' and 'all', in each direction: which
// failures are skipped, and what is undone.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createMigrator, type RunResult } from '../../../src/index.js';
import { skipUnlessPg } from '../../helpers/databases.js';
import { IMPORT_SHALE, cleanupProjects, tempProject, testDb, type Kind, type TestDb } from './harness.js';

after(cleanupProjects);

interface Run {
  up(): Promise<RunResult>;
  down(): Promise<RunResult>;
  applied(): Promise<number>;
}

async function withSteps(kind: Kind, steps: string, fn: (run: Run, db: TestDb) => Promise<void>): Promise<void> {
  const dir = tempProject({ '0001.steps.ts': `${IMPORT_SHALE}export const steps = [\n${steps}\n];\n` });
  const db = await testDb(kind, dir);
  const m = createMigrator({ db: db.url, sources: [dir] });
  try {
    await fn({ up: () => m.up(), down: () => m.down({ count: 1 }), applied: async () => (await m.status()).counts['applied'] ?? 0 }, db);
  } finally {
    await m.close();
    await db.drop();
  }
}

const ids = (rows: Record<string, unknown>[]) => rows.map((r) => Number(r['id']));

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`ignoreErrors on ${kind}`, { skip: kind === 'postgres' ? await skipUnlessPg() : false }, () => {
    test("'apply': a failing apply is skipped, the migration is applied", async () => {
      await withSteps(kind, `step('create table t (id int)', 'drop table t'), step('insert into nope values (1)', 'select 1', { ignoreErrors: 'apply' }), step('insert into t values (3)', 'delete from t')`, async (run, db) => {
        const r = await run.up();
        assert.equal(r.error, null, r.error?.message);
        assert.deepEqual(ids(await db.rows('select id from t')), [3]);
        assert.equal(await run.applied(), 1);
      });
    });

    test("'apply': a failing rollback is NOT ignored; the migration stays applied", async () => {
      await withSteps(kind, `step('create table t (id int)', 'drop table t'), step('insert into t values (1)', 'delete from nope', { ignoreErrors: 'apply' })`, async (run, db) => {
        assert.equal((await run.up()).error, null);
        const down = await run.down();
        assert.equal(down.error?.code, 'E_SQL');
        assert.match(down.error!.message, /nope/);
        assert.equal(await db.tableExists('t'), true);
        assert.equal(await run.applied(), 1);
      });
    });

    test("'rollback': a failing apply fails the migration; nothing is recorded", async () => {
      await withSteps(kind, `step('create table t (id int)', 'drop table t'), step('insert into nope values (1)', null, { ignoreErrors: 'rollback' })`, async (run, db) => {
        assert.equal((await run.up()).error?.code, 'E_SQL');
        assert.equal(await db.tableExists('t'), false);
        assert.equal(await run.applied(), 0);
      });
    });

    test("'all': errors are skipped in both directions, other rollbacks still run in reverse", async () => {
      await withSteps(kind, `step('create table t (id int)', 'drop table t'), step('insert into nope values (1)', 'delete from nope', { ignoreErrors: 'all' }), step('insert into t values (2)', 'delete from t where id = 2')`, async (run, db) => {
        assert.equal((await run.up()).error, null);
        assert.deepEqual(ids(await db.rows('select id from t')), [2]);
        const down = await run.down();
        assert.equal(down.error, null, down.error?.message);
        assert.equal(await db.tableExists('t'), false);
        assert.equal(await run.applied(), 0);
      });
    });

    test("a group with 'rollback': its failing rollback is skipped as a whole, the rest is rolled back", async () => {
      await withSteps(
        kind,
        `step('create table t (id int)', 'drop table t'), group([step('insert into t values (1)', 'delete from t where id = 1'), step('insert into t values (2)', 'delete from nope')], { ignoreErrors: 'rollback' })`,
        async (run, db) => {
          assert.equal((await run.up()).error, null);
          const down = await run.down();
          assert.equal(down.error, null, down.error?.message);
          assert.equal(await db.tableExists('t'), false);
        },
      );
    });

    test("a group with 'apply' whose step fails keeps none of the group's rows", async () => {
      await withSteps(
        kind,
        `step('create table t (id int)', 'drop table t'), group([step('insert into t values (1)', 'delete from t where id = 1'), step('insert into nope values (2)')], { ignoreErrors: 'apply' }), step('insert into t values (3)')`,
        async (run, db) => {
          const r = await run.up();
          assert.equal(r.error, null, r.error?.message);
          assert.deepEqual(ids(await db.rows('select id from t')), [3]);
        },
      );
    });

    test('an unknown ignoreErrors value is E_PARSE naming the file', async () => {
      await withSteps(kind, `{ kind: 'step', apply: 'select 1', rollback: null, ignoreErrors: 'sometimes' }`, async (run) => {
        const r = await run.up();
        assert.equal(r.error?.code, 'E_PARSE');
        assert.match(r.error!.message, /0001\.steps\.ts: .*ignoreErrors must be 'apply', 'rollback' or 'all'/);
      });
    });
  });
}
