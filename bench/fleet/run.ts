// Fleet benchmark: 200 PostgreSQL databases × 20 migrations.
// `shale fleet up` at concurrency 1, 4, 8, 16 against a shell loop running `node bin/shale.js up` per database.
// Usage: npm run build && node --import tsx bench/fleet/run.ts [databases=200]
// Every run starts from empty databases; the databases are dropped at the end.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const ADMIN = process.env['SHALE_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const N = Number(process.argv[2] ?? 200);
const MIGRATIONS = 20;
const ROOT = new URL('../..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/shale.js');
const PREFIX = `shale_bench_${Date.now().toString(36)}`;

function urlFor(db: string): string {
  const u = new URL(ADMIN);
  u.pathname = `/${db}`;
  return u.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: ADMIN });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Busy and total jiffies of the whole machine (the PostgreSQL server runs on it too). */
function cpuTicks(): { busy: number; total: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = f[3]! + f[4]!;
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

interface Measure {
  readonly label: string;
  /** 1-minute load average when the run ended (other work on the machine skews the numbers). */
  readonly load: number;
  readonly seconds: number;
  readonly cpuBusyPct: number;
  readonly peakConnections: number;
  readonly ok: boolean;
}

async function measure(label: string, run: () => void | Promise<void>): Promise<Measure> {
  let peak = 0;
  const mon = new pg.Client({ connectionString: ADMIN });
  await mon.connect();
  let stop = false;
  const poll = (async () => {
    while (!stop) {
      const r = await mon.query("select count(*)::int as n from pg_stat_activity where backend_type = 'client backend'");
      peak = Math.max(peak, r.rows[0].n as number);
      await new Promise((res) => setTimeout(res, 100));
    }
  })();
  const c0 = cpuTicks();
  const t0 = process.hrtime.bigint();
  let ok = true;
  try {
    await run();
  } catch (e) {
    ok = false;
    console.error(`${label}: ${String(e)}`);
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const c1 = cpuTicks();
  stop = true;
  await poll;
  await mon.end();
  return { label, load: loadavg()[0]!, seconds, cpuBusyPct: (100 * (c1.busy - c0.busy)) / (c1.total - c0.total), peakConnections: peak - 1, ok };
}

/** Run a command without blocking the event loop (the connection monitor keeps polling). */
function exec(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ').slice(0, 80)}… exited ${code}`))));
  });
}

async function resetAll(dbs: readonly string[]): Promise<void> {
  for (let i = 0; i < dbs.length; i += 10) {
    await Promise.all(
      dbs.slice(i, i + 10).map(async (d) => {
        const c = new pg.Client({ connectionString: urlFor(d) });
        await c.connect();
        await c.query('drop schema public cascade; create schema public');
        await c.end();
      }),
    );
  }
}

async function verify(dbs: readonly string[]): Promise<void> {
  for (const d of dbs) {
    const c = new pg.Client({ connectionString: urlFor(d) });
    await c.connect();
    let n: number;
    try {
      n = (await c.query("select count(*)::int as n from shale_migrations where status = 'applied'")).rows[0].n as number;
    } finally {
      await c.end();
    }
    if (n !== MIGRATIONS) throw new Error(`${d}: ${n} migrations applied, expected ${MIGRATIONS}`);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'shale-bench-fleet-'));
const migrations = join(dir, 'migrations');
mkdirSync(migrations);
for (let i = 1; i <= MIGRATIONS; i++) {
  const id = String(i).padStart(3, '0');
  const sql =
    i % 4 === 0
      ? `alter table t${String(i - 1).padStart(3, '0')} add column extra_${id} text;\ncreate index on t${String(i - 1).padStart(3, '0')} (extra_${id});\n`
      : `create table t${id} (id bigserial primary key, tenant integer not null, name text not null, created_at timestamptz not null default now());\ncreate index on t${id} (tenant, name);\n`;
  writeFileSync(join(migrations, `${id}.step.sql`), sql);
}

const dbs = Array.from({ length: N }, (_, i) => `${PREFIX}_${i}`);
const results: Measure[] = [];
try {
  console.error(`creating ${N} databases…`);
  await admin(async (c) => {
    for (const d of dbs) await c.query(`create database "${d}"`);
  });
  writeFileSync(join(dir, 'targets.txt'), `${dbs.map(urlFor).join('\n')}\n`);

  const env = { ...process.env, SHALE_DATABASE_URL: '', DATABASE_URL: '' };
  await resetAll(dbs);
  results.push(
    await measure('shell loop: `node bin/shale.js up` per database', () => {
      const script = `while read -r url; do node ${JSON.stringify(BIN)} --db "$url" --source ${JSON.stringify(migrations)} --quiet up || exit 1; done < targets.txt`;
      return exec('sh', ['-c', script], dir, env);
    }),
  );
  await verify(dbs);
  for (const concurrency of [1, 4, 8, 16]) {
    await resetAll(dbs);
    results.push(
      await measure(`shale fleet up --concurrency ${concurrency}`, () =>
        exec(process.execPath, [BIN, '--source', migrations, 'fleet', 'up', '--targets', 'targets.txt', '--concurrency', String(concurrency), '--quiet'], dir, env),
      ),
    );
    await verify(dbs);
  }
} catch (e) {
  console.error(`benchmark failed: ${String(e)}`);
  process.exitCode = 1;
} finally {
  console.error('dropping the databases…');
  await admin(async (c) => {
    for (const d of dbs) await c.query(`drop database if exists "${d}" with (force)`);
  });
  rmSync(dir, { recursive: true, force: true });
}

const base = results[0]!.seconds;
const lines = [
  `machine: ${cpus().length} CPU (${cpus()[0]?.model ?? '?'}), PostgreSQL on the same machine; ${N} databases × ${MIGRATIONS} migrations`,
  '',
  '| run | wall time (s) | per database (ms) | speed-up vs shell loop | machine CPU busy | peak server connections | load avg at end |',
  '|---|---:|---:|---:|---:|---:|---:|',
  ...results.map((r) => `| ${r.label}${r.ok ? '' : ' (FAILED)'} | ${r.seconds.toFixed(1)} | ${((r.seconds * 1000) / N).toFixed(0)} | ${(base / r.seconds).toFixed(1)}× | ${r.cpuBusyPct.toFixed(0)}% | ${r.peakConnections} | ${r.load.toFixed(1)} |`),
];
console.log(lines.join('\n'));
