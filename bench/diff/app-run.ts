/**
 * "Big and real" diff benchmark: an application's schema (app-schema.ts: 40 modules; 440 tables counting the
 * partitioned ones and their partitions, 120 views/matviews, 2,080 indexes, 120 functions, 320
 * triggers, 320 policies, grants and comments) is
 * loaded into A, restored with `pg_dump -s | psql` into B and C (the form a restored dump has), and B
 * gets the ~5% change. Measured, interleaved: `shale diff A B --with-privileges` (built CLI) and
 * `pg_dump -s` of A. Checked both ways: shale's SQL applied to A in one transaction (`psql -1`) makes a
 * second diff empty; and B → C (the change undone) converges too.
 * Usage: npm run build && node --import tsx bench/diff/app-run.ts [--runs 3]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { execBatches } from './exec-batches.js';
import { createPgDatabase, PG_URL, type TempPgDatabase } from '../../test/helpers/databases.js';
import { appSchema, changes, ROLES } from './app-schema.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const argv = process.argv.slice(2);
const RUNS = Number(argv.includes('--runs') ? argv[argv.indexOf('--runs') + 1] : 3);

interface Measured { wallMs: number; peakRssMb: number | null; exit: number | null; stdout: string; stderr: string }

function measure(cmd: string, args: readonly string[]): Measured {
  const full = TIME ? [TIME, ['-v', cmd, ...args]] as const : [cmd, args] as const;
  const t0 = performance.now();
  const r = spawnSync(full[0], [...full[1]], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30 });
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? '');
  return { wallMs: Math.round(performance.now() - t0), peakRssMb: rss ? Math.round(Number(rss[1]) / 1024) : null, exit: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

const exec = (url: string, statements: readonly string[]) => execBatches(url, statements, 100);

/** Restore A's schema-only dump into `to`, as a team restoring production's schema would. */
function restore(from: TempPgDatabase, to: TempPgDatabase): void {
  const dump = spawnSync('pg_dump', ['--schema-only', from.url], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (dump.status !== 0) throw new Error(`pg_dump failed: ${dump.stderr}`);
  const r = spawnSync('psql', ['-q', '-v', 'ON_ERROR_STOP=1', '-d', to.url], { input: dump.stdout, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`restore failed: ${r.stderr}`);
}

const shaleDiff = (a: TempPgDatabase, b: TempPgDatabase) => measure(process.execPath, ['bin/shale.js', 'diff', a.url, b.url, '--with-privileges', '--unsafe']);

/** Apply a diff's SQL in one transaction, then diff again: converged when that is empty (exit 0). */
function converge(a: TempPgDatabase, b: TempPgDatabase, label: string): string {
  const d = shaleDiff(a, b);
  if (d.exit !== 2) return `${label}: NO (first diff exit ${d.exit}: ${d.stderr.trim().split('\n').at(-1)})`;
  const statements = d.stdout.split('\n').filter((l) => /^(create|alter|drop|grant|revoke|comment|CREATE)/i.test(l)).length;
  const file = join(mkdtempSync(join(tmpdir(), 'shale-app-')), 'plan.sql');
  writeFileSync(file, d.stdout);
  const applied = spawnSync('psql', ['-q', '-1', '-v', 'ON_ERROR_STOP=1', '-d', a.url, '-f', file], { encoding: 'utf8' });
  if (applied.status !== 0) return `${label}: NO (applying failed: ${applied.stderr.trim().split('\n')[0]})`;
  const again = shaleDiff(a, b);
  return `${label}: ${again.exit === 0 && again.stdout === '' ? 'yes' : `NO (second diff exit ${again.exit}:\n${again.stdout.slice(0, 2000)})`} (${d.stdout.length} bytes of SQL, ~${statements} statement lines)`;
}

const admin = new pg.Client({ connectionString: PG_URL });
await admin.connect();
for (const r of ROLES) await admin.query(`do $$ begin if not exists (select from pg_roles where rolname = '${r}') then create role ${r} nologin; end if; end $$`);
await admin.end();

const A = await createPgDatabase('shale_app');
const B = await createPgDatabase('shale_app');
const C = await createPgDatabase('shale_app');
try {
  const t0 = performance.now();
  const schema = appSchema();
  await exec(A.url, schema);
  restore(A, B);
  restore(A, C);
  const edit = changes();
  await exec(B.url, edit);
  const counts = await new pg.Client({ connectionString: A.url });
  await counts.connect();
  const n = (await counts.query(`select
    (select count(*) from pg_class c join pg_namespace s on s.oid = c.relnamespace where s.nspname like 'm%' and c.relkind in ('r', 'p')) as tables,
    (select count(*) from pg_class c join pg_namespace s on s.oid = c.relnamespace where s.nspname like 'm%' and c.relkind in ('v', 'm')) as views,
    (select count(*) from pg_class c join pg_namespace s on s.oid = c.relnamespace where s.nspname like 'm%' and c.relkind = 'i') as indexes,
    (select count(*) from pg_proc p join pg_namespace s on s.oid = p.pronamespace where s.nspname like 'm%') as functions,
    (select count(*) from pg_trigger where not tgisinternal) as triggers,
    (select count(*) from pg_policy) as policies`)).rows[0] as Record<string, string>;
  await counts.end();
  console.log(`loaded A (${schema.length} statements), restored B and C with pg_dump -s | psql, ${edit.length} change statements on B, in ${Math.round(performance.now() - t0)} ms`);
  console.log(`A holds: ${Object.entries(n).map(([k, v]) => `${v} ${k}`).join(', ')}`);

  measure('pg_dump', ['--schema-only', A.url]); // warm-up: shared buffers for every tool
  measure('pg_dump', ['--schema-only', B.url]);
  const diffs: Measured[] = [];
  const dumps: Measured[] = [];
  for (let r = 0; r < RUNS; r++) {
    diffs.push(shaleDiff(A, B));
    dumps.push(measure('pg_dump', ['--schema-only', A.url]));
  }
  const med = (xs: Measured[]) => [...xs].sort((x, y) => x.wallMs - y.wallMs)[Math.floor(xs.length / 2)]!;
  const d = med(diffs);
  const p = med(dumps);
  console.log(`shale diff A B --with-privileges: median ${d.wallMs} ms (runs ${diffs.map((x) => x.wallMs).join(', ')}), peak RSS ${d.peakRssMb ?? '?'} MB, exit ${d.exit}`);
  console.log(`pg_dump -s A:                     median ${p.wallMs} ms (runs ${dumps.map((x) => x.wallMs).join(', ')}), peak RSS ${p.peakRssMb ?? '?'} MB`);
  console.log(`ratio shale diff / pg_dump -s: ${(d.wallMs / p.wallMs).toFixed(2)}×`);
  if (d.stderr.includes('unsupported')) console.log(`unsupported: ${d.stderr.trim().split('\n').at(-1)}`);
  console.log(converge(A, B, 'converged A → B'));
  console.log(converge(B, C, 'converged B → C (the change undone)'));
} finally {
  await A.drop();
  await B.drop();
  await C.drop();
}
