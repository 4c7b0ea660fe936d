// The README's examples run as written.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { it } from 'node:test';
import { ROOT, shale, tempDir } from '../../helpers/cli.js';

it('examples/library.ts (the yoyo snippet in TypeScript) applies the examples, then finds nothing to do', () => {
  const db = `sqlite:${join(tempDir(), 'lib.db')}`;
  const run = () => spawnSync(process.execPath, ['--import', 'tsx', 'examples/library.ts'], { cwd: ROOT, env: { ...process.env, SHALE_EXAMPLE_DB: db }, encoding: 'utf8' });
  const first = run();
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /3 to apply: 0001\.create-users, 0002_posts, 0010_seed/);
  assert.match(first.stdout, /applied 0010_seed/);
  const second = run();
  assert.equal(second.status, 0, second.stderr);
  assert.match(second.stdout, /0 to apply: none/);
});

it('the quick start: up on the bundled examples, then status --json', async () => {
  const db = `sqlite:${join(tempDir(), 'quick.db')}`;
  const up = await shale(['--db', db, '--source', 'examples/migrations', 'up']);
  assert.equal(up.code, 0, up.stderr);
  assert.match(up.stdout, /applied 3 migrations/);
  const st = await shale(['--db', db, '--source', 'examples/migrations', 'status', '--json']);
  const doc = JSON.parse(st.stdout) as { counts: Record<string, number> };
  assert.equal(doc.counts['applied'], 3);
  const again = await shale(['--db', db, '--source', 'examples/migrations', 'up', '--json']);
  assert.deepEqual(JSON.parse(again.stdout).results, []);
});
