// A TS migration that throws on import: E_PARSE naming the file, nothing recorded, exit 1 from the CLI.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { createMigrator } from '../../../src/index.js';
import { runShale } from '../../helpers/cli.js';
import { cleanupProjects, tempProject } from './harness.js';

after(cleanupProjects);

const files = {
  '0001.ok.sql': 'create table a (id int);\n',
  '0002.broken.ts': `const config: Record<string, string> = {};\nif (!config['x']) throw new Error('missing setting x');\nexport async function up(): Promise<void> {}\n`,
};

test('library: E_PARSE naming the file, nothing applied', async () => {
  const dir = tempProject(files);
  const db = `sqlite:${join(dir, 'lib.db')}`;
  const m = createMigrator({ db, sources: [dir] });
  try {
    const r = await m.up();
    assert.equal(r.error?.code, 'E_PARSE');
    assert.match(r.error!.message, /0002\.broken\.ts: cannot import migration module: missing setting x/);
    assert.deepEqual(r.results, []);
  } finally {
    await m.close();
  }
  const sqlite = new Database(join(dir, 'lib.db'));
  try {
    const tables = sqlite.prepare(`select name from sqlite_master where type = 'table'`).all() as { name: string }[];
    assert.deepEqual(tables.map((t) => t.name).filter((n) => n === 'a' || n === 'shale_migrations'), []);
  } finally {
    sqlite.close();
  }
});

test('CLI: exit 1, one line naming the file, nothing recorded', () => {
  const dir = tempProject({});
  mkdirSync(join(dir, 'migrations'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'migrations', name), text);
  const r = runShale(dir, ['--db', 'sqlite:cli.db', 'up']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^shale: error: .*0002\.broken\.ts: cannot import migration module: missing setting x$/m);
  if (existsSync(join(dir, 'cli.db'))) {
    const sqlite = new Database(join(dir, 'cli.db'));
    try {
      const t = sqlite.prepare(`select name from sqlite_master where type = 'table' and name in ('a', 'shale_migrations')`).all();
      assert.deepEqual(t, []);
    } finally {
      sqlite.close();
    }
  }
});
