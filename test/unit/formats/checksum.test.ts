// Checksum rules: line endings, trailing whitespace and blank lines do not count; real edits do.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { checksum, normaliseForChecksum } from '../../../src/core/checksum.js';
import { loadMigrations } from '../../../src/core/load.js';
import { memorySource } from '../../../src/sources/memory.js';

const base = 'create table t (id int);\nselect 1;\n';

describe('checksum v1', () => {
  test('format is v1:<sha256 hex of the normalised text>', () => {
    const expected = createHash('sha256').update('create table t (id int);\nselect 1;', 'utf8').digest('hex');
    assert.equal(checksum(base), `v1:${expected}`);
    assert.match(checksum('anything'), /^v1:[0-9a-f]{64}$/);
  });

  const same: [string, string][] = [
    ['CRLF line endings', 'create table t (id int);\r\nselect 1;\r\n'],
    ['CR line endings', 'create table t (id int);\rselect 1;\r'],
    ['trailing spaces and tabs', 'create table t (id int);   \t\nselect 1;  \n'],
    ['blank lines added', '\n\ncreate table t (id int);\n\n\n   \nselect 1;\n\n'],
    ['no final newline', 'create table t (id int);\nselect 1;'],
    ['byte-order mark', '\uFEFFcreate table t (id int);\nselect 1;\n'],
  ];
  for (const [name, text] of same) test(`ignored: ${name}`, () => assert.equal(checksum(text), checksum(base)));

  const edits: [string, string][] = [
    ['a type changed', 'create table t (id bigint);\nselect 1;\n'],
    ['case changed', 'CREATE table t (id int);\nselect 1;\n'],
    ['a statement added', 'create table t (id int);\nselect 1;\nselect 2;\n'],
    ['a comment added', '-- note\ncreate table t (id int);\nselect 1;\n'],
    ['spaces inside a line', 'create table t (id  int);\nselect 1;\n'],
    ['leading indentation', 'create table t (id int);\n  select 1;\n'],
    ['two lines joined', 'create table t (id int); select 1;\n'],
    ['a string literal edited', "create table t (id int);\nselect 'a  ';\n"],
  ];
  for (const [name, text] of edits) test(`caught: ${name}`, () => assert.notEqual(checksum(text), checksum(base)));

  test('loaded migrations: CRLF copy of a file has the same checksum, an edit does not', async () => {
    const a = await loadMigrations([memorySource({ '1.sql': base, '2_x.up.sql': base, '3.sql': `-- migrate:up\n${base}-- migrate:down\ndrop table t;\n` })]);
    const b = await loadMigrations([memorySource({ '1.sql': base.replace(/\n/g, '\r\n'), '2_x.up.sql': `${base}\n\n`, '3.sql': `-- migrate:up\r\n${base.replace(/\n/g, '  \r\n')}-- migrate:down\r\ndrop table t;\r\n` })]);
    const c = await loadMigrations([memorySource({ '1.sql': `${base}select 2;`, '2_x.up.sql': base.replace('int', 'text'), '3.sql': `-- migrate:up\n${base}select 3;\n-- migrate:down\ndrop table t;\n` })]);
    for (const i of [0, 1, 2]) {
      assert.equal(a.migrations[i]!.checksum, b.migrations[i]!.checksum, a.migrations[i]!.id);
      assert.notEqual(a.migrations[i]!.checksum, c.migrations[i]!.checksum, a.migrations[i]!.id);
      assert.match(a.migrations[i]!.checksum, /^v1:[0-9a-f]{64}$/);
    }
  });
});

/** The checksum's normalisation defined line by line: the one-pass normaliser must agree with it on any text. */
function normaliseByLines(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map((l) => l.replace(/\s+$/, ''))
    .filter((l) => l !== '')
    .join('\n');
}

describe('normaliseForChecksum', () => {
  test('agrees with the line-by-line definition on 20,000 random texts', () => {
    const alphabet = ['a', 'b', ' ', '\t', '\n', '\r', '\r\n', '\u00a0', '\u2028', '\v', '\f', '\uFEFF', ';', 'é', '😀'];
    let seed = 42;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    for (let i = 0; i < 20000; i++) {
      let text = '';
      for (let j = rand(24); j > 0; j--) text += alphabet[rand(alphabet.length)];
      assert.equal(normaliseForChecksum(text), normaliseByLines(text), JSON.stringify(text));
    }
  });

  test('edge cases', () => {
    for (const text of ['', '\n', ' \n ', '\uFEFF', '\uFEFF\n a', 'a\r\r\nb', '  a  \n\n  b  ', '\n\n\t x', 'x\u2028 \ny', 'a\u2028b']) {
      assert.equal(normaliseForChecksum(text), normaliseByLines(text), JSON.stringify(text));
    }
  });
});
