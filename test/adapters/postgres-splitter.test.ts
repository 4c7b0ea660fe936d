// splitPostgres with the real parser (libpg-query, no server needed): statement text, offsets,
// psql-only input. Offsets are UTF-16 offsets into the script whatever the text before them.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { isShaleError } from '../../src/errors.js';
import { loadPgParser, splitPostgres } from '../../src/adapters/postgres/splitter.js';

const sqls = (script: string) => splitPostgres(script).map((s) => s.sql);

function parseError(script: string): { message: string; offset: number } {
  try {
    splitPostgres(script);
  } catch (e) {
    assert.ok(isShaleError(e, 'E_PARSE'), `expected E_PARSE, got ${String(e)}`);
    return { message: e.message, offset: e.details['offset'] as number };
  }
  assert.fail(`no E_PARSE for ${JSON.stringify(script)}`);
}

function assertOffsets(script: string): void {
  for (const p of splitPostgres(script)) assert.equal(script.slice(p.offset, p.offset + p.sql.length), p.sql);
}

describe('splitPostgres', () => {
  before(() => loadPgParser());

  it('keeps nested, tagged dollar quotes whole', () => {
    const fn = 'create function f() returns text language plpgsql as $a$ begin return $b$ x; $$ y; $b$; end $a$';
    assert.deepEqual(sqls(`${fn};\nselect f();`), [fn, 'select f()']);
  });

  it("keeps E'' strings with \\' and standard strings with '' whole", () => {
    const script = "insert into t values (E'it\\'s; ok');\ninsert into t values ('a''b; c');\nselect 1";
    assert.deepEqual(sqls(script), ["insert into t values (E'it\\'s; ok')", "insert into t values ('a''b; c')", 'select 1']);
  });

  it('ignores ; and $$ in -- comments and in nested /* /* */ */ comments', () => {
    const script = '-- lead ; $$\ncreate table t (x int); /* a; $$ /* nested; */ still; */\nselect 1;';
    assert.deepEqual(sqls(script), ['create table t (x int)', 'select 1']);
    assertOffsets(script);
  });

  it('keeps BEGIN ATOMIC bodies and CREATE RULE … DO ALSO (a; b) whole', () => {
    const atomic = 'create function g() returns int language sql begin atomic select 1; select 2; end';
    const rule = 'create rule r as on insert to t do also (insert into u values (new.x); insert into u values (new.x + 1))';
    assert.deepEqual(sqls(`${atomic};\n${rule};\nselect 3`), [atomic, rule, 'select 3']);
  });

  it('takes a last statement without ; and drops whitespace-only trailing text', () => {
    assert.deepEqual(sqls('select 1;\nselect 2'), ['select 1', 'select 2']);
    assert.deepEqual(sqls('select 1;\n  \t\r\n\n'), ['select 1']);
    assert.deepEqual(sqls('  \n-- only a comment\n'), []);
  });

  it('gives character offsets after multi-byte and astral text, and with CRLF', () => {
    assertOffsets("select 'é€😀';\r\nselect '😀😀', 2;\r\n  select 3");
    const script = "select '😀';\nselect 2";
    assert.equal(splitPostgres(script)[1]!.offset, script.indexOf('select 2'));
  });

  it('maps offsets of many non-ASCII statements exactly (the mapping is incremental)', () => {
    const script = Array.from({ length: 500 }, (_, i) => `insert into t values (${i}, 'é😀${'ü'.repeat(i % 7)}');`).join('\n');
    const parts = splitPostgres(script);
    assert.equal(parts.length, 500);
    assertOffsets(script);
  });

  it('a syntax error after astral characters points at the bad token', () => {
    const script = "select '😀😀';\nselect 'é' frm x;";
    assert.equal(parseError(script).offset, script.indexOf('x;'));
  });

  for (const [cmd, script] of [
    ['\\connect', 'create table t (x int);\n\\connect other\ncreate table u (x int);'],
    ['\\i', 'create table t (x int);\n\\i other.sql\n'],
    ['\\set', '\\set ON_ERROR_STOP on\ncreate table t (x int);'],
  ] as const) {
    it(`psql meta-command ${cmd}: E_PARSE naming it, at its backslash`, () => {
      const e = parseError(script);
      assert.match(e.message, /psql meta-command/);
      assert.ok(e.message.includes(cmd), e.message);
      assert.ok(!e.message.includes('\n'));
      assert.equal(e.offset, script.indexOf('\\'));
    });
  }

  it('COPY … FROM stdin with inline rows: E_PARSE at the COPY, not a syntax error in the rows', () => {
    const script = "create table t (x int, y text);\ncopy t (x, y) from stdin;\n1\ta\n\\N\tb\n\\.\nselect 1;\n";
    const e = parseError(script);
    assert.match(e.message, /COPY … FROM stdin/);
    assert.doesNotMatch(e.message, /syntax error/);
    assert.equal(e.offset, script.indexOf('copy'));
  });

  it('COPY … FROM stdin without rows is refused too; COPY from a file and COPY TO stdout are not', () => {
    const script = 'select 1;\n  COPY t FROM STDIN;\n';
    const e = parseError(script);
    assert.match(e.message, /COPY … FROM stdin/);
    assert.equal(e.offset, script.indexOf('COPY'));
    assert.equal(sqls("copy t from '/tmp/x.csv'; copy t to stdout").length, 2);
  });
});
