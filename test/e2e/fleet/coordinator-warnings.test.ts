import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { shale, tempDir } from '../../helpers/cli.js';
import { createPgDatabase, skipUnlessPg, type TempPgDatabase } from '../../helpers/databases.js';
import { createPgDatabases, dropPgDatabases } from '../../helpers/pg-fleet.js';

const skip = await skipUnlessPg();
let dir: string;
let queueDb: TempPgDatabase;
const pgs: TempPgDatabase[] = [];

before(async () => {
  if (skip) return;
  dir = tempDir('shale-coord-warn-');
  mkdirSync(join(dir, 'migrations'));
  // Slow enough that lease renewals (every lease/3) fire while claims and finishes are in flight.
  writeFileSync(join(dir, 'migrations/001.slow.sql'), 'select pg_sleep(0.4);\ncreate table a (id int);\n');
  writeFileSync(join(dir, 'migrations/002.b.sql'), 'create table b (id int);\n');
  queueDb = await createPgDatabase('shale_queue_warn');
  pgs.push(...(await createPgDatabases(6, 'shale_coord_warn')));
  writeFileSync(join(dir, 'targets.txt'), pgs.map((d) => d.url).join('\n'));
});

after(async () => {
  await dropPgDatabases(pgs);
  await queueDb?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('fleet --coordinator output', { skip }, () => {
  test('a coordinated run prints no DeprecationWarning (renewals never overlap other queue queries)', async () => {
    const args = ['--source', 'migrations', 'fleet', 'up', '--targets', 'targets.txt', '--coordinator', queueDb.url, '--lease', '1', '--concurrency', '3'];
    const [a, b] = await Promise.all([shale(args, { cwd: dir }), shale(args, { cwd: dir })]);
    for (const r of [a, b]) {
      assert.equal(r.code, 0, r.stderr);
      assert.doesNotMatch(r.stderr, /DeprecationWarning|already executing a query/);
    }
  });
});
