// The dbmate-style `-- migrate:up` / `-- migrate:down` parser: blocks byte for byte, options, errors.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseSections } from '../../../src/core/formats/sectioned.js';
import { loadMigrations } from '../../../src/core/load.js';
import { isShaleError } from '../../../src/errors.js';
import { memorySource } from '../../../src/sources/memory.js';

type Block = { text: string; line: number; transaction: boolean };
const parse = (text: string) => parseSections(text, 'f.sql').map((s) => ({ up: { ...s.up } as Block, down: { ...s.down } as Block }));

describe('P1/P2 blocks, byte for byte', () => {
  const table: [name: string, text: string, expected: { up: Block; down: Block }[]][] = [
    [
      'dbmate example',
      '-- migrate:up\ncreate table users (id serial, name text);\n\n-- migrate:down\ndrop table users;\n',
      [{ up: { text: '-- migrate:up\ncreate table users (id serial, name text);\n\n', line: 1, transaction: true }, down: { text: '-- migrate:down\ndrop table users;\n', line: 4, transaction: true } }],
    ],
    [
      'no space after --',
      '--migrate:up\nselect 1;\n--migrate:down\nselect 2;',
      [{ up: { text: '--migrate:up\nselect 1;\n', line: 1, transaction: true }, down: { text: '--migrate:down\nselect 2;', line: 3, transaction: true } }],
    ],
    [
      'P4 leading blank and comment lines are allowed and not part of the up text',
      '\n-- a comment\n\n-- migrate:up\nselect 1;\n-- migrate:down\nselect 2;\n',
      [{ up: { text: '-- migrate:up\nselect 1;\n', line: 4, transaction: true }, down: { text: '-- migrate:down\nselect 2;\n', line: 6, transaction: true } }],
    ],
    [
      'blank lines around blocks kept',
      '-- migrate:up\n\n\nselect 1;\n\n\n-- migrate:down\n\nselect 2;\n\n',
      [{ up: { text: '-- migrate:up\n\n\nselect 1;\n\n\n', line: 1, transaction: true }, down: { text: '-- migrate:down\n\nselect 2;\n\n', line: 7, transaction: true } }],
    ],
    [
      'empty blocks',
      '-- migrate:up\n-- migrate:down\n',
      [{ up: { text: '-- migrate:up\n', line: 1, transaction: true }, down: { text: '-- migrate:down\n', line: 2, transaction: true } }],
    ],
    [
      'P6 CRLF keeps \\r\\n inside blocks',
      '-- migrate:up transaction:true\r\ncreate table t (id int);\r\n\r\n-- migrate:down\r\ndrop table t;\r\n',
      [{ up: { text: '-- migrate:up transaction:true\r\ncreate table t (id int);\r\n\r\n', line: 1, transaction: true }, down: { text: '-- migrate:down\r\ndrop table t;\r\n', line: 4, transaction: true } }],
    ],
    [
      'P6 CRLF with transaction:false',
      '-- migrate:up transaction:false\r\nselect 1;\r\n-- migrate:down\r\nselect 2;\r\n',
      [{ up: { text: '-- migrate:up transaction:false\r\nselect 1;\r\n', line: 1, transaction: false }, down: { text: '-- migrate:down\r\nselect 2;\r\n', line: 3, transaction: true } }],
    ],
    [
      'P7 several sections',
      '-- migrate:up\ncreate table a (id int);\n-- migrate:down\ndrop table a;\n\n-- migrate:up transaction:false\ncreate index i on a (id);\n-- migrate:down\ndrop index i;\n',
      [
        { up: { text: '-- migrate:up\ncreate table a (id int);\n', line: 1, transaction: true }, down: { text: '-- migrate:down\ndrop table a;\n\n', line: 3, transaction: true } },
        { up: { text: '-- migrate:up transaction:false\ncreate index i on a (id);\n', line: 6, transaction: false }, down: { text: '-- migrate:down\ndrop index i;\n', line: 8, transaction: true } },
      ],
    ],
  ];
  for (const [name, text, expected] of table) test(name, () => assert.deepEqual(parse(text), expected));
});

