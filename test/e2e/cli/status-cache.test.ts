// The CLI keeps its cache of built migrations in node_modules/.cache/shale of the project (the
// nearest package.json): `status` uses it, and an applied file edited to the same size with its
// mtime put back is still reported changed; SHALE_CACHE_DIR=off, or no project, means no cache.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { shale, tempDir } from '../../helpers/cli.js';

/** Until the files stopped changing long enough ago for a cache entry to be trusted (2 s). */
const RACY_WAIT_MS = 2100;

test('status caches built migrations under node_modules/.cache/shale and still sees an edit that keeps size and mtime', async () => {
  const dir = tempDir('shale-cache-cli-');
  writeFileSync(join(dir, 'package.json'), '{"private":true}\n');
  const mig = join(dir, 'migrations');
  mkdirSync(mig);
  writeFileSync(join(mig, '0001.a.sql'), 'create table a (id int);\n');
  writeFileSync(join(mig, '0002.b.sql'), 'create table b (id int);\n');
  const db = ['--db', `sqlite:${join(dir, 'app.db')}`];
  assert.equal((await shale([...db, 'up'], { cwd: dir })).code, 0);
  await sleep(RACY_WAIT_MS);
  const first = await shale([...db, 'status', '--exit-code'], { cwd: dir });
  assert.equal(first.code, 0, first.stderr);
  const cacheDir = join(dir, 'node_modules', '.cache', 'shale');
  assert.equal(readdirSync(cacheDir).filter((f) => f.endsWith('.json')).length, 1);

  const file = join(mig, '0001.a.sql');
  const st = statSync(file);
  writeFileSync(file, 'create table z (id int);\n');
  utimesSync(file, st.atime, st.mtime);
  const after = await shale([...db, 'status', '--exit-code'], { cwd: dir });
  assert.equal(after.code, 4, `${after.stdout}${after.stderr}`);
  assert.match(after.stdout, /changed\s+0001\.a/);
});

test('no cache without a project folder, or with SHALE_CACHE_DIR=off', async () => {
  const dir = tempDir('shale-cache-cli-');
  const mig = join(dir, 'migrations');
  mkdirSync(mig);
  writeFileSync(join(mig, '0001.a.sql'), 'create table a (id int);\n');
  await sleep(RACY_WAIT_MS);
  const db = ['--db', `sqlite:${join(dir, 'app.db')}`];
  assert.equal((await shale([...db, 'status'], { cwd: dir })).code, 0);
  assert.equal(existsSync(join(dir, 'node_modules')), false);
  writeFileSync(join(dir, 'package.json'), '{"private":true}\n');
  assert.equal((await shale([...db, 'status'], { cwd: dir, env: { SHALE_CACHE_DIR: 'off' } })).code, 0);
  assert.equal(existsSync(join(dir, 'node_modules')), false);
});
