// Converting tables between plain and partitioned (the partitioning_convert fixture) keeps their
// rows, both ways, on the real server: the rebuild copies them across the drop; a partition that
// stays a table of its own keeps its rows and lends none to the new table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { skipUnlessPg, withPgPair } from '../helpers/databases.js';
import { checkConvergence } from './convergence.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'partitioning_convert');
const A = readFileSync(join(dir, 'a.sql'), 'utf8');
const B = readFileSync(join(dir, 'b.sql'), 'utf8');
const skip = await skipUnlessPg();

// `kept` (partitioned → plain with kept_1 detached) has no rows of its own; partitioned again, kept_1's.
for (const [name, a, b, kept] of [['a → b', A, B, '0'], ['b → a', B, A, '1']] as const) {
  test(`${name}: rows kept across the rebuild; identity continues after them`, { skip }, () =>
    withPgPair('shale_rebuild', async (db) => {
      const r = await checkConvergence(db, { a, b, opts: { unsafe: true } });
      assert.deepEqual(r.differences, []);
      assert.deepEqual(r.remaining.map((s) => s.sql), []);
      const rows = async (sql: string) => (await db.a.query<{ r: string }>(sql)).rows.map((x) => x.r);
      assert.deepEqual(await rows(`select at::text || ' ' || v::text as r from readings order by at`), ['2020-05-01 1.5', '2021-02-03 2.5']);
      assert.deepEqual(await rows(`select id::text || ' ' || note as r from archive order by id`), ['1 a', '2 b']);
      assert.deepEqual(await rows(`select count(*)::text as r from kept`), [kept]);
      assert.deepEqual(await rows(`select count(*)::text as r from only kept_1`), ['1']);
      await db.a.query(`insert into readings (at, v) values ('2021-06-01', 3)`);
      assert.deepEqual(await rows(`select max(id)::text as r from readings`), ['3']);
    }));
}
