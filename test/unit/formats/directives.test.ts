// Leading comment directives (the transaction opt-out) and the description taken from leading comments.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readLeadingDirectives } from '../../../src/core/formats/directives.js';
import { loadMigrations } from '../../../src/core/load.js';
import { memorySource } from '../../../src/sources/memory.js';

describe('C8 transaction opt-out', () => {
  const table: [name: string, text: string, transaction: boolean][] = [
    ['no directive', 'create table t (id int);', true],
    ['-- transactional: false', '-- transactional: false\ncreate table t (id int);', false],
    ['-- transaction: false (alias)', '-- transaction: false\ncreate table t (id int);', false],
    ['case-insensitive', '-- Transactional: FALSE\ncreate table t (id int);', false],
    ['no space after --', '--transactional:false\ncreate table t (id int);', false],
    ['CRLF', '-- transactional: false\r\ncreate table t (id int);\r\n', false],
    ['CRLF, after other comment lines', '-- make t\r\n-- depends:\r\n-- transactional: false\r\ncreate table t (id int);\r\n', false],
    ['after blank lines', '\n\n-- transactional: false\ncreate table t (id int);', false],
    ['after a byte-order mark', '\uFEFF-- transactional: false\ncreate table t (id int);', false],
    ['explicit true', '-- transactional: true\ncreate table t (id int);', true],
    ['not leading (after SQL)', 'create table t (id int);\n-- transactional: false\n', true],
  ];
  for (const [name, text, transaction] of table) {
    test(`${name}: directives`, () => assert.equal(readLeadingDirectives(text).transaction, transaction));
    test(`${name}: loaded migration`, async () => {
      const set = await loadMigrations([memorySource({ '0001.t.sql': text })]);
      const up = set.migrations[0]!.up;
      assert.equal(up.kind === 'sql' && up.scripts.every((s) => s.transaction), transaction);
    });
  }

  test('the rollback file has its own directive', async () => {
    const set = await loadMigrations([memorySource({ '1.sql': 'create table t (id int);', '1.rollback.sql': '-- transaction: false\ndrop table t;' })]);
    const m = set.migrations[0]!;
    assert.equal(m.up.kind === 'sql' && m.up.scripts[0]!.transaction, true);
    assert.equal(m.down?.kind === 'sql' && m.down.scripts[0]!.transaction, false);
  });
});

describe('C9 leading comments are the description', () => {
  const table: [name: string, text: string, description: string][] = [
    ['one line', '-- create the users table\ncreate table users (id int);', 'create the users table'],
    ['several lines joined by a space', '-- create the users table\n-- and its index\ncreate table users (id int);', 'create the users table and its index'],
    ['directive lines are not description', "-- I'm a docstring\n-- depends:\n-- transactional: false\n\nselect 1;", "I'm a docstring"],
    ['CRLF', '-- hello\r\n-- world\r\nselect 1;\r\n', 'hello world'],
    ['stops at the first SQL line', '-- before\nselect 1;\n-- after\n', 'before'],
    ['no comments', 'select 1;', ''],
    ['empty comment lines skipped', '--\n-- text\n--\nselect 1;', 'text'],
  ];
  for (const [name, text, description] of table) {
    test(name, async () => {
      assert.equal(readLeadingDirectives(text).description, description);
      const set = await loadMigrations([memorySource({ '0001.x.sql': text })]);
      assert.equal(set.migrations[0]!.description, description);
    });
  }
});
