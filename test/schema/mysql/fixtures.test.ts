// shale's own MySQL/MariaDB a/b fixtures (test/schema/mysql/fixtures/<case>/{a,b}.sql), one or more
// per object kind. Each is checked both ways (A → B and B → A) on the local server: apply the plan
// to A, re-inspect, A equals B, a second diff is empty.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { skipUnlessMysql } from '../../helpers/mysql.js';
import { checkMysqlConvergence, withMysqlPair } from './convergence.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const cases = readdirSync(dir).sort();
const skip = await skipUnlessMysql();

for (const name of cases) {
  for (const reverse of [false, true]) {
    test(`mysql fixture ${name} ${reverse ? 'B → A' : 'A → B'}`, { skip }, async () => {
      const read = (f: string) => readFileSync(join(dir, name, f), 'utf8');
      const [a, b] = reverse ? [read('b.sql'), read('a.sql')] : [read('a.sql'), read('b.sql')];
      await withMysqlPair(async (p) => {
        const r = await checkMysqlConvergence(p.a, p.b, { a, b });
        assert.ok(r.statements.length > 0, 'the fixture has differences to plan');
        assert.deepEqual(r.differences, [], `A differs from B after applying:\n${r.statements.map((s) => s.sql).join('\n')}`);
        assert.deepEqual(r.remaining.map((s) => s.sql), [], 'a second diff is empty');
      });
    });
  }
}
