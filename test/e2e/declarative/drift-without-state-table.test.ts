// drift on a database without shale's state tables: empty is in sync, a schema there is an error.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openAdapter } from '../../../src/index.js';
import { checkDrift } from '../../../src/declarative/index.js';
import { project } from './helpers.js';

test('drift (pglite): no state table: an empty database is in sync, one with a schema is an error (not "drop everything")', async () => {
  const p = project({ '0001_t.sql': 'create table t (id int);' });
  const live = await openAdapter('pglite:memory');
  try {
    assert.equal((await checkDrift({ db: live, sources: [p.migrations] })).inSync, true);
    await live.query('create table t (id int)');
    await assert.rejects(checkDrift({ db: live, sources: [p.migrations] }), (e: { code?: string; message: string }) => {
      assert.equal(e.code, 'E_USAGE');
      assert.match(e.message, /no shale_migrations table/);
      return true;
    });
  } finally {
    await live.close();
  }
});
