// The MySQL/MariaDB splitter: quotes, comments, DELIMITER, routine bodies without DELIMITER, server
// error positions (pure), and routines split by it applied to the local MariaDB.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isShaleError } from '../../src/errors.js';
import { createMigrator } from '../../src/index.js';
import { splitMysql } from '../../src/adapters/mysql/splitter.js';
import { mysqlErrorPosition } from '../../src/adapters/mysql/errors.js';
import { createMysqlDatabase, skipUnlessMysql } from '../helpers/mysql.js';

const sqls = (script: string) => splitMysql(script).map((s) => s.sql);
const skip = await skipUnlessMysql();
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function parseError(script: string): { message: string; offset: unknown } {
  try {
    splitMysql(script);
  } catch (e) {
    assert.ok(isShaleError(e, 'E_PARSE'), `expected E_PARSE, got ${String(e)}`);
    return { message: e.message, offset: e.details['offset'] };
  }
  assert.fail(`no E_PARSE for ${JSON.stringify(script)}`);
}

describe('splitMysql: statements, quotes, comments', () => {
  it('splits on ; and keeps offsets of the first SQL character', () => {
    const script = 'create table a (id int);\n  insert into a values (1);\nselect 1';
    const parts = splitMysql(script);
    assert.deepEqual(parts.map((p) => p.sql), ['create table a (id int)', 'insert into a values (1)', 'select 1']);
    for (const p of parts) assert.equal(script.slice(p.offset, p.offset + p.sql.length), p.sql);
  });

  it('ignores ; inside single, double and backtick quotes, with doubling and backslash escapes', () => {
    const script = `insert into t values ('a;b', 'it''s;', 'x\\';y', "q;\\"r");\nselect \`odd;\`\`name\` from t;`;
    assert.deepEqual(sqls(script), [`insert into t values ('a;b', 'it''s;', 'x\\';y', "q;\\"r")`, 'select `odd;``name` from t']);
  });

  it('ignores ; in #, -- and /* */ comments and drops comment-only pieces', () => {
    const script = '# lead; comment\n-- another; one\nselect 1; /* block; */\n/* only a comment; */\n-- tail;\nselect 2 # trailing;\n;';
    assert.deepEqual(sqls(script), ['select 1', 'select 2 # trailing;']);
  });

  it('treats --x (no space) as SQL, not a comment', () => {
    assert.deepEqual(sqls('select 5--3;select 2;'), ['select 5--3', 'select 2']);
  });

  it('keeps /*! executable comments */ as statements', () => {
    assert.deepEqual(sqls('/*!40101 SET NAMES utf8mb4 */;\n/*M!100101 SET @x = 1 */;\nselect 1;'), [
      '/*!40101 SET NAMES utf8mb4 */',
      '/*M!100101 SET @x = 1 */',
      'select 1',
    ]);
  });

  it('a leading comment is not part of the statement', () => {
    const script = '-- create the table\ncreate table t (id int);';
    const [p] = splitMysql(script);
    assert.equal(p!.sql, 'create table t (id int)');
    assert.equal(p!.offset, script.indexOf('create table'));
  });

  it('unterminated quotes and comments are E_PARSE at their offset', () => {
    assert.equal(parseError("select 1;\nselect 'abc;").offset, 17);
    assert.equal(parseError('select "abc').offset, 7);
    assert.equal(parseError('select `abc').offset, 7);
    assert.equal(parseError("select 'it\\'s").offset, 7);
    assert.equal(parseError('select 1; /* never closed').offset, 10);
  });
});

describe('splitMysql: DELIMITER', () => {
  it('mysql-client style DELIMITER // … // … DELIMITER ;', () => {
    const script = [
      'create table t (id int);',
      'DELIMITER //',
      'create procedure p()',
      'begin',
      '  insert into t values (1);',
      '  insert into t values (2);',
      'end //',
      'delimiter ;',
      'call p();',
    ].join('\n');
    const parts = splitMysql(script);
    assert.deepEqual(parts.map((p) => p.sql), [
      'create table t (id int)',
      'create procedure p()\nbegin\n  insert into t values (1);\n  insert into t values (2);\nend',
      'call p()',
    ]);
    assert.equal(parts[1]!.offset, script.indexOf('create procedure'));
  });

  it('$$ delimiter touching END, and a delimiter inside quotes does not split', () => {
    const script = "DELIMITER $$\ncreate function f() returns text deterministic begin return '$$;'; end$$\nDELIMITER ;\nselect f();";
    assert.deepEqual(sqls(script), ["create function f() returns text deterministic begin return '$$;'; end", 'select f()']);
  });

  it('a column named delimiter inside a statement is not a DELIMITER command', () => {
    const script = 'create table t (\ndelimiter varchar(5)\n);\nselect 1;';
    assert.deepEqual(sqls(script), ['create table t (\ndelimiter varchar(5)\n)', 'select 1']);
  });

  it('DELIMITER without a delimiter is E_PARSE', () => {
    assert.equal(parseError('select 1;\nDELIMITER   \nselect 2;').offset, 10);
  });
});

