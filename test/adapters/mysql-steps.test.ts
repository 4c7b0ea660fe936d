import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createMigrator, isShaleError } from '../../src/index.js';
import { createMysqlDatabase, skipUnlessMysql, type TempMysqlDatabase } from '../helpers/mysql.js';

// On a database without transactional DDL: when a step fails, the rollbacks of the steps
// already executed run newest first; groups and ignoreErrors are honoured by compensation.
const skip = await skipUnlessMysql();
const shaleIndex = fileURLToPath(new URL('../../src/index.ts', import.meta.url));

/** A TS steps migration; `undo(n, sql)` records its run in `trail`, then undoes. */
function stepsModule(body: string): string {
  return [
    `import { step, group } from ${JSON.stringify(shaleIndex)};`,
    `const undo = (label: string, sql: string) => async (ctx: { sql: (s: TemplateStringsArray, ...v: unknown[]) => Promise<unknown>; query: (q: string) => Promise<unknown> }) => {`,
    '  await ctx.sql`insert into trail (what) values (${label})`;',
    '  await ctx.query(sql);',
    '};',
    `export const steps = [${body}];`,
    '',
  ].join('\n');
}

describe('mysql: TS steps migrations, compensated by their rollbacks', { skip }, () => {
  // Each test gets its own database.
  let db: TempMysqlDatabase;
  let dir: string;
  const dbs: TempMysqlDatabase[] = [];
  before(() => void (dir = mkdtempSync(join(tmpdir(), 'shale-mysql-steps-'))));
  beforeEach(async () => void dbs.push((db = await createMysqlDatabase())));
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    for (const d of dbs) await d.drop();
  });

  const trail = async (): Promise<string[]> => {
    const c = await db.connect();
    const [rows] = await c.query('select what from trail order by seq');
    return (rows as { what: string }[]).map((r) => r.what);
  };
  const tableExists = async (name: string): Promise<boolean> => {
    const c = await db.connect();
    const [rows] = await c.query('select 1 from information_schema.tables where table_schema = database() and table_name = ?', [name]);
    return (rows as unknown[]).length > 0;
  };

  it('a failing step runs the rollbacks of the executed steps in reverse; the record stays partial until repair', async () => {
    const src = mkdtempSync(join(dir, 'fail-'));
    writeFileSync(join(src, '0001.trail.sql'), 'create table trail (seq int auto_increment primary key, what varchar(40));');
    writeFileSync(
      join(src, '0002.steps.ts'),
      stepsModule(
        [
          "step('create table a (id int primary key)', undo('undo 1', 'drop table a'))",
          "step('insert into a values (1)', undo('undo 2', 'delete from a where id = 1'))",
          "step('insert into no_such_table values (3)', undo('undo 3', 'select 1'))",
        ].join(', '),
      ),
    );
    const m = createMigrator({ db: db.url, sources: [src], lockTimeoutMs: 5000 });
    try {
      const r = await m.up();
      assert.ok(r.error && isShaleError(r.error, 'E_SQL'), String(r.error));
      assert.match(r.error.message, /0002\.steps\.ts: step 3 \(insert into no_such_table values \(3\)\): Table '[^']+\.no_such_table' doesn't exist/);
      assert.deepEqual(await trail(), ['undo 2', 'undo 1'], 'rollbacks of steps 2 and 1, newest first; none for the failed step');
      assert.equal(await tableExists('a'), false);
      const e = await m.find('0002.steps');
      assert.equal(e.state, 'partial');
      assert.equal(e.record!.statementsDone, 0);
      const rep = await m.repair();
      assert.equal(rep.error, null);
      assert.equal((await m.find('0002.steps')).state, 'pending');
    } finally {
      await m.close();
    }
  });

  it('ignoreErrors and groups: an ignored failing group is undone by its own rollbacks, the migration goes on; down runs rollbacks in reverse', async () => {
    const c = await db.connect();
    const src = mkdtempSync(join(dir, 'ok-'));
    writeFileSync(join(src, '0001.trail.sql'), 'create table trail (seq int auto_increment primary key, what varchar(40));');
    writeFileSync(
      join(src, '0002.steps.ts'),
      stepsModule(
        [
          "step('create table b (id int primary key)', undo('undo b', 'drop table b'))",
          "step('insert into no_such_table values (1)', null, { ignoreErrors: 'apply' })",
          "group([step('insert into b values (10)', undo('undo 10', 'delete from b where id = 10')), step('insert into b values (10)', undo('undo dup', 'select 1'))], { ignoreErrors: 'all' })",
          "step('insert into b values (20)', undo('undo 20', 'delete from b where id = 20'))",
        ].join(', '),
      ),
    );
    const m = createMigrator({ db: db.url, sources: [src], lockTimeoutMs: 5000 });
    try {
      const r = await m.up();
      assert.equal(r.error, null, String(r.error));
      assert.deepEqual(r.results.map((x) => [x.id, x.status]), [['0001.trail', 'applied'], ['0002.steps', 'applied']]);
      const [rows] = await c.query('select id from b order by id');
      assert.deepEqual(rows, [{ id: 20 }], 'the group inserted 10, failed on the duplicate, and was undone');
      assert.deepEqual(await trail(), ['undo 10']);
      const d = await m.down({ count: 1 });
      assert.equal(d.error, null, String(d.error));
      // Rollback runs every step's rollback, newest first (the group's too, as yoyo does).
      assert.deepEqual(await trail(), ['undo 10', 'undo 20', 'undo dup', 'undo 10', 'undo b']);
      assert.equal(await tableExists('b'), false);
    } finally {
      await m.close();
    }
  });
});
