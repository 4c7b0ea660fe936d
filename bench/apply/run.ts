// Benchmark (issues 2 and 15): small migrations applied to fresh databases by shale and by dbmate
// (and by `psql -1` on the concatenated SQL, the floor), interleaved round by round in this one
// process; then `shale status` / `dbmate status` and a no-op `shale up` with `--big` applied.
//   node --import tsx bench/apply/run.ts [--runs 3] [--n 1000] [--large 10000] [--large-runs 1]
//        [--big 10000] [--mysql 1000] [--baseline <other build>/bin/shale.js]
// `--large N` adds N migrations on PostgreSQL (shale and dbmate only: psql -1 of 10,000 tables in one
// transaction runs out of lock slots); `--mysql N` adds N migrations on MariaDB/MySQL; 0 skips either.
// With --baseline, another build of shale (a clone at an earlier commit, built) runs interleaved with
// this one in every round, so a before/after comparison shares the machine's state.
// Every tool runs under /usr/bin/time: wall time, client CPU (user+sys) and peak RSS, process start included.
// Needs: PostgreSQL (SHALE_BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres), psql,
// MariaDB for --mysql (SHALE_BENCH_MYSQL_URL, default mysql://root@127.0.0.1:3306/), the built CLI
// (npm run build) and dbmate 2.36.0 installed outside the project:
//   mkdir -p /tmp/peers && cd /tmp/peers && npm install --no-save dbmate@2.36.0
// (DBMATE_BIN overrides; the default is the native binary the npm package wraps, without its node launcher).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { dbmateBin } from '../dbmate-bin.js';

const args = process.argv.slice(2);
const opt = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const RUNS = opt('runs', 3);
const N = opt('n', 1000);
const LARGE = opt('large', 0);
const LARGE_RUNS = opt('large-runs', 1);
const BIG = opt('big', 10000);
const MYSQL_N = opt('mysql', 0);
const ROOT = resolve(import.meta.dirname, '..', '..');
const BASE = process.env['SHALE_BENCH_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const MYSQL_BASE = process.env['SHALE_BENCH_MYSQL_URL'] ?? 'mysql://root@127.0.0.1:3306/';
const WORK = join(ROOT, '.bench-tmp', `apply-${process.pid}`);
const SHALE = join(ROOT, 'bin', 'shale.js');
const baselineAt = args.indexOf('--baseline');
const BASELINE = baselineAt >= 0 ? resolve(args[baselineAt + 1]!) : null;
const DBMATE = dbmateBin(ROOT);

/** Database names of this run: another benchmark on the same server must not drop them under it. */
const RUN = `shale_bench_${process.pid}`;
const DB = { psql: `${RUN}_psql`, shale: `${RUN}_shale`, dbmate: `${RUN}_dbmate`, big: `${RUN}_big` };

const urlFor = (db: string) => Object.assign(new URL(BASE), { pathname: `/${db}` }).toString();
const mysqlUrlFor = (db: string) => Object.assign(new URL(MYSQL_BASE), { pathname: `/${db}` }).toString();

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: BASE });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function freshDb(name: string): Promise<string> {
  await admin(`drop database if exists "${name}" with (force)`);
  await admin(`create database "${name}"`);
  return urlFor(name);
}

async function freshMysqlDb(name: string): Promise<string> {
  const c = await mysql.createConnection(MYSQL_BASE);
  try {
    await c.query(`drop database if exists \`${name}\``);
    await c.query(`create database \`${name}\``);
  } finally {
    await c.end();
  }
  return mysqlUrlFor(name);
}

/** Migration i: a table, an index and a row: small, like most real migrations. */
const upSql = (i: number) => `create table t${i} (id bigint primary key, name text not null, created_at timestamptz default now());\ncreate index t${i}_name on t${i} (name);\ninsert into t${i} (id, name) values (1, 'x');\n`;
const mysqlUpSql = (i: number) => `create table t${i} (id bigint primary key, name varchar(100) not null, created_at timestamp default current_timestamp);\ncreate index t${i}_name on t${i} (name);\ninsert into t${i} (id, name) values (1, 'x');\n`;