describe('splitMysql: BEGIN … END bodies without DELIMITER', () => {
  it('procedure with nested blocks, IF/LOOP/WHILE/REPEAT/CASE statements and a CASE expression', () => {
    const proc = [
      'create definer=`root`@`localhost` procedure p(n int)',
      'begin',
      '  declare i int default 0;',
      '  if n > 0 then set i = 1; elseif n < 0 then set i = -1; end if;',
      '  lbl: loop set i = i + 1; if i > 3 then leave lbl; end if; end loop lbl;',
      '  while i < 10 do set i = i + 1; end while;',
      '  repeat set i = i - 1; until i < 5 end repeat;',
      '  case when i = 4 then set i = 0; else set i = 1; end case;',
      '  set i = case i when 0 then 10 else 20 end;',
      '  begin',
      '    declare j int default 0;',
      '    set j = i;',
      '  end;',
      'end',
    ].join('\n');
    assert.deepEqual(sqls(`${proc};\ncall p(1);`), [proc, 'call p(1)']);
  });

  it('triggers, functions and events, with a plain statement between them', () => {
    const trig = 'create trigger tr before insert on t for each row begin if new.v is null then set new.v = 0; end if; end';
    const fn = 'create or replace function f(x int) returns int deterministic begin declare y int; set y = x * 2; return y; end';
    const ev = 'create event e on schedule every 1 day do begin delete from t where v < 0; insert into t values (1); end';
    const one = 'create trigger tr2 after update on t for each row set @n = @n + 1';
    assert.deepEqual(sqls(`${trig};\ninsert into t values (1);\n${fn};\n${ev};\n${one};\nselect 1;`), [trig, 'insert into t values (1)', fn, ev, one, 'select 1']);
  });

  it('a function body that is a CASE expression, without BEGIN', () => {
    const fn = 'create function sgn(x int) returns int deterministic return case when x > 0 then 1 when x < 0 then -1 else 0 end';
    assert.deepEqual(sqls(`${fn};select sgn(2);`), [fn, 'select sgn(2)']);
  });

  it('MariaDB BEGIN NOT ATOMIC blocks; a plain BEGIN is a transaction start', () => {
    const block = 'begin not atomic declare x int default 1; insert into t values (x); end';
    assert.deepEqual(sqls(`${block};\nbegin;\ninsert into t values (2);\ncommit;`), [block, 'begin', 'insert into t values (2)', 'commit']);
  });

  it('keywords as names (t.end, @begin) and inside strings/comments do not count', () => {
    const proc = "create procedure q() begin select t.end, @begin from t; select 'end;'; -- end;\n end";
    assert.deepEqual(sqls(`${proc};select 2;`), [proc, 'select 2']);
  });

  it('CREATE TABLE / VIEW statements are never routines', () => {
    assert.deepEqual(sqls('create table function_log (`begin` int);\ncreate view v as select case when 1 then 2 end as c;\nselect 3;'), [
      'create table function_log (`begin` int)',
      'create view v as select case when 1 then 2 end as c',
      'select 3',
    ]);
  });

  it('an unclosed BEGIN block is E_PARSE at the BEGIN', () => {
    const script = 'select 1;\ncreate procedure p() begin select 1; select 2;';
    assert.equal(parseError(script).offset, script.indexOf('begin'));
  });
});

describe('mysqlErrorPosition', () => {
  const err = (sqlMessage: string) => ({ sqlMessage, message: sqlMessage });

  it('maps near … at line N to the offset of the quoted text', () => {
    const sql = 'select 1,\n  2\n  frm t where x = 1';
    const e = err("You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use near 't where x = 1' at line 3");
    assert.deepEqual(mysqlErrorPosition(e, sql), { offset: sql.indexOf('t where') });
  });

  it("near '' points at the end of the statement", () => {
    const sql = 'select * from';
    assert.deepEqual(mysqlErrorPosition(err("… for the right syntax to use near '' at line 1"), sql), { offset: sql.length });
  });

  it('the text is searched from line N, not from the start', () => {
    const sql = 'select x from t;\nselect x from t';
    assert.deepEqual(mysqlErrorPosition(err("… to use near 'x from t' at line 2"), sql), { offset: sql.lastIndexOf('x from t') });
  });

  it('other errors have no position', () => {
    assert.equal(mysqlErrorPosition(err("Table 'd.t' doesn't exist"), 'select 1 from t'), null);
    assert.equal(mysqlErrorPosition(new Error('boom'), 'select 1'), null);
    assert.equal(mysqlErrorPosition(null, 'select 1'), null);
  });
});

