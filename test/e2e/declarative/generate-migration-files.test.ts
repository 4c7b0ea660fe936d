// Which files `shale generate` writes: the first migration when there is no folder yet, then the
// format (and dependencies) of the latest migration.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { shale } from '../../helpers/cli.js';
import { project } from './helpers.js';

test('generate (CLI, pglite): no migrations folder yet → the first migration; then the format of the latest migration', async () => {
  const p = project({});
  const dir = join(p.dir, 'fresh');
  writeFileSync(p.schema, 'create table t (id int);');
  const first = await shale(['--source', dir, 'generate', 'first', '--desired', p.schema]);
  assert.equal(first.code, 0, first.stderr);
  assert.ok(existsSync(dir));
  assert.deepEqual(readdirSync(dir).map((f) => f.replace(/^\d{14}/, 'N')).sort(), ['N_first.rollback.sql', 'N_first.sql']);
  // An up/down set with dependencies gets an up/down pair that depends on the heads.
  writeFileSync(join(p.migrations, '0001_a.up.sql'), 'create table a (id int);');
  writeFileSync(join(p.migrations, '0001_a.down.sql'), 'drop table a;');
  writeFileSync(join(p.migrations, '0002_b.up.sql'), '-- depends: 0001_a\ncreate table b (id int);');
  writeFileSync(join(p.migrations, '0002_b.down.sql'), 'drop table b;');
  writeFileSync(p.schema, 'create table a (id int);\ncreate table b (id int, note text);');
  const r = await shale(['--source', p.migrations, 'generate', 'add note', '--desired', p.schema]);
  assert.equal(r.code, 0, r.stderr);
  const made = readdirSync(p.migrations).filter((f) => !f.startsWith('000')).sort();
  assert.deepEqual(made.map((f) => f.replace(/^\d{14}/, 'N')), ['N_add_note.down.sql', 'N_add_note.up.sql']);
  const up = readFileSync(join(p.migrations, made[1]!), 'utf8');
  assert.match(up, /^-- depends: 0002_b$/m);
  assert.match(up, /add column "note" text/);
  const v = await shale(['--source', p.migrations, 'verify']);
  assert.equal(v.code, 0, v.stdout + v.stderr);
});