/** n dbmate-format files (which both tools read) in `dir`; returns the concatenated up SQL. */
function writeFiles(dir: string, n: number, up: (i: number) => string): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let concat = '';
  for (let i = 1; i <= n; i++) {
    const id = String(i).padStart(6, '0');
    writeFileSync(join(dir, `${id}_t${i}.sql`), `-- migrate:up\n${up(i)}\n-- migrate:down\ndrop table t${i};\n`);
    concat += up(i);
  }
  return concat;
}

interface Measure {
  readonly ms: number;
  /** Client CPU, user + sys. */
  readonly cpuMs: number;
  readonly rssMb: number;
}

const TIME_OUT = join(WORK, 'time.txt');

function time(cmd: string, argv: string[], env: NodeJS.ProcessEnv = {}): Measure {
  const t0 = process.hrtime.bigint();
  // shale's cache of built migrations lives in this run's folder (see src/cli/cache-dir.ts).
  const r = spawnSync('/usr/bin/time', ['-o', TIME_OUT, '-f', '%U %S %M', cmd, ...argv], { env: { ...process.env, SHALE_CACHE_DIR: join(WORK, 'cache'), ...env }, stdio: ['ignore', 'ignore', 'pipe'], cwd: WORK });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed: ${r.stderr.toString()}`);
  const [user, sys, kb] = readFileSync(TIME_OUT, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  return { ms, cpuMs: (user! + sys!) * 1000, rssMb: kb! / 1024 };
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** One table per measurement: median wall time (runs), median client CPU and peak RSS, ratio to the first row. */
function table(title: string, results: Record<string, Measure[]>, perItem = 0): void {
  console.log(`\n## ${title}\n`);
  const rows = Object.entries(results);
  const first = median(rows[0]![1].map((m) => m.ms));
  console.log(`| tool | median | runs | client CPU | ${perItem ? 'CPU per migration | ' : ''}peak RSS | vs ${rows[0]![0]} |\n|---|---|---|---|${perItem ? '---|' : ''}---|---|`);
  for (const [k, v] of rows) {
    const wall = median(v.map((m) => m.ms));
    const cpu = median(v.map((m) => m.cpuMs));
    const per = perItem ? ` ${(cpu / perItem).toFixed(2)} ms |` : '';
    console.log(`| ${k} | ${fmt(wall)} | ${v.map((m) => fmt(m.ms)).join(', ')} | ${fmt(cpu)} |${per} ${median(v.map((m) => m.rssMb)).toFixed(0)} MB | ${(wall / first).toFixed(2)}× |`);
  }
}

/**
 * The shale builds under test: this one, and the baseline when given, in turns first (round `r`):
 * the tool that runs right after another one's thousands of tables meets the server's checkpoint.
 */
const shales = (r = 0): [string, string][] => {
  const builds: [string, string][] = [['shale', SHALE], ...(BASELINE ? [['shale (baseline)', BASELINE] as [string, string]] : [])];
  return r % 2 === 0 ? builds : builds.reverse();
};

function dbmatePg(url: string, dir: string, command: string): Measure {
  return time(DBMATE, ['--no-dump-schema', '--migrations-dir', dir, command], { DATABASE_URL: `${url}?sslmode=disable` });
}

async function postgresApply(n: number, runs: number, withPsql: boolean): Promise<void> {
  const dir = join(WORK, `pg-${n}`);
  const all = join(WORK, `pg-${n}.sql`);
  writeFileSync(all, writeFiles(dir, n, upSql));
  const results: Record<string, Measure[]> = { ...(withPsql ? { 'psql -1 (floor)': [] } : {}), ...Object.fromEntries(shales().map(([k]) => [k, []])), 'dbmate 2.36.0': [] };
  for (let r = 0; r < runs; r++) {
    if (withPsql) results['psql -1 (floor)']!.push(time('psql', ['-q', '-1', '-v', 'ON_ERROR_STOP=1', '-d', await freshDb(DB.psql), '-f', all]));
    for (const [k, bin] of shales(r)) results[k]!.push(time(process.execPath, [bin, '--quiet', '--db', await freshDb(DB.shale), '--source', dir, 'up']));
    results['dbmate 2.36.0']!.push(dbmatePg(await freshDb(DB.dbmate), dir, 'up'));
  }
  table(`${n} migrations (3 statements each) on a fresh PostgreSQL database, median of ${runs}`, results, n);
}

