// The codes the run funnel gives what it catches (core/run-error.ts), without a database.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShaleError } from '../../../src/errors.js';
import { databaseError, fromDatabase, runError } from '../../../src/core/run-error.js';

test('runError: a ShaleError as it is, anything else E_INTERNAL with the original as cause', () => {
  const own = new ShaleError('E_LOCK_TIMEOUT', 'held');
  assert.equal(runError(own), own);
  const foreign = new Error('boom');
  const e = runError(foreign);
  assert.equal(e.code, 'E_INTERNAL');
  assert.equal(e.message, 'boom');
  assert.equal(e.cause, foreign);
  assert.equal(runError('a string').code, 'E_INTERNAL');
});

test("fromDatabase: the database's errors are E_SQL; a programming error stays one (E_INTERNAL later)", async () => {
  const driver = Object.assign(new Error('relation "x" does not exist'), { code: '42P01' });
  await assert.rejects(
    fromDatabase(() => Promise.reject(driver)),
    (e: unknown) => e instanceof ShaleError && e.code === 'E_SQL' && e.cause === driver,
  );
  const bug = new TypeError('undefined is not a function');
  assert.equal(databaseError(bug), bug);
  assert.equal(runError(databaseError(bug)).code, 'E_INTERNAL');
  const own = new ShaleError('E_LOCK_LOST', 'lost');
  assert.equal(databaseError(own), own);
  assert.equal(await fromDatabase(async () => 7), 7);
});
