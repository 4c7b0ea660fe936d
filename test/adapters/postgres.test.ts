import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pg from 'pg';
import { createMigrator, memorySource, openAdapter } from '../../src/index.js';
import { createPgDatabase, skipUnlessPg } from '../helpers/databases.js';
import { adapterSuite } from './suite.js';

adapterSuite('postgres', {
  skip: skipUnlessPg,
  async create() {
    const db = await createPgDatabase();
    return { url: db.url, drop: db.drop };
  },
}, { capabilities: { transactionalDdl: true, savepoints: true }, deferredForeignKeys: {}, notInTransaction: 'vacuum t' });

describe('postgres adapter: library hygiene', async () => {
  const skip = await skipUnlessPg();
  it("does not change the pg module's global type parsers (an application's own int8 stay strings)", { skip }, async () => {
    const db = await createPgDatabase();
    const m = createMigrator({ db: db.url, sources: [memorySource({ '1.sql': 'create table t (id bigint);' })] });
    const app = new pg.Client({ connectionString: db.url });
    try {
      assert.equal((await m.up()).error, null);
      // shale's own connection reads int8 as numbers…
      assert.deepEqual((await (await m.adapter()).query('select 1::int8 as n')).rows, [{ n: 1 }]);
      // …an application's client in the same process still gets pg's default (strings).
      await app.connect();
      assert.deepEqual((await app.query('select 9007199254740993::int8 as n')).rows, [{ n: '9007199254740993' }]);
    } finally {
      await app.end().catch(() => undefined);
      await m.close();
      await db.drop();
    }
  });
});

describe('postgres locker: forceRelease', async () => {
  const skip = await skipUnlessPg();
  it('returns once the holder backend has exited: the lock is free at that moment, for any session', { skip }, async () => {
    const db = await createPgDatabase();
    const a = await openAdapter(db.url);
    const b = await openAdapter(db.url);
    const probe = new pg.Client({ connectionString: db.url });
    try {
      await a.locker.acquire({ timeoutMs: 1000 });
      // Advisory locks of this database only: other test files hold theirs on the same server.
      const mine = "locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())";
      const held = await probe.connect().then(() => probe.query(`select pid from pg_locks where ${mine} and granted`));
      assert.equal(held.rows.length, 1);
      assert.equal(await b.locker.forceRelease(), true);
      // No wait, no retry: the terminated backend is gone and its advisory lock with it.
      const left = await probe.query('select count(*)::int as n from pg_stat_activity where pid = $1', [held.rows[0].pid]);
      assert.equal(left.rows[0].n, 0);
      assert.equal((await probe.query(`select count(*)::int as n from pg_locks where ${mine}`)).rows[0].n, 0);
      assert.equal(await b.locker.forceRelease(), false);
    } finally {
      await probe.end().catch(() => undefined);
      await a.close().catch(() => undefined);
      await b.close();
      await db.drop();
    }
  });
});
