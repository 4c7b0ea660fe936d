// Times each catalog query of inspect() against one database (to find the slow ones).
import pg from 'pg';
import * as Q from '../../src/schema/postgres/introspect-queries.js';
const c = new pg.Client({ connectionString: process.argv[2] });
await c.connect();
await c.query(`select set_config('search_path', 'pg_catalog', false)`);
const version = Number((await c.query<{ v: string }>(Q.Q_SERVER_VERSION)).rows[0]?.v);
for (const [name, q] of Object.entries(Q)) {
  // Q_* are queries; q* build the version-dependent ones.
  if (!/^[Qq]_?[A-Z]/.test(name)) continue;
  const sql = typeof q === 'function' ? q(version) : q;
  const t0 = performance.now();
  const r = await c.query(sql);
  console.log(name.padEnd(22), String(Math.round(performance.now() - t0)).padStart(6), 'ms', r.rowCount, 'rows');
}
await c.end();
