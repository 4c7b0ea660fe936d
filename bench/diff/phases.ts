/**
 * The diff's two phases, CPU only, two builds in one process: inspecting both databases, then
 * diffing and planning the two models (`diffModels`). Client CPU (`process.cpuUsage`) is far less
 * sensitive to other load on the machine than wall time, and the builds alternate which goes first.
 * Usage: node --import tsx bench/diff/phases.ts --baseline <other checkout>/dist [--runs 5]
 *   [--a <url> --b <url>] (default: the 2,000-table pair of generate.ts, loaded into fresh databases).
 */
import { resolve } from 'node:path';
import pg from 'pg';
import { createPgDatabase, type TempPgDatabase } from '../../test/helpers/databases.js';
import { execBatches } from './exec-batches.js';
import { generatePair } from './generate.js';

const argv = process.argv.slice(2);
const flag = (name: string): string | undefined => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : undefined);
const RUNS = Number(flag('runs') ?? 5);
const builds: Record<string, string> = { this: resolve('dist') };
if (flag('baseline')) builds.baseline = resolve(flag('baseline')!);

interface Build {
  inspect(q: Queryable): Promise<unknown>;
  diffModels(a: unknown, b: unknown, opts: { unsafe: boolean }): { statements: unknown[] };
}
interface Queryable {
  query(sql: string, params?: readonly unknown[]): Promise<{ rows: unknown[]; rowCount: number }>;
}

async function load(dist: string): Promise<Build> {
  const intro = (await import(`${dist}/schema/postgres/introspect.js`)) as Pick<Build, 'inspect'>;
  const sd = (await import(`${dist}/schema/postgres/schema-diff.js`)) as Pick<Build, 'diffModels'>;
  return { inspect: intro.inspect, diffModels: sd.diffModels };
}

async function client(url: string): Promise<{ c: pg.Client; q: Queryable }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return { c, q: { query: async (sql, params) => { const r = await c.query(sql, params as unknown[]); return { rows: r.rows, rowCount: r.rowCount ?? 0 }; } } };
}

const cpuMs = (since: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};
const median = (l: number[]): number => [...l].sort((x, y) => x - y)[Math.floor(l.length / 2)]!;

const made: TempPgDatabase[] = [];
let urlA = flag('a');
let urlB = flag('b');
if (!urlA || !urlB) {
  const pair = generatePair();
  made.push(await createPgDatabase('shale_bench'), await createPgDatabase('shale_bench'));
  [urlA, urlB] = [made[0]!.url, made[1]!.url];
  await execBatches(urlA, pair.a, 200);
  await execBatches(urlB, pair.b, 200);
}
const a = await client(urlA);
const b = await client(urlB);
try {
  const loaded = Object.fromEntries(await Promise.all(Object.entries(builds).map(async ([k, d]) => [k, await load(d)] as const)));
  const names = Object.keys(loaded);
  const res = Object.fromEntries(names.map((k) => [k, { inspect: [] as number[], diff: [] as number[], statements: 0 }]));
  for (let i = 0; i < RUNS; i++) {
    for (const k of i % 2 ? [...names].reverse() : names) {
      const m = loaded[k]!;
      let t = process.cpuUsage();
      const x = await m.inspect(a.q);
      const y = await m.inspect(b.q);
      res[k]!.inspect.push(cpuMs(t));
      t = process.cpuUsage();
      res[k]!.statements = m.diffModels(x, y, { unsafe: true }).statements.length;
      res[k]!.diff.push(cpuMs(t));
    }
  }
  for (const k of names) {
    const r = res[k]!;
    console.log(`${k}: inspect both ${median(r.inspect).toFixed(0)} ms CPU (${r.inspect.map(Math.round).join(', ')}), diff + plan ${median(r.diff).toFixed(0)} ms (${r.diff.map(Math.round).join(', ')}), ${r.statements} statements`);
  }
} finally {
  await a.c.end();
  await b.c.end();
  for (const d of made) await d.drop();
}
