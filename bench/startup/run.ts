// Benchmark (issue 15, the startup-bound rows): `shale --version`, `shale --help` and `shale status`
// with N applied migrations, against `dbmate status` on the same files and `node -e 0` (process start
// alone), every tool in turn in each round, in this one process; with --baseline, another build of
// shale runs in the same rounds (builds alternate which goes first).
//   node --import tsx bench/startup/run.ts [--runs 15] [--n 10000] [--baseline <other build>/bin/shale.js]
// Every run is timed under /usr/bin/time (wall time, client CPU = user + sys, peak RSS), process
// start included. The first `status` of each build fills its cache of built migrations and is not
// counted. Needs PostgreSQL (SHALE_BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres),
// the built CLI (npm run build) and dbmate 2.36.0 installed outside the project:
//   mkdir -p /tmp/peers && cd /tmp/peers && npm install --no-save dbmate@2.36.0
// (DBMATE_BIN overrides; the default is the native binary the npm package wraps, without its node launcher).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { dbmateBin } from '../dbmate-bin.js';

const args = process.argv.slice(2);
const opt = (name: string, def: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const RUNS = opt('runs', 15);
const N = opt('n', 10000);
const ROOT = resolve(import.meta.dirname, '..', '..');
const BASE = process.env['SHALE_BENCH_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const WORK = join(ROOT, '.bench-tmp', `startup-${process.pid}`);
const SHALE = join(ROOT, 'bin', 'shale.js');
const baselineAt = args.indexOf('--baseline');
const BASELINE = baselineAt >= 0 ? resolve(args[baselineAt + 1]!) : null;
const DBMATE = dbmateBin(ROOT);
/** This run's database: another benchmark on the same server must not drop it under it. */
const DB = `shale_bench_startup_${process.pid}`;
const TIME_OUT = join(WORK, 'time.txt');

interface Measure {
  readonly ms: number;
  /** Client CPU, user + sys. */
  readonly cpuMs: number;
  readonly rssMb: number;
}

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: BASE });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** One timed run; `cache` is the build's own cache folder (two builds must not share one). */
function time(cmd: string, argv: string[], cache: string, env: NodeJS.ProcessEnv = {}): Measure {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-o', TIME_OUT, '-f', '%U %S %M', cmd, ...argv], { env: { ...process.env, SHALE_CACHE_DIR: cache, ...env }, stdio: ['ignore', 'ignore', 'pipe'], cwd: WORK });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed: ${r.stderr.toString()}`);
  const [user, sys, kb] = readFileSync(TIME_OUT, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  return { ms, cpuMs: (user! + sys!) * 1000, rssMb: kb! / 1024 };
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number): string => `${(ms / 1000).toFixed(3)} s`;

async function main(): Promise<void> {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const load = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(`machine: ${execFileSync('nproc').toString().trim()} cores, load average ${load()}; node ${process.version}; dbmate ${DBMATE}; ${RUNS} rounds, ${N} applied`);
  const dir = join(WORK, 'migrations');
  mkdirSync(dir);
  const versions: string[] = [];
  for (let i = 1; i <= N; i++) {
    const v = String(i).padStart(6, '0');
    versions.push(v);
    writeFileSync(join(dir, `${v}_t${i}.sql`), `-- migrate:up\ncreate table b${i} (id int);\n-- migrate:down\ndrop table b${i};\n`);
  }
  await admin(`drop database if exists "${DB}" with (force)`);
  await admin(`create database "${DB}"`);
  const url = Object.assign(new URL(BASE), { pathname: `/${DB}` }).toString();
  time(process.execPath, [SHALE, '--quiet', '--db', url, '--source', dir, 'up'], 'off');
  // dbmate's state table, as `dbmate up` leaves it, without running the migrations a second time.
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query('create table schema_migrations (version varchar(128) primary key)');
  await c.query('insert into schema_migrations select unnest($1::text[])', [versions]);
  await c.end();
  const builds: [string, string][] = [['shale', SHALE], ...(BASELINE ? [['baseline', BASELINE] as [string, string]] : [])];
  const cacheOf = (k: string): string => join(WORK, `cache-${k}`);
  // The cache trusts no entry written within 2 s of a file's last change (see src/core/migration-cache.ts).
  await new Promise((r) => setTimeout(r, 2100));
  for (const [k, bin] of builds) time(process.execPath, [bin, '--db', url, '--source', dir, 'status'], cacheOf(k));
  const results: Record<string, Measure[]> = {};
  const add = (k: string, m: Measure): void => void (results[k] ??= []).push(m);
  for (let r = 0; r < RUNS; r++) {
    for (const [k, bin] of r % 2 === 0 ? builds : [...builds].reverse()) {
      add(`${k} --version`, time(process.execPath, [bin, '--version'], cacheOf(k)));
      add(`${k} --help`, time(process.execPath, [bin, '--help'], cacheOf(k)));
      add(`${k} status`, time(process.execPath, [bin, '--db', url, '--source', dir, 'status'], cacheOf(k)));
    }
    add('dbmate 2.36.0 status', time(DBMATE, ['--no-dump-schema', '--migrations-dir', dir, 'status'], 'off', { DATABASE_URL: `${url}?sslmode=disable` }));
    add('node -e 0', time(process.execPath, ['-e', '0'], 'off'));
  }
  console.log(`\n| run | median | min–max | client CPU (median) | peak RSS |\n|---|---|---|---|---|`);
  for (const [k, v] of Object.entries(results).sort(([a], [b]) => a.localeCompare(b))) {
    const ms = v.map((m) => m.ms);
    console.log(`| ${k} | ${fmt(median(ms))} | ${fmt(Math.min(...ms))}–${fmt(Math.max(...ms))} | ${fmt(median(v.map((m) => m.cpuMs)))} | ${median(v.map((m) => m.rssMb)).toFixed(0)} MB |`);
  }
  await admin(`drop database if exists "${DB}" with (force)`);
  rmSync(WORK, { recursive: true, force: true });
  console.log(`\nload average after: ${load()}`);
}

await main();
