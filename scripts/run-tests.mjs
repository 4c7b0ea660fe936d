#!/usr/bin/env node
// Runs node:test over an explicit list of files (a bare folder argument would run nothing).
// Usage: node scripts/run-tests.mjs test|conformance [extra node --test args]
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const suite = process.argv[2] ?? 'test';
const root = new URL('..', import.meta.url).pathname;
const dirs = suite === 'conformance' ? ['test/conformance'] : ['test'];
const skipDirs = suite === 'conformance' ? [] : ['test/conformance'];

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const rel = relative(root, p);
    if (statSync(p).isDirectory()) {
      if (!skipDirs.includes(rel) && name !== 'fixtures') walk(p, out);
    } else if (name.endsWith('.test.ts')) out.push(rel);
  }
  return out;
}

const files = dirs.flatMap((d) => walk(join(root, d), [])).sort();
const filter = process.env.SHALE_TEST_FILTER;
const selected = filter ? files.filter((f) => f.includes(filter)) : files;
if (selected.length === 0) {
  console.error(`no test files found for suite "${suite}"`);
  process.exit(1);
}
const concurrency = process.env.SHALE_TEST_CONCURRENCY ?? '2';
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...process.argv.slice(3), ...selected],
  { cwd: root, stdio: 'inherit' },
);
process.exit(r.status ?? 1);
