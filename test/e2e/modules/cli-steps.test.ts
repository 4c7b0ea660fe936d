// TS migrations (up/down and steps) loaded by the built CLI from a folder outside any package.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { runShale } from '../../helpers/cli.js';
import { cleanupProjects, tempProject } from './harness.js';

after(cleanupProjects);

test('up and down of a typed up/down module and a steps module through the CLI (SQLite)', () => {
  const dir = tempProject({});
  mkdirSync(join(dir, 'migrations'));
  writeFileSync(
    join(dir, 'migrations', '0001.typed.ts'),
    `interface Ctx { query(sql: string): Promise<unknown> }\nconst table: string = 'a';\n` +
      `export async function up(ctx: Ctx): Promise<void> { await ctx.query(\`create table \${table} (id int)\`); }\n` +
      `export async function down(ctx: Ctx): Promise<void> { await ctx.query(\`drop table \${table}\`); }\n`,
  );
  writeFileSync(
    join(dir, 'migrations', '0002.steps.ts'),
    `type Item = { kind: 'step'; apply: string; rollback: string | null; ignoreErrors: null | 'all' };\n` +
      `export const steps: Item[] = [\n` +
      `  { kind: 'step', apply: 'insert into a values (1)', rollback: 'delete from a where id = 1', ignoreErrors: null },\n` +
      `  { kind: 'step', apply: 'insert into nope values (1)', rollback: null, ignoreErrors: 'all' },\n` +
      `  { kind: 'step', apply: 'insert into a values (2)', rollback: 'delete from a where id = 2', ignoreErrors: null },\n];\n`,
  );
  const up = runShale(dir, ['--db', 'sqlite:app.db', 'up']);
  assert.equal(up.code, 0, up.stderr);
  const read = () => {
    const db = new Database(join(dir, 'app.db'));
    try {
      return (db.prepare('select id from a order by id').all() as { id: number }[]).map((r) => r.id);
    } finally {
      db.close();
    }
  };
  assert.deepEqual(read(), [1, 2]);
  const down = runShale(dir, ['--db', 'sqlite:app.db', 'down']);
  assert.equal(down.code, 0, down.stderr);
  assert.deepEqual(read(), []);
});
