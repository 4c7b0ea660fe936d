// Splits inspect() time into catalog queries vs building the model (one database).
import pg from 'pg';
import { inspect } from '../../src/schema/postgres/index.js';
const c = new pg.Client({ connectionString: process.argv[2] });
await c.connect();
let queryMs = 0;
const q = {
  async query<R>(sql: string, params?: readonly unknown[]) {
    const t = performance.now();
    const r = await c.query(sql, params as unknown[] | undefined);
    queryMs += performance.now() - t;
    return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 };
  },
};
for (let i = 0; i < 3; i++) {
  queryMs = 0;
  const t0 = performance.now();
  await inspect(q);
  console.log(`inspect ${Math.round(performance.now() - t0)} ms, of which queries ${Math.round(queryMs)} ms`);
}
await c.end();
