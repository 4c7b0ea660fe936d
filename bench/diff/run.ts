/**
 * Diff benchmark: builds the large schema pair (generate.ts) in two fresh PostgreSQL databases, then
 * measures in one run: `shale diff` (CLI, child process), `pg_dump --schema-only` of one database
 * (the floor for reading a catalog) and `@pgkit/migra` on the same pair. Wall time and peak RSS via
 * /usr/bin/time -v when present. Checks that shale's SQL converges (apply to A, diff again: empty).
 * Usage: node --import tsx bench/diff/run.ts [--baseline <other build>/bin/shale.js] [--runs 3]
 *   (SHALE_TEST_PG_URL to point at another server). With --baseline, this build's `shale diff` and
 *   the other build's run interleaved `--runs` times on the same pair: a before/after in one run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { execBatches } from './exec-batches.js';
import { createPgDatabase } from '../../test/helpers/databases.js';
import { generatePair } from './generate.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const argv = process.argv.slice(2);
const flag = (name: string): string | undefined => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : undefined);
const BASELINE = flag('baseline') ? resolve(flag('baseline')!) : null;
const RUNS = Number(flag('runs') ?? 3);

interface Measured {
  name: string;
  wallMs: number;
  peakRssMb: number | null;
  exit: number | null;
  stdoutBytes: number;
  stdout: string;
}

function measure(name: string, cmd: string, args: string[]): Measured {
  const full = TIME ? [TIME, ['-v', cmd, ...args]] as const : [cmd, args] as const;
  const t0 = performance.now();
  const r = spawnSync(full[0], [...full[1]], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30 });
  const wallMs = performance.now() - t0;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? '');
  return { name, wallMs: Math.round(wallMs), peakRssMb: rss ? Math.round(Number(rss[1]) / 1024) : null, exit: r.status, stdoutBytes: (r.stdout ?? '').length, stdout: r.stdout ?? '' };
}

const exec = (url: string, statements: readonly string[]) => execBatches(url, statements, 200);

const pair = generatePair();
const A = await createPgDatabase('shale_bench');
const B = await createPgDatabase('shale_bench');
try {
  const tl = performance.now();
  await exec(A.url, pair.a);
  await exec(B.url, pair.b);
  console.error(`loaded both schemas in ${Math.round(performance.now() - tl)} ms`, pair.counts);

  // Warm-up (untimed): read both catalogs once so no tool pays for cold shared buffers alone.
  measure('warm-up A', 'pg_dump', ['--schema-only', A.url]);
  measure('warm-up B', 'pg_dump', ['--schema-only', B.url]);
  const runs: Measured[] = [];
  const node = process.execPath;
  runs.push(measure('shale diff (built CLI: bin/shale.js)', node, ['bin/shale.js', 'diff', A.url, B.url, '--unsafe']));
  runs.push(measure('shale inspect+diff (library, in-process)', node, ['--import', 'tsx', 'bench/diff/shale-diff.ts', A.url, B.url]));
  runs.push(measure('pg_dump --schema-only (one database)', 'pg_dump', ['--schema-only', A.url]));
  runs.push(measure('@pgkit/migra', node, ['node_modules/@pgkit/migra/dist/command.js', 'run', A.url, B.url, '--unsafe']));

  if (BASELINE) {
    // Before/after: both builds diff the same pair, interleaved, before the plan is applied.
    const mine: Measured[] = [];
    const base: Measured[] = [];
    for (let r = 0; r < RUNS; r++) {
      mine.push(measure('this build', node, ['bin/shale.js', 'diff', A.url, B.url, '--unsafe']));
      base.push(measure('baseline', node, [BASELINE, 'diff', A.url, B.url, '--unsafe']));
    }
    const med = (xs: Measured[]) => [...xs].sort((x, y) => x.wallMs - y.wallMs)[Math.floor(xs.length / 2)]!;
    for (const [name, xs] of [['shale diff, this build', mine], ['shale diff, baseline', base]] as const) {
      const m = med(xs);
      console.log(`${name.padEnd(46)} median wall ${m.wallMs} ms (runs ${xs.map((x) => x.wallMs).join(', ')})  peak RSS ${m.peakRssMb ?? '?'} MB  stdout ${m.stdoutBytes} B`);
    }
    console.log(`same plan from both builds: ${mine[0]!.stdout === base[0]!.stdout ? 'yes' : 'NO'}`);
  }
  const lib = JSON.parse(runs[1]!.stdout) as { inspectMs: number; diffAndPlanMs: number; statements: number; sql: string[] };
  // Correctness: apply shale's SQL to A in one transaction, then a second diff must be empty.
  const c = new pg.Client({ connectionString: A.url });
  await c.connect();
  await c.query('begin');
  for (const s of lib.sql) await c.query(s);
  await c.query('commit');
  await c.end();
  const again = measure('shale diff after applying (must be empty)', node, ['bin/shale.js', 'diff', A.url, B.url, '--unsafe']);

  for (const r of [...runs, again]) {
    console.log(`${r.name.padEnd(46)} wall ${String(r.wallMs).padStart(7)} ms  peak RSS ${r.peakRssMb ?? '?'} MB  exit ${r.exit}  stdout ${r.stdoutBytes} B`);
  }
  console.log(`shale library phases: inspect both ${lib.inspectMs} ms, diff+plan ${lib.diffAndPlanMs} ms, ${lib.statements} statements`);
  console.log(`migra statements: ${runs[3]!.stdout.split(/;\s*\n/).filter((x) => x.trim()).length} (approx.)`);
  console.log(`converged: ${again.exit === 0 && again.stdout === '' ? 'yes' : `NO (exit ${again.exit})`}`);

} finally {
  await A.drop();
  await B.drop();
}
