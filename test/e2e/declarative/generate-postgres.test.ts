// generate with the real PostgreSQL server as dev database (--dev-url): the same round-trip cases,
// and "nothing to do" once the generated migration exists.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isEmptyPlan, planGeneration } from '../../../src/declarative/index.js';
import { PG_URL, skipUnlessPg } from '../../helpers/databases.js';
import { GENERATE_CASES, RENAME_CASE, checkGenerateRoundTrip } from './helpers.js';

const skip = await skipUnlessPg();

for (const c of [...GENERATE_CASES, RENAME_CASE]) {
  test(`generate (postgres dev database): ${c.name}`, { skip }, async () => {
    const r = await checkGenerateRoundTrip(c, PG_URL);
    // The migrations now produce the desired schema: generating again finds nothing to do.
    const again = await planGeneration({ schema: r.project.schema, sources: [r.project.migrations], devUrl: PG_URL });
    assert.ok(isEmptyPlan(again), `${c.name}: still to do after the generated migration:\n${again.up.map((s) => s.sql).join('\n')}`);
  });
}
