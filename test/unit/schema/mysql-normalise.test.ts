// MariaDB and MySQL 8 report column defaults, ON UPDATE and versions differently; the model holds
// one form (pure functions, no database: the MariaDB side also runs for real in test/schema/mysql/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseDefault, onUpdateOf, serverOf } from '../../../src/schema/mysql/normalise.js';
import { partitionClause } from '../../../src/schema/mysql/introspect.js';
import { MARIADB_10_11, MYSQL_8_0_36 } from './mysql-builders.js';

test('defaults: MariaDB SQL text and MySQL 8 bare values read the same', () => {
  const cases: [string, unknown, unknown, string, string | null][] = [
    // [type, MariaDB COLUMN_DEFAULT, MySQL COLUMN_DEFAULT, MySQL EXTRA, model]
    ['varchar(5)', "'it''s'", "it's", '', "'it''s'"],
    ['int(11)', '0', '0', '', '0'],
    ['int(11)', 'NULL', null, '', null],
    ['timestamp', 'current_timestamp()', 'CURRENT_TIMESTAMP', 'DEFAULT_GENERATED', 'current_timestamp()'],
    ['datetime(3)', 'current_timestamp(3)', 'CURRENT_TIMESTAMP(3)', 'DEFAULT_GENERATED', 'current_timestamp(3)'],
    ['double', '(rand() * 2)', '(rand() * 2)', 'DEFAULT_GENERATED', '(rand() * 2)'],
    ['varchar(5)', "'a\\\\b'", 'a\\b', '', "'a\\\\b'"],
    ['bit(3)', "b'101'", "b'101'", '', "b'101'"],
  ];
  for (const [type, maria, mysql, extra, model] of cases) {
    assert.equal(normaliseDefault(MARIADB_10_11, maria, '', type), model, `MariaDB ${String(maria)}`);
    assert.equal(normaliseDefault(MYSQL_8_0_36, mysql, extra, type), model, `MySQL ${String(mysql)}`);
  }
});

test('ON UPDATE: MySQL 8 EXTRA and MariaDB EXTRA read the same', () => {
  assert.equal(onUpdateOf('DEFAULT_GENERATED on update CURRENT_TIMESTAMP(3)'), 'current_timestamp(3)');
  assert.equal(onUpdateOf('on update current_timestamp()'), 'current_timestamp()');
  assert.equal(onUpdateOf('auto_increment'), null);
});

test('server versions: flavour and version from version()', () => {
  assert.deepEqual(serverOf('10.11.19-MariaDB-0+deb12u1'), { flavour: 'mariadb', version: [10, 11, 19] });
  assert.deepEqual(serverOf('8.0.36'), { flavour: 'mysql', version: [8, 0, 36] });
  assert.deepEqual(serverOf('8.4.0-log'), { flavour: 'mysql', version: [8, 4, 0] });
});

test('partitioning: the clause of SHOW CREATE TABLE, MySQL\'s version comment removed', () => {
  const maria = 'CREATE TABLE `h` (\n  `id` int(11) NOT NULL\n) ENGINE=InnoDB\n PARTITION BY HASH (`id`)\nPARTITIONS 4';
  const mysql = 'CREATE TABLE `h` (\n  `id` int NOT NULL\n) ENGINE=InnoDB\n/*!50100 PARTITION BY HASH (`id`)\nPARTITIONS 4 */';
  assert.equal(partitionClause(maria), 'PARTITION BY HASH (`id`)\nPARTITIONS 4');
  assert.equal(partitionClause(mysql), 'PARTITION BY HASH (`id`)\nPARTITIONS 4');
  assert.equal(partitionClause('CREATE TABLE `t` (\n  `id` int\n) ENGINE=InnoDB'), null);
});
