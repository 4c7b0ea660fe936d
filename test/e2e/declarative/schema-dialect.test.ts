// The declarative commands get a dialect's schema code through the adapter's `schemaDialect`
// capability; a database without it is E_UNSUPPORTED, before any work starts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isShaleError, openAdapter } from '../../../src/index.js';
import type { Adapter } from '../../../src/adapters/adapter.js';
import { compareDatabases, snapshot } from '../../../src/declarative/index.js';
import { schemaDialectOf } from '../../../src/declarative/schema-dialect.js';

test('a database without schema diff support: E_UNSUPPORTED, one line naming what it needs', async () => {
  // Every engine shale opens has it now: an adapter without the capability stands for a future one.
  const db = { display: 'other://db', schemaDialect: undefined } as unknown as Adapter;
  for (const run of [() => schemaDialectOf(db, 'drift'), () => snapshot(db), () => compareDatabases(db, db)]) {
    await assert.rejects(run(), (e: unknown) => isShaleError(e, 'E_UNSUPPORTED') && /needs a database with schema diff support/.test(e.message) && !e.message.includes('\n'));
  }
});

test('SQLite has it: its own schema module, on an in-memory database', async () => {
  const db = await openAdapter('sqlite::memory:');
  try {
    assert.equal((await db.schemaDialect?.())?.id, 'sqlite');
    await db.execute('create table t (a int)');
    assert.deepEqual(((await snapshot(db)) as unknown as { tables: { name: string }[] }).tables.map((t) => t.name), ['t']);
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