describe('P5 options', () => {
  const table: [upLine: string, downLine: string, up: boolean, down: boolean][] = [
    ['-- migrate:up', '-- migrate:down', true, true],
    ['-- migrate:up transaction:false', '-- migrate:down', false, true],
    ['-- migrate:up', '-- migrate:down transaction:false', true, false],
    ['-- migrate:up transaction:true', '-- migrate:down transaction:false', true, false],
    ['-- migrate:up transaction:no', '-- migrate:down', true, true],
    ['-- migrate:up foo:bar transaction:false', '-- migrate:down', false, true],
    ['-- migrate:up\ttransaction:false', '-- migrate:down', false, true],
    ['-- migrate:up transaction:false   ', '-- migrate:down', false, true],
    ['-- migrate:up transaction:false:x', '-- migrate:down', true, true], // malformed pair ignored
    ['-- migrate:up transaction', '-- migrate:down', true, true], // malformed pair ignored
    ['-- migrate:up transaction=false', '-- migrate:down', true, true], // malformed pair ignored
  ];
  for (const [upLine, downLine, up, down] of table) {
    test(`${JSON.stringify(upLine)} / ${JSON.stringify(downLine)}`, () => {
      const [s] = parse(`${upLine}\nselect 1;\n${downLine}\nselect 2;\n`);
      assert.deepEqual([s!.up.transaction, s!.down.transaction], [up, down]);
    });
  }
});

describe('P3/P4/P7 errors are E_PARSE', () => {
  const table: [name: string, text: string, line: number][] = [
    ['no blocks at all', 'select 1;\n', 1],
    ['empty file', '', 1],
    ['missing up block', '-- migrate:down\ndrop table t;\n', 1],
    ['down before up', '-- migrate:down\nselect 2;\n-- migrate:up\nselect 1;\n', 1],
    ['missing down block', '-- migrate:up\nselect 1;\n', 2],
    ['statement before the up block', 'select 0;\n-- migrate:up\nselect 1;\n-- migrate:down\nselect 2;\n', 1],
    ['two downs in one section', '-- migrate:up\nselect 1;\n-- migrate:down\nselect 2;\n-- migrate:down\nselect 3;\n', 5],
    ['an up with no down before the next up', '-- migrate:up\nselect 1;\n-- migrate:up\nselect 2;\n-- migrate:down\nselect 3;\n', 3],
    ['second section without down', '-- migrate:up\nselect 1;\n-- migrate:down\nselect 2;\n-- migrate:up\nselect 3;\n', 6],
  ];
  for (const [name, text, line] of table) {
    test(name, () => {
      assert.throws(
        () => parseSections(text, 'f.sql'),
        (e: unknown) => isShaleError(e, 'E_PARSE') && e.details['file'] === 'f.sql' && e.details['line'] === line && e.message.startsWith(`f.sql:${line}:`),
      );
    });
  }
});

describe('sectioned files through loadMigrations', () => {
  test('format, scripts per section, downs newest first, description and depends from leading comments', async () => {
    const text = '-- the users\n-- depends: 0\n-- migrate:up\ncreate table a (id int);\n-- migrate:down\ndrop table a;\n-- migrate:up transaction:false\nselect 2;\n-- migrate:down\nselect 3;\n';
    const set = await loadMigrations([memorySource({ '0.sql': 'select 0;', '1_users.sql': text })]);
    const m = set.migrations.find((x) => x.id === '1_users')!;
    assert.equal(m.format, 'sectioned');
    assert.equal(m.description, 'the users');
    assert.deepEqual(m.depends, ['0']);
    assert.deepEqual(m.up.kind === 'sql' && m.up.scripts.map((s) => [s.line, s.transaction]), [[3, true], [7, false]]);
    assert.deepEqual(m.down?.kind === 'sql' && m.down.scripts.map((s) => [s.line, s.transaction]), [[9, true], [5, true]]);
  });

  test('a leading -- transaction: false applies to every block', async () => {
    const set = await loadMigrations([memorySource({ '1.sql': '-- transaction: false\n-- migrate:up\nselect 1;\n-- migrate:down\nselect 2;\n' })]);
    const m = set.migrations[0]!;
    assert.equal(m.up.kind === 'sql' && m.up.scripts[0]!.transaction, false);
    assert.equal(m.down?.kind === 'sql' && m.down.scripts[0]!.transaction, false);
  });

  const bad: [string, string][] = [
    ['down before up', '-- migrate:down\nselect 2;\n-- migrate:up\nselect 1;\n'],
    ['only a down block', '-- migrate:down\ndrop table t;\n'],
    ['missing down', '-- migrate:up\nselect 1;\n'],
    ['statement before up', 'select 0;\n-- migrate:up\nselect 1;\n-- migrate:down\nselect 2;\n'],
  ];
  for (const [name, text] of bad) {
    test(`${name}: E_PARSE naming the file`, async () => {
      await assert.rejects(loadMigrations([memorySource({ '0001_x.sql': text })]), (e: unknown) => isShaleError(e, 'E_PARSE') && e.message.includes('memory:0001_x.sql'));
    });
  }

  test('a sectioned file with a .rollback.sql beside it is E_PARSE', async () => {
    await assert.rejects(
      loadMigrations([memorySource({ '1.sql': '-- migrate:up\nselect 1;\n-- migrate:down\nselect 2;\n', '1.rollback.sql': 'select 3;' })]),
      (e: unknown) => isShaleError(e, 'E_PARSE'),
    );
  });
});
