// generate with the real PostgreSQL server as dev database (--dev-url): the same round-trip cases,
// "nothing to do" once the generated migration exists, and no scratch database left behind.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { isEmptyPlan, planGeneration } from '../../src/declarative/index.js';
import { PG_URL, skipUnlessPg } from '../helpers/databases.js';
import { GENERATE_CASES, RENAME_CASE, checkGenerateRoundTrip } from './helpers.js';

const skip = await skipUnlessPg();

async function scratchDatabases(): Promise<string[]> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    return (await c.query<{ datname: string }>("select datname from pg_database where datname like 'shale\\_dev\\_%'")).rows.map((r) => r.datname);
  } finally {
    await c.end();
  }
}

for (const c of [...GENERATE_CASES, RENAME_CASE]) {
  test(`generate (postgres dev database): ${c.name}`, { skip }, async () => {
    const before = await scratchDatabases();
    const r = await checkGenerateRoundTrip(c, PG_URL);
    // The migrations now produce the desired schema: generating again finds nothing to do.
    const again = await planGeneration({ schema: r.project.schema, sources: [r.project.migrations], devUrl: PG_URL });
    assert.ok(isEmptyPlan(again), `${c.name}: still to do after the generated migration:\n${again.up.map((s) => s.sql).join('\n')}`);
    const leaked = (await scratchDatabases()).filter((d) => !before.includes(d));
    assert.deepEqual(leaked, [], 'scratch databases were not dropped');
  });
}
