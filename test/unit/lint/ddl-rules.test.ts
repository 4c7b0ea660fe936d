// The MySQL/MariaDB and SQLite rules on SQL text (no database): each rule's cases, tables created by
// the run being new, the migration's transaction mode and settings made earlier in it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LintDialect } from '../../../src/lint/dialect.js';
import { mysqlLint } from '../../../src/lint/mysql/index.js';
import { sqliteLint } from '../../../src/lint/sqlite/index.js';

async function codes(dialect: LintDialect, sql: string | readonly string[], transaction = true): Promise<string[]> {
  const texts = typeof sql === 'string' ? [sql] : sql;
  const found = await dialect.lint(
    texts.map((text, i) => ({ id: `m${i + 1}`, scripts: [{ sql: text, location: `m${i + 1}.sql`, line: 1, transaction }] })),
    {},
  );
  return found.map((f) => f.code);
}
const my = (sql: string | readonly string[]) => codes(mysqlLint, sql);
const sq = (sql: string | readonly string[], transaction = true) => codes(sqliteLint, sql, transaction);

describe('MySQL rules', () => {
  it('MY101: a NOT NULL column without a DEFAULT on an existing table', async () => {
    assert.deepEqual(await my('alter table t add column c int not null;'), ['MY101']);
    assert.deepEqual(await my('ALTER TABLE `t` ADD `c` varchar(10) NOT NULL DEFAULT \'\';'), []);
    assert.deepEqual(await my('alter table t add column id int not null auto_increment, add primary key (id);'), []);
    assert.deepEqual(await my('alter table t add column c int as (a + 1) stored not null;'), []);
    assert.deepEqual(await my('create table t (a int);\nalter table t add column c int not null;'), []);
    assert.deepEqual(await my('alter table t add (a int not null, b int default 0);'), ['MY101']);
    // CREATE TABLE … SELECT holds rows from the start.
    assert.deepEqual(await my('create table t as select 1 as a;\nalter table t add column c int not null;'), ['MY101']);
  });

  it('MY102 / MY103: MODIFY and CHANGE COLUMN, unless ALGORITHM or LOCK makes the server refuse a copy', async () => {
    assert.deepEqual(await my("alter table t modify column s enum('a','b','c');"), ['MY102']);
    assert.deepEqual(await my('alter table t modify c bigint;'), ['MY103']);
    assert.deepEqual(await my('alter table t change c d bigint;'), ['MY103', 'MY107']);
    assert.deepEqual(await my('alter table t modify c bigint, algorithm=inplace, lock=none;'), []);
    assert.deepEqual(await my("alter table t modify s set('x','y'), algorithm = instant;"), []);
  });

  it('MY104: ALTERs that can only copy the table', async () => {
    assert.deepEqual(await my('alter table t convert to character set utf8mb4;'), ['MY104']);
    assert.deepEqual(await my('alter table t drop primary key;'), ['MY104']);
    assert.deepEqual(await my('alter table t drop primary key, add primary key (a, b);'), []);
    assert.deepEqual(await my('alter table t add constraint fk foreign key (p) references p (id);'), ['MY104']);
    assert.deepEqual(await my('set foreign_key_checks = 0;\nalter table t add constraint fk foreign key (p) references p (id);'), []);
    // A setting of an earlier migration does not carry over: each may run in its own session.
    assert.deepEqual(await my(['set foreign_key_checks = 0;', 'alter table t add foreign key (p) references p (id);']), ['MY104']);
    assert.deepEqual(await my('alter table t force, algorithm=copy;'), ['MY104']);
    for (const off of ['SET @@SESSION.foreign_key_checks = 0;', 'SET foreign_key_checks = 0, unique_checks = 0;', '/*!40014 SET FOREIGN_KEY_CHECKS=0 */;']) {
      assert.deepEqual(await my(`${off}\nalter table t add foreign key (p) references p (id);`), [], off);
    }
    assert.deepEqual(await my('alter table t add foreign key (p) references p (id), algorithm=inplace;'), []);
  });

  it('MY105-MY108: drops and renames of existing objects', async () => {
    assert.deepEqual(await my('alter table t drop column c;'), ['MY105']);
    assert.deepEqual(await my('drop table if exists a, b;'), ['MY106', 'MY106']);
    assert.deepEqual(await my('create table a (x int);\ndrop table a;'), []);
    assert.deepEqual(await my('drop temporary table if exists scratch;'), []);
    assert.deepEqual(await my('alter table t rename column a to b;'), ['MY107']);
    assert.deepEqual(await my('rename table a to b;'), ['MY108']);
    assert.deepEqual(await my('alter table a rename to b;'), ['MY108']);
    // A new table renamed stays new; an existing one renamed stays existing.
    assert.deepEqual(await my('create table a (x int);\nrename table a to b;\nalter table b drop column x;'), []);
    assert.deepEqual(await my('rename table a to b;\nalter table b drop column x;'), ['MY108', 'MY105']);
  });

  it('reads quoted names, comments and strings as MySQL does', async () => {
    assert.deepEqual(await my("# drop it\nalter table `order` drop column `select`; -- and\n/* the note */ select 'drop table x';"), ['MY105']);
    assert.deepEqual(await my('alter table t comment "drop column x";'), []);
    // `--` is a comment in MySQL only when a blank follows it; `/*! … */` holds SQL the server runs.
    assert.deepEqual(await my('alter table t /*!50100 drop column x */;'), ['MY105']);
  });

  it('MY100: a script that cannot be split', async () => {
    assert.deepEqual(await my("select 'unterminated;"), ['MY100']);
  });
});

