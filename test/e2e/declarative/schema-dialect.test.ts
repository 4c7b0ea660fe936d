// The declarative commands get a dialect's schema code through the adapter's `schemaDialect`
// capability; a database without it is E_UNSUPPORTED, before any work starts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isShaleError, openAdapter } from '../../../src/index.js';
import { checkDrift, compareDatabases, snapshot } from '../../../src/declarative/index.js';

test('a database without schema diff support: E_UNSUPPORTED, one line naming what it needs', async () => {
  const db = await openAdapter('sqlite::memory:');
  try {
    assert.equal(db.schemaDialect, undefined);
    for (const run of [() => snapshot(db), () => compareDatabases(db, db), () => checkDrift({ db })]) {
      await assert.rejects(run(), (e: unknown) => isShaleError(e, 'E_UNSUPPORTED') && /needs a database with schema diff support/.test(e.message) && !e.message.includes('\n'));
    }
  } finally {
    await db.close();
  }
});

test('PGlite has it: the PostgreSQL schema module, loaded on first use', async () => {
  const db = await openAdapter('pglite:memory');
  try {
    const dialect = await db.schemaDialect?.();
    assert.equal(dialect?.id, 'postgres');
    const s = await snapshot(db);
    assert.deepEqual(s.tables, []);
  } finally {
    await db.close();
  }
});
