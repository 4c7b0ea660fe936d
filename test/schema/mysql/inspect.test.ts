// What the MySQL/MariaDB introspection reads on the local server: MariaDB's differences from
// MySQL 8 normalised (JSON, literal defaults, current_timestamp()), view definitions without the
// database name, the partitioning clause, and objects shale does not model reported as unsupported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect, withoutTables } from '../../../src/schema/mysql/index.js';
import { skipUnlessMysql } from '../../helpers/mysql.js';
import { runScript, withMysqlPair } from './convergence.js';

const skip = await skipUnlessMysql();

test('inspect (mysql): columns, JSON, defaults, keys and checks as the model has them', { skip }, async () => {
  await withMysqlPair(async ({ a }) => {
    await runScript(a, `create table t (
      id int unsigned not null auto_increment primary key,
      s varchar(5) not null default 'it''s',
      d json,
      ts timestamp not null default current_timestamp on update current_timestamp,
      n int check (n > 0),
      g int as (n * 2) virtual invisible,
      key k (s(2) desc, n),
      constraint c_s check (s <> '')
    ) comment 'x';`);
    const m = await inspect(a);
    assert.equal(m.dialect, 'mysql');
    assert.equal(m.server.flavour, (await a.query<{ v: string }>('select version() as v')).rows[0]!.v.includes('MariaDB') ? 'mariadb' : 'mysql');
    const t = m.tables[0]!;
    const col = (n: string) => t.columns.find((c) => c.name === n)!;
    assert.equal(col('s').default, "'it''s'");
    assert.deepEqual([col('d').type, col('d').charset, col('d').collation], ['json', null, null]);
    assert.equal(col('ts').default, 'current_timestamp()');
    assert.equal(col('ts').onUpdate, 'current_timestamp()');
    assert.equal(col('id').autoIncrement, true);
    assert.deepEqual(col('g').generated, { expression: '`n` * 2', stored: false });
    assert.equal(col('g').invisible, true);
    assert.deepEqual(t.primaryKey?.map((p) => p.column), ['id']);
    assert.deepEqual(t.indexes[0]!.parts, [
      { column: 's', expression: null, length: 2, descending: true },
      { column: 'n', expression: null, length: null, descending: false },
    ]);
    // MariaDB's json_valid check of `d` is part of the json type, not a check of the model.
    assert.deepEqual(t.checks.map((c) => c.name).sort(), ['c_s', 'n']);
    assert.equal(t.comment, 'x');
  });
});

test('inspect (mysql): views without the database name, partitioning, state tables left out', { skip }, async () => {
  await withMysqlPair(async ({ a, A }) => {
    await runScript(a, `create table t (id int not null, at date not null, primary key (id, at)) partition by range (year(at)) (partition p0 values less than (2000), partition p1 values less than maxvalue);
      create view v as select id from t;
      create table shale_migrations (id int primary key);`);
    const m = await inspect(a);
    const v = m.views[0]!;
    assert.doesNotMatch(v.definition, new RegExp(A.name));
    assert.deepEqual(v.reads, ['t']);
    assert.match(m.tables.find((t) => t.name === 't')!.partitionBy ?? '', /^PARTITION BY RANGE \(year\(`at`\)\)/);
    assert.deepEqual(withoutTables(m, ['shale_migrations']).tables.map((t) => t.name), ['t']);
  });
});

test('inspect (mysql): events, sequences and system-versioned tables are reported as unsupported, not modelled', { skip }, async () => {
  await withMysqlPair(async ({ a }) => {
    const flavour = (await inspect(a)).server.flavour;
    await runScript(a, 'create event e on schedule every 1 day do select 1;');
    if (flavour === 'mariadb') await runScript(a, 'create sequence s;\ncreate table versioned (id int) with system versioning;');
    const m = await inspect(a);
    const maria = [{ kind: 'sequence', name: 's' }, { kind: 'system-versioned table', name: 'versioned' }];
    const expected = [{ kind: 'event', name: 'e' }, ...(flavour === 'mariadb' ? maria : [])];
    assert.deepEqual(m.unsupported, expected);
    assert.deepEqual(m.tables, []);
  });
});
