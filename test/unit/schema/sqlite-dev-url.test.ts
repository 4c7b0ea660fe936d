// The dev database follows the project's dialect (decided from URLs alone, nothing is opened).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseDevUrl, devForUrl } from '../../../src/declarative/dev-database.js';
import { isShaleError } from '../../../src/errors.js';

test('the default dev database is the project dialect\'s embedded one', () => {
  assert.equal(chooseDevUrl(undefined, devForUrl('sqlite:app.db')), 'sqlite::memory:');
  assert.equal(chooseDevUrl(undefined, devForUrl('postgres://u:pw@h/db')), 'pglite:memory');
  assert.equal(chooseDevUrl(undefined, devForUrl('pglite:./data')), 'pglite:memory');
  assert.equal(chooseDevUrl(undefined, undefined), 'pglite:memory');
});

test('a --dev-url of the project\'s dialect is used as given; of another dialect it is E_USAGE naming both', () => {
  assert.equal(chooseDevUrl('postgres://h/dev', devForUrl('pglite:./data')), 'postgres://h/dev');
  assert.equal(chooseDevUrl('sqlite::memory:', undefined), 'sqlite::memory:');
  assert.throws(
    () => chooseDevUrl('pglite:memory', devForUrl('sqlite:app.db')),
    (e: unknown) => isShaleError(e, 'E_USAGE') && /pglite:memory is PostgreSQL/.test(e.message) && /sqlite:app\.db is SQLite/.test(e.message),
  );
});

test('a MySQL project without --dev-url is E_USAGE saying what to pass; its password is not shown', () => {
  assert.throws(
    () => chooseDevUrl(undefined, devForUrl('mysql://root:secret@db/app')),
    (e: unknown) => isShaleError(e, 'E_USAGE') && /--dev-url mysql:\/\//.test(e.message) && !e.message.includes('secret') && !e.message.includes('\n'),
  );
});
