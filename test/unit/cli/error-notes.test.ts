// The database's DETAIL and HINT of an error: lines after the error line, members of the JSON error.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShaleError } from '../../../src/index.js';
import { errorJson, errorNoteLines, errorNotes } from '../../../src/cli/output.js';

const duplicate = new ShaleError('E_SQL', 'migrations/0002.sql:1:1: could not create unique index "u"', { detail: 'Key (sku)=(sku1) is duplicated.' });

test('detail and hint become `shale: detail:` / `shale: hint:` lines, each on one line', () => {
  assert.equal(errorNoteLines(duplicate), 'shale: detail: Key (sku)=(sku1) is duplicated.\n');
  const both = new ShaleError('E_SQL', 'x', { detail: 'line one\nline two', hint: 'Try a cast.' });
  assert.equal(errorNoteLines(both), 'shale: detail: line one line two\nshale: hint: Try a cast.\n');
});

test('--json: the error member carries detail and hint only when there are some', () => {
  assert.deepEqual(errorJson(duplicate), { code: 'E_SQL', message: duplicate.message, detail: 'Key (sku)=(sku1) is duplicated.' });
  assert.deepEqual(errorJson(new ShaleError('E_USAGE', 'bad')), { code: 'E_USAGE', message: 'bad' });
});

test('a hint the message already says is not repeated; non-ShaleErrors and empty values have none', () => {
  const said = new ShaleError('E_SQL', 'x; put `-- transaction: false` at the top of the file', { hint: 'transaction: false' });
  assert.deepEqual(errorNotes(said), {});
  assert.deepEqual(errorNotes(new Error('boom')), {});
  assert.deepEqual(errorNotes(new ShaleError('E_SQL', 'x', { detail: '  ', hint: 42 })), {});
});
