#!/usr/bin/env node
// Runs node:test over an explicit list of files (a bare folder argument would run nothing).
// Usage: node scripts/run-tests.mjs test|conformance [extra node --test args]
// `test` collects every *.test.ts under test/ (unit/, adapters/, schema/, e2e/, …: see test/README.md)
// except test/conformance; `conformance` collects only test/conformance. Folders named `fixtures` are
// never walked. SHALE_TEST_FILTER keeps the paths that contain it (e.g. test/unit, test/e2e/fleet).
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
// Human-readable output on stdout, TAP to a file for the closing "N passed, N failed" line.
const tapDir = mkdtempSync(join(tmpdir(), 'shale-tap-'));
const tapFile = join(tapDir, 'results.tap');
const r = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    `--test-concurrency=${concurrency}`,
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tapFile}`,
    ...process.argv.slice(3),
    ...selected,
  ],
  { cwd: root, stdio: 'inherit' },
);
let passed = 0;
let failed = 0;
try {
  const tap = readFileSync(tapFile, 'utf8');
  passed = Number(/^# pass (\d+)$/m.exec(tap)?.[1] ?? 0);
  failed = Number(/^# fail (\d+)$/m.exec(tap)?.[1] ?? 0) + Number(/^# cancelled (\d+)$/m.exec(tap)?.[1] ?? 0);
} finally {
  rmSync(tapDir, { recursive: true, force: true });
}
const status = r.status ?? 1;
if (status !== 0 && failed === 0) failed = 1; // a crash outside any test still fails the run
console.log(`${passed} passed, ${failed} failed`);
process.exit(status !== 0 ? status : failed > 0 ? 1 : passed === 0 ? 1 : 0);
