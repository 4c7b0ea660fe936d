// lint --db reads what only the target knows: its enum types (values, the columns of each) and the
// views on each table and column (src/adapters/postgres/lint-target.ts), so PG204/PG205/PG207 fire from
// the live catalog of a PGlite database with no view or enum in the linted (pending) migration.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { shale, tempDir } from '../../helpers/cli.js';

test('lint --db reads the target: enum values and columns, views on a column', async () => {
  const dir = tempDir('shale-lint-catalog-');
  mkdirSync(join(dir, 'migrations'));
  const write = (name: string, sql: string) => writeFileSync(join(dir, 'migrations', name), sql);
  write('0001_init.sql', "create type mood as enum ('sad', 'ok', 'happy');\ncreate table person (id bigint primary key, email text, current_mood mood);\ncreate table other (m mood);\ncreate view report as select p.id, p.email from person p;\n");
  const db = `pglite:${join(dir, 'db')}`;
  assert.equal((await shale(['--db', db, 'up'], { cwd: dir })).code, 0);
  write('0002_change.sql', "alter type mood rename to mood_old;\ncreate type mood as enum ('sad', 'happy');\nalter table person alter column current_mood type mood using current_mood::text::mood;\ndrop type mood_old;\nalter table person drop column email;\n");
  const r = await shale(['--db', db, 'lint', '--json'], { cwd: dir });
  const findings = (JSON.parse(r.stdout) as { findings: { code: string; line: number; message: string }[] }).findings;
  const at = (code: string) => findings.filter((f) => f.code === code);
  assert.match(at('PG204')[0]!.message, /leaves out 'ok'/);
  assert.equal(at('PG204')[0]!.line, 2);
  assert.match(at('PG205')[0]!.message, /column other\.m/);
  assert.match(at('PG207')[0]!.message, /view public\.report/);
});