async function mysqlApply(n: number, runs: number): Promise<void> {
  const dir = join(WORK, `my-${n}`);
  writeFiles(dir, n, mysqlUpSql);
  const results: Record<string, Measure[]> = { ...Object.fromEntries(shales().map(([k]) => [k, []])), 'dbmate 2.36.0': [] };
  for (let r = 0; r < runs; r++) {
    for (const [k, bin] of shales(r)) results[k]!.push(time(process.execPath, [bin, '--quiet', '--db', await freshMysqlDb(DB.shale), '--source', dir, 'up']));
    results['dbmate 2.36.0']!.push(time(DBMATE, ['--no-dump-schema', '--migrations-dir', dir, 'up'], { DATABASE_URL: await freshMysqlDb(DB.dbmate) }));
  }
  table(`${n} migrations (3 statements each) on a fresh MariaDB database, median of ${runs}`, results, n);
  const c = await mysql.createConnection(MYSQL_BASE);
  for (const db of [DB.shale, DB.dbmate]) await c.query(`drop database if exists \`${db}\``);
  await c.end();
}

/** `status` and a no-op `up` with `big` applied; dbmate reads the same files and its own table, filled alike. */
async function bigStatus(big: number): Promise<void> {
  const bigDir = join(WORK, 'big');
  rmSync(bigDir, { recursive: true, force: true });
  mkdirSync(bigDir, { recursive: true });
  const versions: string[] = [];
  for (let i = 1; i <= big; i++) {
    const v = String(i).padStart(6, '0');
    versions.push(v);
    writeFileSync(join(bigDir, `${v}_t${i}.sql`), `-- migrate:up\ncreate table b${i} (id int);\n-- migrate:down\ndrop table b${i};\n`);
  }
  const bigUrl = await freshDb(DB.big);
  time(process.execPath, [SHALE, '--quiet', '--db', bigUrl, '--source', bigDir, 'up']);
  // dbmate's state table, as `dbmate up` leaves it, without running 10,000 migrations a second time.
  const c = new pg.Client({ connectionString: bigUrl });
  await c.connect();
  await c.query('create table schema_migrations (version varchar(128) primary key)');
  await c.query('insert into schema_migrations select unnest($1::text[])', [versions]);
  await c.end();
  const results: Record<string, Measure[]> = {};
  const add = (k: string, m: Measure) => (results[k] ??= []).push(m);
  for (let r = 0; r < Math.max(RUNS, 5); r++) {
    for (const [k, bin] of shales(r)) {
      add(`${k} status`, time(process.execPath, [bin, '--db', bigUrl, '--source', bigDir, 'status']));
      add(`${k} up (nothing to do)`, time(process.execPath, [bin, '--db', bigUrl, '--source', bigDir, 'up']));
    }
    add('dbmate 2.36.0 status', dbmatePg(bigUrl, bigDir, 'status'));
    add('node -e 0 (process start alone)', time(process.execPath, ['-e', '0']));
  }
  table(`${big} applied migrations (median of ${Math.max(RUNS, 5)}, process start included)`, results);
}

async function main(): Promise<void> {
  mkdirSync(WORK, { recursive: true });
  console.log(`machine: ${execFileSync('nproc').toString().trim()} cores, load average ${execFileSync('cat', ['/proc/loadavg']).toString().split(' ').slice(0, 3).join(' ')}; node ${process.version}; dbmate ${DBMATE}`);
  if (N) await postgresApply(N, RUNS, true);
  if (LARGE) await postgresApply(LARGE, LARGE_RUNS, false);
  if (BIG) await bigStatus(BIG);
  if (MYSQL_N) await mysqlApply(MYSQL_N, RUNS);
  for (const db of Object.values(DB)) await admin(`drop database if exists "${db}" with (force)`);
  rmSync(WORK, { recursive: true, force: true });
  console.log(`\nload average after: ${execFileSync('cat', ['/proc/loadavg']).toString().split(' ').slice(0, 3).join(' ')}`);
}

await main();
