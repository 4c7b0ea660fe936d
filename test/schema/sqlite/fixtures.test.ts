// Every fixture (fixtures/<case>/a.sql, b.sql) both ways: the plan converges (see convergence.ts),
// and its SQL matches the golden file beside it (expected.sql for a→b, expected-reverse.sql for b→a).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { assertGolden, renderPlan } from '../../helpers/golden.js';
import { checkSqliteConvergence } from './convergence.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const cases = readdirSync(dir).sort();

for (const name of cases) {
  const a = readFileSync(join(dir, name, 'a.sql'), 'utf8');
  const b = readFileSync(join(dir, name, 'b.sql'), 'utf8');
  for (const [direction, from, to, golden] of [['a→b', a, b, 'expected.sql'], ['b→a', b, a, 'expected-reverse.sql']] as const) {
    test(`sqlite fixture ${name} ${direction}: converges, keeps rows, matches ${golden}`, async () => {
      const r = await checkSqliteConvergence(from, to);
      assert.ok(r.same, `${name} ${direction}: after the plan the schema differs from the target`);
      assert.deepEqual(r.remaining.map((s) => s.sql), [], `${name} ${direction}: a second diff is not empty`);
      assert.deepEqual(r.rows.after, r.rows.before, `${name} ${direction}: rows were lost`);
      assert.equal(r.foreignKeyViolations, 0);
      // Rebuilds and table drops run with foreign keys off, outside the transaction.
      const needsOff = r.statements.some((s) => s.kind === 'rebuildTable' || s.kind === 'dropTable');
      assert.equal(r.outsideTransaction, needsOff);
      assertGolden(join(dir, name, golden), renderPlan(r.statements));
    });
  }
}

test('the sqlite fixtures cover every change kind', async () => {
  const kinds = new Set<string>();
  for (const name of cases) {
    for (const [from, to] of [['a.sql', 'b.sql'], ['b.sql', 'a.sql']]) {
      const r = await checkSqliteConvergence(readFileSync(join(dir, name, from!), 'utf8'), readFileSync(join(dir, name, to!), 'utf8'));
      for (const s of r.statements) kinds.add(s.kind);
    }
  }
  const all = ['createTable', 'dropTable', 'addColumn', 'dropColumn', 'rebuildTable', 'createIndex', 'dropIndex', 'createView', 'dropView', 'createTrigger', 'dropTrigger', 'checkForeignKeys'];
  assert.deepEqual(all.filter((k) => !kinds.has(k)), []);
});
