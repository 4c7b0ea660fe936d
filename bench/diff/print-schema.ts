import pg from 'pg';
import { inspect } from '../../src/adapters/postgres/introspect.js';
const c = new pg.Client({ connectionString: process.argv[2] });
await c.connect();
const t0 = Date.now();
const s = await inspect(c);
console.error('ms', Date.now() - t0);
console.log(JSON.stringify(s, null, 1).slice(0, Number(process.argv[3] ?? 4000)));
await c.end();
