// MySQL/MariaDB edge cases: DELIMITER $$ and //, MariaDB FOR loops, `#` comments, backticked `;`,
// and mariadb:// URLs with options (splitting is pure; the rest runs against the local MariaDB).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { mysqlConnectionOptions } from '../../src/adapters/mysql/connect.js';
import { splitMysql } from '../../src/adapters/mysql/splitter.js';
import { createMigrator, isShaleError, openAdapter } from '../../src/index.js';
import { createMysqlDatabase, skipUnlessMysql } from '../helpers/mysql.js';

const sqls = (script: string) => splitMysql(script).map((s) => s.sql);
const skip = await skipUnlessMysql();
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('splitMysql edge cases', () => {
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

describe('mysql/mariadb URL options', () => {
  const opts = (url: string) => mysqlConnectionOptions(url, url);

  it('mariadb:// with charset, ssl=false, connectTimeout and a percent-encoded password', () => {
    const o = opts('mariadb://app:p%40ss%2Fw@db.example:3307/my_db?charset=utf8mb4&ssl=false&connectTimeout=2500');
    assert.equal(o.host, 'db.example');
    assert.equal(o.port, 3307);
    assert.equal(o.user, 'app');
    assert.equal(o.password, 'p@ss/w');
    assert.equal(o.database, 'my_db');
    assert.equal(o.charset, 'utf8mb4');
    assert.equal(o.ssl, undefined);
    assert.equal(o.connectTimeout, 2500);
    assert.equal(o.multipleStatements, false);
  });

  it('ssl: required encrypts without verifying the certificate, true and verify_* verify, false/disabled is plain', () => {
    assert.deepEqual(opts('mariadb://h/d?ssl=REQUIRED').ssl, { rejectUnauthorized: false });
    assert.deepEqual(opts('mysql://h/d?ssl=verify_identity').ssl, {});
    assert.deepEqual(opts('mysql://h/d?ssl=true').ssl, {});
    assert.deepEqual(opts('mysql://h/d?ssl=1').ssl, {});
    assert.equal(opts('mysql://h/d?ssl=DISABLED').ssl, undefined);
    assert.equal(opts('mysql://h/d?ssl=0').ssl, undefined);
  });

  it('a socket path and an IPv6 host', () => {
    assert.equal(opts('mariadb://root@localhost/d?socket=%2Frun%2Fmysqld%2Fmysqld.sock').socketPath, '/run/mysqld/mysqld.sock');
    assert.equal(opts('mariadb://root@[::1]:3306/d').host, '::1');
  });

  it('unknown parameters and bad values are E_URL naming the parameter, password redacted', () => {
    for (const [url, param] of [
      ['mariadb://u:secret@h/d?frobnicate=1', 'frobnicate'],
      ['mariadb://u:secret@h/d?sslmode=require', 'sslmode'],
      ['mariadb://u:secret@h/d?ssl=maybe', 'ssl'],
      ['mariadb://u:secret@h/d?connectTimeout=soon', 'connectTimeout'],
    ] as const) {
      try {
        mysqlConnectionOptions(url, 'mariadb://u:****@h/d');
        assert.fail(`accepted ${url}`);
      } catch (e) {
        assert.ok(isShaleError(e, 'E_URL'), String(e));
        assert.equal(e.details['parameter'], param);
        assert.doesNotMatch(e.message, /secret/);
      }
    }
  });
});

describe('against MariaDB', { skip }, () => {
  it('a mariadb:// URL with options connects', async () => {
    const db = await createMysqlDatabase('shale_edge');
    try {
      const url = `${db.url.replace(/^mysql:/, 'mariadb:')}?charset=utf8mb4&ssl=false&connectTimeout=5000`;
      const a = await openAdapter(url);
      try {
        const r = await a.query<{ d: string }>('select database() as d');
        assert.equal(r.rows[0]!.d, db.name);
      } finally {
        await a.close();
      }
    } finally {
      await db.drop();
    }
  });

  it('routines with DELIMITER $$ and //, a MariaDB FOR loop and a trigger apply and work', async () => {
    const db = await createMysqlDatabase('shale_edge');
    const dir = mkdtempSync(join(tmpdir(), 'shale-mysql-edge-'));
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
