// Benchmark (issue 2): 1,000 small migrations applied to a fresh PostgreSQL database by shale, by
// `psql -1` on the concatenated SQL (the floor) and by dbmate on the same dbmate-format files; then
// `shale status` and a no-op `shale up` with 10,000 applied migrations. One run, same machine.
//   node --import tsx bench/apply/run.ts [--runs 3] [--n 1000] [--big 10000] [--baseline <other build>/bin/shale.js]
// With --baseline, another build of shale (a clone at an earlier commit, built) runs interleaved with
// this one in every round, so a before/after comparison shares the machine's state.
// Needs: PostgreSQL (SHALE_BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres), psql,
// the built CLI (npm run build) and the dev dependency `dbmate`.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';

const args = process.argv.slice(2);
const opt = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const RUNS = opt('runs', 3);
const N = opt('n', 1000);
const BIG = opt('big', 10000);
const ROOT = resolve(import.meta.dirname, '..', '..');
const BASE = process.env['SHALE_BENCH_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const WORK = join(ROOT, '.bench-tmp', 'apply');
const SHALE = join(ROOT, 'bin', 'shale.js');
const baselineAt = args.indexOf('--baseline');
const BASELINE = baselineAt >= 0 ? resolve(args[baselineAt + 1]!) : null;
// dbmate is not a dependency (see bench/RESULTS.md): `npm install --no-save dbmate@2.36.0`, or DBMATE_BIN.
const DBMATE = process.env['DBMATE_BIN'] ?? join(ROOT, 'node_modules', '.bin', 'dbmate');

const urlFor = (db: string) => Object.assign(new URL(BASE), { pathname: `/${db}` }).toString();

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

/** Migration i: a table, an index and a row: small, like most real migrations. */
const upSql = (i: number) => `create table t${i} (id bigint primary key, name text not null, created_at timestamptz default now());\ncreate index t${i}_name on t${i} (name);\ninsert into t${i} (id, name) values (1, 'x');\n`;

function writeFiles(n: number): { dbmateDir: string; concat: string } {
  rmSync(WORK, { recursive: true, force: true });
  const dbmateDir = join(WORK, 'db', 'migrations');
  mkdirSync(dbmateDir, { recursive: true });
  let concat = '';
  for (let i = 1; i <= n; i++) {
    const id = String(i).padStart(6, '0');
    writeFileSync(join(dbmateDir, `${id}_t${i}.sql`), `-- migrate:up\n${upSql(i)}\n-- migrate:down\ndrop table t${i};\n`);
    concat += upSql(i);
  }
  writeFileSync(join(WORK, 'all.sql'), concat);
  return { dbmateDir, concat };
}

function time(cmd: string, argv: string[], env: NodeJS.ProcessEnv = {}): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'], cwd: WORK });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed: ${r.stderr.toString()}`);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const { dbmateDir } = writeFiles(N);
  const results: Record<string, number[]> = { psql: [], shale: [], ...(BASELINE ? { 'shale (baseline)': [] } : {}), dbmate: [] };
  for (let r = 0; r < RUNS; r++) {
    results['psql']!.push(time('psql', ['-q', '-1', '-v', 'ON_ERROR_STOP=1', '-d', await freshDb('shale_bench_psql'), '-f', join(WORK, 'all.sql')]));
    results['shale']!.push(time(process.execPath, [SHALE, '--quiet', '--db', await freshDb('shale_bench_shale'), '--source', dbmateDir, 'up']));
    if (BASELINE) results['shale (baseline)']!.push(time(process.execPath, [BASELINE, '--quiet', '--db', await freshDb('shale_bench_shale'), '--source', dbmateDir, 'up']));
    results['dbmate']!.push(time(DBMATE, ['--no-dump-schema', '--migrations-dir', dbmateDir, 'up'], { DATABASE_URL: `${await freshDb('shale_bench_dbmate')}?sslmode=disable` }));
  }
  const floor = median(results['psql']!);
  console.log(`\n## ${N} migrations (3 statements each) on a fresh PostgreSQL database, median of ${RUNS}\n`);
  console.log('| tool | median | runs | vs psql -1 |\n|---|---|---|---|');
  for (const [k, v] of Object.entries(results)) console.log(`| ${k === 'psql' ? 'psql -1 (floor)' : k} | ${fmt(median(v))} | ${v.map(fmt).join(', ')} | ${(median(v) / floor).toFixed(2)}× |`);

  // 10,000 applied migrations: status and a no-op up, including process start.
  const bigDir = join(WORK, 'big');
  mkdirSync(bigDir, { recursive: true });
  for (let i = 1; i <= BIG; i++) writeFileSync(join(bigDir, `${String(i).padStart(6, '0')}_t${i}.sql`), `create table b${i} (id int);\n`);
  const bigUrl = await freshDb('shale_bench_big');
  time(process.execPath, [SHALE, '--quiet', '--db', bigUrl, '--source', bigDir, 'up']);
  const status: number[] = [];
  const noop: number[] = [];
  const baseStatus: number[] = [];
  const baseNoop: number[] = [];
  for (let r = 0; r < Math.max(RUNS, 5); r++) {
    status.push(time(process.execPath, [SHALE, '--db', bigUrl, '--source', bigDir, 'status']));
    noop.push(time(process.execPath, [SHALE, '--db', bigUrl, '--source', bigDir, 'up']));
    if (BASELINE) {
      baseStatus.push(time(process.execPath, [BASELINE, '--db', bigUrl, '--source', bigDir, 'status']));
      baseNoop.push(time(process.execPath, [BASELINE, '--db', bigUrl, '--source', bigDir, 'up']));
    }
  }
  const nodeStart: number[] = [];
  for (let r = 0; r < 5; r++) nodeStart.push(time(process.execPath, ['-e', '0']));
  console.log(`\n## ${BIG} applied migrations (median of ${status.length}, including process start)\n`);
  console.log('| command | median | runs |\n|---|---|---|');
  console.log(`| shale status | ${fmt(median(status))} | ${status.map(fmt).join(', ')} |`);
  console.log(`| shale up (nothing to do) | ${fmt(median(noop))} | ${noop.map(fmt).join(', ')} |`);
  if (BASELINE) {
    console.log(`| shale status (baseline) | ${fmt(median(baseStatus))} | ${baseStatus.map(fmt).join(', ')} |`);
    console.log(`| shale up, nothing to do (baseline) | ${fmt(median(baseNoop))} | ${baseNoop.map(fmt).join(', ')} |`);
  }
  console.log(`| node -e 0 (process start alone) | ${fmt(median(nodeStart))} | ${nodeStart.map(fmt).join(', ')} |`);
  console.log(`\nmachine: ${execFileSync('nproc').toString().trim()} cores, load average before: see uptime; node ${process.version}`);
  for (const db of ['shale_bench_psql', 'shale_bench_shale', 'shale_bench_dbmate', 'shale_bench_big']) await admin(`drop database if exists "${db}" with (force)`);
}

await main();
