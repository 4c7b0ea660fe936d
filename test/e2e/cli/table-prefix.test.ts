// An empty table prefix would create tables named `migrations` and `log` among the user's own: it is
// refused from the flag, the config file and the library, like any other invalid prefix.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { createFleet, createMigrator, memorySource, openAdapter, ShaleError } from '../../../src/index.js';
import { shale, tempDir } from '../../helpers/cli.js';

function project(config?: string): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'migrations'));
  writeFileSync(join(dir, 'migrations', '0001_a.sql'), 'create table a (id int);');
  if (config !== undefined) writeFileSync(join(dir, 'shale.config.json'), config);
  return dir;
}

function tables(dir: string): string[] {
  const file = join(dir, 'app.db');
  if (!existsSync(file)) return [];
  const d = new Database(file, { readonly: true });
  try {
    return (d.prepare("select name from sqlite_master where type = 'table' order by name").all() as { name: string }[]).map((x) => x.name);
  } finally {
    d.close();
  }
}

function assertOneLineError(r: { code: number | null; stderr: string }): void {
  assert.equal(r.code, 1, r.stderr);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, /^shale: error: .*table prefix must not be empty/);
}

const sqlite = (dir: string) => ['--db', `sqlite:${join(dir, 'app.db')}`];

describe('an empty table prefix', { concurrency: true }, () => {
  for (const cmd of [['up'], ['status'], ['unlock'], ['diff', 'pglite:memory', 'pglite:memory'], ['fleet', 'up', '--targets']]) {
    it(`--table-prefix '' ${cmd.join(' ')}: one-line error, exit 1, no table created`, async () => {
      const dir = project();
      const args = cmd[0] === 'fleet' ? ['--table-prefix', '', ...cmd, `sqlite:${join(dir, 'app.db')}`] : [...sqlite(dir), '--table-prefix', '', ...cmd];
      assertOneLineError(await shale(args, { cwd: dir }));
      assert.deepEqual(tables(dir), []);
    });
  }

  it('"tablePrefix": "" in the config file (top level and in an environment)', async () => {
    const top = project('{ "db": "sqlite:app.db", "tablePrefix": "" }');
    assertOneLineError(await shale(['up'], { cwd: top }));
    assert.deepEqual(tables(top), []);
    const env = project('{ "environments": { "dev": { "db": "sqlite:app.db", "tablePrefix": "" } } }');
    assertOneLineError(await shale(['--env', 'dev', 'up'], { cwd: env }));
    assert.deepEqual(tables(env), []);
  });

  it('the library: openAdapter, createMigrator and createFleet refuse it with E_CONFIG', async () => {
    const dir = project();
    const url = `sqlite:${join(dir, 'app.db')}`;
    const isEmptyPrefix = (e: unknown) => e instanceof ShaleError && e.code === 'E_CONFIG' && /table prefix must not be empty/.test(e.message);
    await assert.rejects(openAdapter(url, { tablePrefix: '' }), isEmptyPrefix);
    const m = createMigrator({ db: url, sources: [memorySource({ '0001_a.sql': 'create table a (id int);' })], tablePrefix: '' });
    try {
      // Batch operations report their error in the result, not by throwing.
      const r = await m.up();
      assert.ok(isEmptyPrefix(r.error), String(r.error));
    } finally {
      await m.close();
    }
    assert.throws(() => createFleet({ targets: [url], sources: [memorySource({ '0001_a.sql': 'select 1;' })], tablePrefix: '' }), isEmptyPrefix);
    assert.deepEqual(tables(dir), []);
  });
});
