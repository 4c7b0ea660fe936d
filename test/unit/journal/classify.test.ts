// How each dialect classifies a journaled statement (pure: no database).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { mysqlStatementTxn } from '../../../src/adapters/mysql/journal.js';
import { pgStatementTxn } from '../../../src/adapters/postgres/journal.js';
import { loadPgParser } from '../../../src/adapters/postgres/splitter.js';
import { sqliteStatementTxn } from '../../../src/adapters/sqlite/journal.js';
import { headTokens } from '../../../src/adapters/shared/leading-words.js';

describe('statement transaction classes', () => {
  before(() => loadPgParser());
  it('postgres: from the parse tree', () => {
    const cases: [string, string][] = [
      ['create index concurrently i on t (a)', 'autocommit'],
      ['create index i on t (a)', 'transactional'],
      ['drop index concurrently if exists i', 'autocommit'],
      ['reindex index concurrently i', 'autocommit'],
      ['reindex index i', 'transactional'],
      ['reindex database d', 'autocommit'],
      ['vacuum t', 'autocommit'],
      ['analyze t', 'transactional'],
      ['create database d', 'autocommit'],
      ['alter system set work_mem = 1', 'autocommit'],
      ['cluster', 'autocommit'],
      ['cluster t using i', 'transactional'],
      ["alter type e add value 'x'", 'transactional'],
      ['BEGIN', 'begin'],
      ['start transaction isolation level serializable', 'begin'],
      ['commit', 'commit'],
      ['end', 'commit'],
      ["prepare transaction 'x'", 'commit'],
      ['rollback', 'rollback'],
      ['abort', 'rollback'],
      ['rollback to savepoint a', 'transactional'],
      ['savepoint a', 'transactional'],
      ['insert into t values (1)', 'transactional'],
      ['-- a comment\n/* another */ VACUUM (verbose) t', 'autocommit'],
      ['reindex schema s', 'autocommit'],
      ['discard all', 'autocommit'],
      ['alter database d set tablespace x', 'autocommit'],
      ['alter table p detach partition c concurrently', 'autocommit'],
      ['alter table p detach partition c', 'transactional'],
      ["commit prepared 'x'", 'autocommit'],
      ['call backfill()', 'outside'],
      ['do $$ begin perform 1; end $$', 'outside'],
      ['this is not sql', 'autocommit'],
    ];
    for (const [sql, want] of cases) assert.equal(pgStatementTxn(sql), want, sql);
  });
  it('mysql: DML in transactions, anything that commits implicitly outside', () => {
    const cases: [string, string][] = [
      ['insert into t values (1)', 'transactional'],
      ['  /* c */ UPDATE t set a = 1', 'transactional'],
      ['# hash comment\ndelete from t', 'transactional'],
      ['with x as (select 1) select * from x', 'transactional'],
      ['set @a = 1', 'transactional'],
      ['set autocommit = 1', 'autocommit'],
      ['set session autocommit = 0', 'autocommit'],
      ['set @@session.autocommit = 0', 'autocommit'],
      ['set transaction isolation level read committed', 'prelude'],
      ['set session transaction isolation level read committed', 'transactional'],
      ["set password = 'x'", 'autocommit'],
      ['create table t (a int)', 'autocommit'],
      ['alter table t add column b int', 'autocommit'],
      ['truncate t', 'autocommit'],
      ['rename table a to b', 'autocommit'],
      ['/*!40101 create table t (a int) */', 'autocommit'],
      ['begin', 'begin'],
      ['begin not atomic select 1; end', 'autocommit'],
      ['start transaction', 'begin'],
      ['commit', 'commit'],
      ['rollback', 'rollback'],
      ['rollback to savepoint s', 'transactional'],
      ['call p()', 'outside'],
      ["load data infile 'x' into table t", 'transactional'],
      ['load index into cache t', 'autocommit'],
    ];
    for (const [sql, want] of cases) assert.equal(mysqlStatementTxn(sql), want, sql);
  });
  it('sqlite: VACUUM, PRAGMA, ATTACH and DETACH outside a transaction', () => {
    const cases: [string, string][] = [
      ['vacuum', 'autocommit'],
      ['pragma foreign_keys = off', 'outside'],
      ["attach 'x.db' as x", 'autocommit'],
      ['detach x', 'autocommit'],
      ['begin immediate', 'begin'],
      ['commit', 'commit'],
      ['end transaction', 'commit'],
      ['rollback', 'rollback'],
      ['rollback transaction to savepoint s', 'transactional'],
      ['create table t (a)', 'transactional'],
      ['insert into t values (1)', 'transactional'],
    ];
    for (const [sql, want] of cases) assert.equal(sqliteStatementTxn(sql), want, sql);
  });
  it('head tokens skip comments and string literals, keep quoted names', () => {
    const t = headTokens("-- x\n/* y */ alter table `my``t` add c text default 'a,b', add d int", 20, { hashComments: true });
    assert.deepEqual(t.map((x) => x.raw), ['alter', 'table', 'my`t', 'add', 'c', 'text', 'default', ',', 'add', 'd', 'int']);
  });
});
