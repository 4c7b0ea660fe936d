// Error positions (file:line:col) stay right after multi-byte, astral and CRLF text.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { memorySource } from '../../../src/sources/memory.js';
import { skipFor, withTarget } from './targets.js';

/** `line:col` (1-based; col in UTF-16 code units, as src/core/position.ts counts) of `needle` in `text`. */
function posOf(text: string, needle: string): string {
  const i = text.indexOf(needle);
  assert.ok(i >= 0);
  const before = text.slice(0, i);
  return `${before.split('\n').length}:${i - before.lastIndexOf('\n')}`;
}

describe('PostgreSQL error positions with non-ASCII text (dbmate R6)', { skip: await skipFor('postgres'), concurrency: true }, () => {
  // libpg-query's error cursor is a 0-based code point index, while its statement offsets are bytes.
  const syntax: [name: string, text: string, token: string][] = [
    ['UTF-8', "-- migrate:up\n-- ünïcödé 日本語\ncreate table a (name text);\ninsert into a values ('ünïcödé 日本語'); not_valid_sql_utf8_up;\n-- migrate:down\ndrop table a;\n", 'not_valid_sql_utf8_up'],
    ['CRLF', "-- migrate:up\r\n-- ünïcödé\r\ncreate table a (name text);\r\n\r\ninsert into a values ('ü'); not_valid_sql_crlf_up;\r\n-- migrate:down\r\ndrop table a;\r\n", 'not_valid_sql_crlf_up'],
    ['astral (emoji) characters', "-- migrate:up\ncreate table a (name text);\ninsert into a values ('😀😀'); not_valid_sql_emoji_up;\n-- migrate:down\ndrop table a;\n", 'not_valid_sql_emoji_up'],
  ];
  for (const [name, text, token] of syntax) {
    test(`syntax error after ${name} text points at the bad token`, () =>
      withTarget('postgres', async (t) => {
        const r = await t.migrator({ sources: [memorySource({ '0001_bad.sql': text })] }).up();
        assert.ok(r.error);
        assert.match(r.error.message, new RegExp(`syntax error.*${token}`));
        assert.ok(r.error.message.startsWith(`memory:0001_bad.sql:${posOf(text, token)}:`), r.error.message);
      }));
  }

  // PostgreSQL's `position` is a 1-based character index; astral characters are 2 UTF-16 units.
  test('runtime error after an emoji in the same statement points at the failing relation', () =>
    withTarget('postgres', async (t) => {
      const text = "-- migrate:up\ncreate table a (name text);\ninsert into a\nselect '😀😀' from nope;\n-- migrate:down\ndrop table a;\n";
      const r = await t.migrator({ sources: [memorySource({ '1.sql': text })] }).up();
      assert.equal(r.error?.code, 'E_SQL');
      assert.ok(r.error!.message.startsWith(`memory:1.sql:${posOf(text, 'nope')}:`), r.error!.message);
    }));
});
