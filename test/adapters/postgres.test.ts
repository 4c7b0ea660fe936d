import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pg from 'pg';
import { createMigrator, memorySource } from '../../src/index.js';
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
