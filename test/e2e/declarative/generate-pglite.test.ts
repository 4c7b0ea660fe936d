// generate with the embedded dev database (PGlite): each case's generated migration turns a into b
// and its rollback turns b back into a.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GENERATE_CASES, RENAME_CASE, checkGenerateRoundTrip } from './helpers.js';

for (const c of GENERATE_CASES) {
  test(`generate (pglite): ${c.name}`, async () => {
    await checkGenerateRoundTrip(c);
  });
}

test('generate (pglite): a shale:renamed hint renames instead of drop + add', async () => {
  const r = await checkGenerateRoundTrip(RENAME_CASE);
  assert.deepEqual(r.plan.renames, ['alter table "public"."t" rename column "name" to "full_name";']);
  assert.doesNotMatch(r.up, /drop column/);
  assert.match(r.down, /rename column "full_name" to "name"/);
});