describe('SQLite rules', () => {
  it('SQ101: ADD COLUMN NOT NULL needs a non-NULL default on a table with rows (not one the run created)', async () => {
    assert.deepEqual(await sq('alter table t add column c int not null;'), ['SQ101']);
    assert.deepEqual(await sq('alter table t add column c int not null default null;'), ['SQ101']);
    assert.deepEqual(await sq("alter table t add c text not null default '';"), []);
    assert.deepEqual(await sq('create table t (a int);\nalter table t add column c int not null;'), []);
  });

  it('SQ102: what ADD COLUMN refuses', async () => {
    assert.deepEqual(await sq('alter table t add column c int primary key;'), ['SQ102']);
    assert.deepEqual(await sq('alter table t add column c int unique;'), ['SQ102']);
    assert.deepEqual(await sq('alter table t add column c text default current_timestamp;'), ['SQ102']);
    assert.deepEqual(await sq('alter table t add column c int default (1 + 1);'), ['SQ102']);
    assert.deepEqual(await sq('alter table t add column c int as (a * 2) stored;'), ['SQ102']);
    assert.deepEqual(await sq('alter table t add column c int as (a * 2) virtual;'), []);
    assert.deepEqual(await sq('alter table t add column c int default (1);'), []);
    assert.deepEqual(await sq('create table t (a int);\nalter table t add column c text default current_timestamp;'), []);
  });

  it('SQ103: DROP COLUMN of a column a key or an index of this run uses', async () => {
    assert.deepEqual(await sq('create table t (a int primary key, b int, c int);\ncreate index t_b on t (b);\nalter table t drop column b;'), ['SQ103']);
    assert.deepEqual(await sq('create table t (a int, b int, unique (a, b));\nalter table t drop column a;'), ['SQ103']);
    assert.deepEqual(await sq('create table t (a int, p int, foreign key (p) references p (id));\nalter table t drop column p;'), ['SQ103']);
    assert.deepEqual(await sq('create table t (a int, p int references p (id));\nalter table t drop column p;'), []);
    assert.deepEqual(await sq('create table t (a int, b int);\nalter table t drop column b;'), []);
  });

  it('SQ104 / SQ105: dropping a table and PRAGMA foreign_keys inside a transaction', async () => {
    assert.deepEqual(await sq('drop table t;'), ['SQ104', 'SQ107']);
    assert.deepEqual(await sq('pragma foreign_keys = off;'), ['SQ105']);
    assert.deepEqual(await sq('-- transaction: false\npragma foreign_keys=0;\nbegin;\ndrop table t;\ncommit;\npragma foreign_keys=on;', false), ['SQ107']);
    assert.deepEqual(await sq('-- transaction: false\nbegin;\npragma foreign_keys = off;\ncommit;', false), ['SQ105']);
    // Ignored inside the transaction, the PRAGMA leaves foreign keys on: the drop is still reported.
    assert.deepEqual(await sq('-- transaction: false\nbegin;\npragma foreign_keys=off;\ndrop table t;\ncommit;', false), ['SQ105', 'SQ104', 'SQ107']);
  });

  it('SQ106-SQ108: drops and renames of existing objects, [quoted] names', async () => {
    assert.deepEqual(await sq('alter table [order] drop column "x";'), ['SQ106']);
    assert.deepEqual(await sq('alter table t rename column a to b;'), ['SQ108']);
    assert.deepEqual(await sq('alter table t rename to u;'), ['SQ108']);
    assert.deepEqual(await sq('create table t (a int);\nalter table t rename to u;\nalter table u drop column a;'), []);
  });
});
