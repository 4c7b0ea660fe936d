// In-process timing of shale's diff phases (inspect both, diff, plan), for the benchmark.
import pg from 'pg';
import { diffModels, inspect } from '../../src/schema/postgres/index.js';

const [fromUrl, toUrl] = process.argv.slice(2);
const a = new pg.Client({ connectionString: fromUrl });
const b = new pg.Client({ connectionString: toUrl });
await a.connect();
await b.connect();
const t0 = performance.now();
const [sa, sb] = await Promise.all([inspect(a), inspect(b)]);
const t1 = performance.now();
const r = diffModels(sa, sb, { withPrivileges: false });
const t2 = performance.now();
await a.end();
await b.end();
process.stdout.write(JSON.stringify({ inspectMs: Math.round(t1 - t0), diffAndPlanMs: Math.round(t2 - t1), statements: r.statements.length, destructive: r.destructive, sql: r.statements.map((s) => s.sql) }));
