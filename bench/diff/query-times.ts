// Times each catalog query of inspect() against one database (to find the slow ones).
import pg from 'pg';
import * as Q from '../../src/schema/postgres/introspect-queries.js';
const c = new pg.Client({ connectionString: process.argv[2] });
await c.connect();
await c.query(`select set_config('search_path', 'pg_catalog', false)`);
for (const [name, sql] of Object.entries(Q)) {
  if (!name.startsWith('Q_')) continue;
  const t0 = performance.now();
  const r = await c.query(sql);
  console.log(name.padEnd(22), String(Math.round(performance.now() - t0)).padStart(6), 'ms', r.rowCount, 'rows');
}
await c.end();
