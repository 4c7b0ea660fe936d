// TS/JS migration modules of every extension, and the errors a bad module gets (SQLite, library and CLI).
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { createMigrator, isShaleError, type RunResult } from '../../../src/index.js';
import { runShale } from '../../helpers/cli.js';
import { IMPORT_SHALE, cleanupProjects, tempProject } from './harness.js';

after(cleanupProjects);

const tables = (file: string): string[] => {
  const db = new Database(file);
  try {
    return (db.prepare(`select name from sqlite_master where type = 'table' and name like 't\\_%' escape '\\' order by name`).all() as { name: string }[]).map((r) => r.name);
  } finally {
    db.close();
  }
};

async function withMigrator<T>(dir: string, fn: (m: ReturnType<typeof createMigrator>, dbFile: string) => Promise<T>): Promise<T> {
  const dbFile = join(dir, 'test.db');
  const m = createMigrator({ db: `sqlite:${dbFile}`, sources: [dir] });
  try {
    return await fn(m, dbFile);
  } finally {
    await m.close();
  }
}

const esm = (t: string) => `export async function up(ctx) { await ctx.query('create table ${t} (id int)'); }\nexport async function down(ctx) { await ctx.query('drop table ${t}'); }\n`;
const cjs = (t: string) => `exports.up = async (ctx) => { await ctx.query('create table ${t} (id int)'); };\nexports.down = async (ctx) => { await ctx.query('drop table ${t}'); };\n`;

describe('module extensions', () => {
  const files = {
    '0001_a.mjs': esm('t_a'),
    '0002_b.cjs': cjs('t_b'),
    '0003_c.js': `module.exports = { depends: ['0001_a'], async up(ctx) { await ctx.query('create table t_c (id int)'); }, async down(ctx) { await ctx.query('drop table t_c'); } };\n`,
    '0004_d.ts': `export async function up(ctx: { query(s: string): Promise<unknown> }): Promise<void> { await ctx.query('create table t_d (id int)'); }\nexport async function down(ctx: { query(s: string): Promise<unknown> }): Promise<void> { await ctx.query('drop table t_d'); }\n`,
    '0005_e.cts': `exports.up = async (ctx: any) => { await ctx.query('create table t_e (id int)'); };\nexports.down = async (ctx: any) => { await ctx.query('drop table t_e'); };\n`,
    '0006_f.mts': `export const depends = '0004_d';\nexport async function up(ctx: any) { await ctx.sql\`create table t_f (id int)\`; }\nexport async function down(ctx: any) { await ctx.sql\`drop table t_f\`; }\n`,
  };

  test('.mjs, .cjs, .js (CommonJS), .ts, .cts and .mts all load, apply and roll back', async () => {
    const dir = tempProject(files);
    await withMigrator(dir, async (m, dbFile) => {
      const set = await m.load();
      assert.deepEqual(set.migrations.map((x) => [x.id, x.format]), Object.keys(files).map((f) => [f.replace(/\.[^.]+$/, ''), 'module']));
      assert.deepEqual(set.migrations.find((x) => x.id === '0003_c')!.depends, ['0001_a']);
      assert.deepEqual(set.migrations.find((x) => x.id === '0006_f')!.depends, ['0004_d']);
      const up: RunResult = await m.up();
      assert.equal(up.error, null, up.error?.message);
      assert.deepEqual(tables(dbFile), ['t_a', 't_b', 't_c', 't_d', 't_e', 't_f']);
      const down = await m.down({ all: true });
      assert.equal(down.error, null, down.error?.message);
      assert.deepEqual(tables(dbFile), []);
    });
  });

  test('the built CLI applies .mjs and .cjs modules', () => {
    const dir = tempProject({});
    mkdirSync(join(dir, 'migrations'));
    writeFileSync(join(dir, 'migrations', '0001_a.mjs'), esm('t_a'));
    writeFileSync(join(dir, 'migrations', '0002_b.cjs'), cjs('t_b'));
    const r = runShale(dir, ['up', '--db', `sqlite:${join(dir, 'cli.db')}`]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(tables(join(dir, 'cli.db')), ['t_a', 't_b']);
  });
});

describe('bad modules are E_PARSE naming the file', () => {
  const loadError = async (name: string, text: string): Promise<Error> => {
    const dir = tempProject({ [name]: text });
    return withMigrator(dir, async (m) => {
      try {
        await m.load();
      } catch (e) {
        assert.ok(isShaleError(e, 'E_PARSE'), String(e));
        assert.ok(e.message.includes(name), e.message);
        assert.ok(!e.message.includes('\n'), 'one line');
        return e;
      }
      return assert.fail('loaded');
    });
  };

  test('a TS module without up', async () => {
    const e = await loadError('0001_no_up.ts', `export const description = 'x';\nexport async function down(): Promise<void> {}\n`);
    assert.match(e.message, /must export a function up\(ctx\) or an array steps/);
  });

  test('a module whose up is not a function', async () => {
    const e = await loadError('0001_up_sql.mjs', `export const up = 'create table t (id int)';\n`);
    assert.match(e.message, /must export a function up\(ctx\)/);
  });

  test('a module whose down is not a function is refused, not silently irreversible', async () => {
    const e = await loadError('0001_down_sql.mjs', `export async function up() {}\nexport const down = 'drop table t';\n`);
    assert.match(e.message, /down must be a function down\(ctx\), got string/);
  });

  test('a TS syntax error names the line and column', async () => {
    const e = await loadError('0001_syntax.ts', `export async function up(): Promise<void> {\n  const x: number = ;\n}\n`);
    assert.match(e.message, /0001_syntax\.ts: cannot import migration module: line 2, column 21: Unexpected ";"/);
    assert.equal((e as { details?: Record<string, unknown> }).details?.['line'], 2);
  });

  test('a JS syntax error keeps the engine message', async () => {
    const e = await loadError('0001_syntax.mjs', `export async function up() {\n  const x = ;\n}\n`);
    assert.match(e.message, /0001_syntax\.mjs: cannot import migration module: Unexpected token/);
  });

  test('steps and up together', async () => {
    const e = await loadError('0001_both.ts', `${IMPORT_SHALE}export const steps = [step('select 1')];\nexport async function up(): Promise<void> {}\n`);
    assert.match(e.message, /export either steps or up\/down, not both/);
  });

  test('CLI: a TS syntax error exits 1 with one line naming file and line, nothing applied', () => {
    const dir = tempProject({});
    mkdirSync(join(dir, 'migrations'));
    writeFileSync(join(dir, 'migrations', '0001.ok.sql'), 'create table t_ok (id int);\n');
    writeFileSync(join(dir, 'migrations', '0002_bad.ts'), `export async function up(): Promise<void> {\n  await ;\n}\n`);
    const r = runShale(dir, ['up', '--db', `sqlite:${join(dir, 'cli.db')}`]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /0002_bad\.ts: cannot import migration module: line 2, column \d+: /);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.deepEqual(tables(join(dir, 'cli.db')), []);
  });
});