describe('splitMysql: DELIMITER forms, # comments, MariaDB loops', () => {
  it('DELIMITER $$ around a procedure, back to ; after it', () => {
    const script = 'DELIMITER $$\nCREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\n  SELECT 2;\nEND$$\nDELIMITER ;\nCALL p();\n';
    assert.deepEqual(sqls(script), ['CREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\n  SELECT 2;\nEND', 'CALL p()']);
  });

  it('DELIMITER // around a trigger, lower case and CRLF', () => {
    const script = 'delimiter //\r\nCREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW\r\nBEGIN\r\n  SET NEW.a = 1;\r\nEND //\r\ndelimiter ;\r\nINSERT INTO t VALUES (1);\r\n';
    assert.deepEqual(sqls(script), ['CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW\r\nBEGIN\r\n  SET NEW.a = 1;\r\nEND', 'INSERT INTO t VALUES (1)']);
  });

  it('a delimiter inside strings, backticks and comments does not split', () => {
    const script = "DELIMITER $$\nSELECT '$$', `a$$b`, \"$$\" # $$ here\n-- and $$ here\nFROM t$$\nDELIMITER ;";
    assert.deepEqual(sqls(script), ["SELECT '$$', `a$$b`, \"$$\" # $$ here\n-- and $$ here\nFROM t"]);
  });

  it('mysqldump style DELIMITER ;; with executable comments', () => {
    const script = 'DELIMITER ;;\n/*!50003 CREATE*/ /*!50020 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1 */;;\nDELIMITER ;\n';
    assert.deepEqual(sqls(script), ['/*!50003 CREATE*/ /*!50020 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1 */']);
  });

  it('# comments (with ; and quotes in them) and backticked identifiers containing ;', () => {
    const script = "# leading; comment with 'quote\nCREATE TABLE `a;b` (`c;d` int); # trailing; \"x\nINSERT INTO `a;b` VALUES (1);#no space\nSELECT '#not a comment;' FROM `a;b`;";
    assert.deepEqual(sqls(script), ['CREATE TABLE `a;b` (`c;d` int)', 'INSERT INTO `a;b` VALUES (1)', "SELECT '#not a comment;' FROM `a;b`"]);
  });

  it('a backticked identifier with a doubled backtick and ;', () => {
    assert.deepEqual(sqls('SELECT 1 AS `x``;y`; SELECT 2;'), ['SELECT 1 AS `x``;y`', 'SELECT 2']);
  });

  it('without DELIMITER: MariaDB FOR … END FOR inside a procedure body', () => {
    const script = 'CREATE PROCEDURE p()\nBEGIN\n  FOR i IN 1..3 DO\n    INSERT INTO t VALUES (i);\n  END FOR;\nEND;\nCALL p();';
    assert.deepEqual(sqls(script), ['CREATE PROCEDURE p()\nBEGIN\n  FOR i IN 1..3 DO\n    INSERT INTO t VALUES (i);\n  END FOR;\nEND', 'CALL p()']);
  });

  it('without DELIMITER: labelled loops, WHILE, REPEAT, CASE statements and handlers', () => {
    const body =
      'CREATE FUNCTION f(x INT) RETURNS INT DETERMINISTIC\nBEGIN\n  DECLARE y INT DEFAULT 0;\n  DECLARE CONTINUE HANDLER FOR SQLEXCEPTION BEGIN SET y = -1; END;\n' +
      '  l1: LOOP SET y = y + 1; IF y > 2 THEN LEAVE l1; END IF; END LOOP l1;\n  WHILE y < 5 DO SET y = y + 1; END WHILE;\n  REPEAT SET y = y + 1; UNTIL y > 6 END REPEAT;\n' +
      '  CASE WHEN x > 0 THEN SET y = y + 1; ELSE SET y = y - 1; END CASE;\n  RETURN y;\nEND';
    assert.deepEqual(sqls(`${body};\nSELECT f(1);`), [body, 'SELECT f(1)']);
  });
});

describe('splitMysql against MariaDB', { skip }, () => {
  it('routines with DELIMITER $$ and //, a MariaDB FOR loop and a trigger apply and work', async () => {
    const db = await createMysqlDatabase('shale_split');
    const dir = mkdtempSync(join(tmpdir(), 'shale-mysql-split-'));
    dirs.push(dir);
    writeFileSync(join(dir, '0001.table.sql'), 'CREATE TABLE `t;1` (a int, note varchar(20)); # a table whose name has a ;\n');
    writeFileSync(
      join(dir, '0002.routines.sql'),
      'DELIMITER $$\nCREATE PROCEDURE fill(n INT)\nBEGIN\n  FOR i IN 1..n DO\n    INSERT INTO `t;1` (a) VALUES (i);\n  END FOR;\nEND$$\nDELIMITER ;\n' +
        'DELIMITER //\nCREATE TRIGGER note_it BEFORE INSERT ON `t;1` FOR EACH ROW\nBEGIN\n  IF NEW.note IS NULL THEN SET NEW.note = \'auto;note\'; END IF;\nEND //\nDELIMITER ;\n' +
        'CALL fill(3);\n',
    );
    const m = createMigrator({ db: db.url, sources: [dir] });
    try {
      const r = await m.up();
      assert.equal(r.error, null, r.error?.message);
      const c = await db.connect();
      const [rows] = await c.query('select a, note from `t;1` order by a');
      assert.deepEqual(rows, [
        { a: 1, note: 'auto;note' },
        { a: 2, note: 'auto;note' },
        { a: 3, note: 'auto;note' },
      ]);
    } finally {
      await m.close();
      await db.drop();
    }
  });
});
