// What applying a MySQL/MariaDB desired schema needs, without a database: rename hints read from the
// files (and misplaced ones refused at file:line:col), the first-guess order of statements, the
// names they create, and the retryable errors' missing names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isShaleError } from '../../../src/errors.js';
import { mysqlSchema, readRenameHints } from '../../../src/schema/mysql/index.js';

const file = (text: string) => [{ location: 'schema.sql', text }];

test('rename hints: a table hint before CREATE TABLE, a column hint before a column definition', async () => {
  const text = [
    '-- shale:renamed from=old_orders',
    'create table if not exists `orders` (',
    '  id int primary key,',
    '  -- shale:renamed from=`total cents`',
    '  `amount` int not null,',
    "  note varchar(10) default 'a,(b'",
    ');',
    'create table t (',
    '  x int,',
    '  -- shale:renamed from=y',
    '  z int',
    ');',
  ].join('\n');
  assert.deepEqual(await readRenameHints(file(text)), [
    { kind: 'table', from: { schema: '', name: 'old_orders' }, to: { schema: '', name: 'orders' }, at: 'schema.sql:1:1' },
    { kind: 'column', table: { schema: '', name: 'orders' }, from: 'total cents', to: 'amount', at: 'schema.sql:4:3' },
    { kind: 'column', table: { schema: '', name: 't' }, from: 'y', to: 'z', at: 'schema.sql:10:3' },
  ]);
});

test('rename hints: before a key, or outside a CREATE TABLE, is E_PARSE at file:line:col', async () => {
  for (const [text, at] of [
    ['create table t (\n  id int,\n  -- shale:renamed from=k\n  primary key (id)\n);', 'schema.sql:3:3'],
    ['-- shale:renamed from=v\ncreate view v2 as select 1;', 'schema.sql:1:1'],
    ['create table t (id int);\n-- shale:renamed from=x\n', 'schema.sql:2:1'],
  ] as const) {
    await assert.rejects(readRenameHints(file(text)), (e: unknown) => isShaleError(e, 'E_PARSE') && e.message.startsWith(`${at}:`));
  }
});

test('desired state: tables and routines before indexes, views and triggers; the names they create', async () => {
  const sqls = [
    'create trigger t_bi before insert on t for each row set new.a = 1',
    'create or replace sql security invoker view `v` as select 1',
    'create unique index i on t (a)',
    'create table if not exists db.`t` (a int)',
    'create definer=`root`@`%` procedure p() select 1',
    'alter table t add column b int',
  ];
  assert.deepEqual(await mysqlSchema.desired.ranks(sqls), [9, 8, 7, 5, 4, 6]);
  assert.deepEqual(await mysqlSchema.desired.createdNames(sqls), ['t_bi', 'v', 'i', 't', 'p', null]);
});

test('desired state: a missing table or routine is retryable and named', () => {
  const missingTable = Object.assign(new Error("Table 'shale_dev_1.orders' doesn't exist"), { errno: 1146 });
  assert.equal(mysqlSchema.desired.isRetryable(missingTable), true);
  assert.equal(mysqlSchema.desired.missingName(missingTable), 'orders');
  const missingFn = Object.assign(new Error('FUNCTION shale_dev_1.f does not exist'), { errno: 1305 });
  assert.equal(mysqlSchema.desired.isRetryable(missingFn), true);
  assert.equal(mysqlSchema.desired.missingName(missingFn), 'f');
  assert.equal(mysqlSchema.desired.isRetryable(Object.assign(new Error('syntax'), { errno: 1064 })), false);
});
