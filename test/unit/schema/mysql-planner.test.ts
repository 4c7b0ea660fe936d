// The MySQL/MariaDB planner's server branches, on models (no database): which ALTER algorithm a
// change gets on MySQL 8 and on MariaDB versions, RENAME COLUMN vs CHANGE COLUMN, CHECK syntax,
// and what is destructive. The MariaDB branches also run for real in test/schema/mysql/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isShaleError } from '../../../src/errors.js';
import { diffModels, renameColumnSql, type Schema, type Server, type Table } from '../../../src/schema/mysql/index.js';
import {
  MARIADB_10_11, MARIADB_10_2, MARIADB_10_3, MYSQL_5_7, MYSQL_8_0_20, MYSQL_8_0_36, mcheck, mcol, mindex, mschema, mtable,
} from './mysql-builders.js';

const sqlOf = (from: Schema, to: Schema) => diffModels(from, to).statements.map((s) => s.sql);
const on = (server: Server, a: Table[], b: Table[]) => sqlOf(mschema(server, a), mschema(server, b));

const base = [mcol('id', 'int', { nullable: false }), mcol('a')];

test('ADD COLUMN at the end: INSTANT on MySQL 8.0.12+ and MariaDB 10.3.2+, a rebuild before', () => {
  const to = [mtable('t', [...base, mcol('b')])];
  const from = [mtable('t', base)];
  assert.deepEqual(on(MYSQL_8_0_20, from, to), ['ALTER TABLE `t` ADD COLUMN `b` int NULL, ALGORITHM=INSTANT;']);
  assert.deepEqual(on(MARIADB_10_3, from, to), ['ALTER TABLE `t` ADD COLUMN `b` int NULL, ALGORITHM=INSTANT;']);
  assert.deepEqual(on(MARIADB_10_2, from, to), ['ALTER TABLE `t` ADD COLUMN `b` int NULL, ALGORITHM=INPLACE;']);
  assert.deepEqual(on(MYSQL_5_7, from, to), ['ALTER TABLE `t` ADD COLUMN `b` int NULL, ALGORITHM=INPLACE;']);
});

test('ADD COLUMN in the middle: INSTANT only on MySQL 8.0.29+ and MariaDB 10.4+', () => {
  const from = [mtable('t', base)];
  const to = [mtable('t', [base[0]!, mcol('b'), base[1]!])];
  assert.deepEqual(on(MYSQL_8_0_36, from, to), ['ALTER TABLE `t` ADD COLUMN `b` int NULL AFTER `id`, ALGORITHM=INSTANT;']);
  assert.deepEqual(on(MARIADB_10_11, from, to), ['ALTER TABLE `t` ADD COLUMN `b` int NULL AFTER `id`, ALGORITHM=INSTANT;']);
  assert.deepEqual(on(MYSQL_8_0_20, from, to), ['ALTER TABLE `t` ADD COLUMN `b` int NULL AFTER `id`, ALGORITHM=INPLACE;']);
  assert.deepEqual(on(MARIADB_10_3, from, to), ['ALTER TABLE `t` ADD COLUMN `b` int NULL AFTER `id`, ALGORITHM=INPLACE;']);
});

test('ADD COLUMN that copies the table: STORED generated, expression default, FULLTEXT on the table', () => {
  const from = [mtable('t', base)];
  const stored = [mtable('t', [...base, mcol('g', 'int', { generated: { expression: '`a` + 1', stored: true } })])];
  const d = diffModels(mschema(MYSQL_8_0_36, from), mschema(MYSQL_8_0_36, stored));
  assert.deepEqual(d.statements.map((s) => s.sql), ['ALTER TABLE `t` ADD COLUMN `g` int GENERATED ALWAYS AS (`a` + 1) STORED;']);
  assert.deepEqual(d.changes[0]!.kind === 'addColumn' && d.changes[0]!.ddl, { algorithm: null, copiesTable: true });
  const expr = [mtable('t', [...base, mcol('r', 'double', { default: '(rand())' })])];
  assert.deepEqual(on(MARIADB_10_11, from, expr), ['ALTER TABLE `t` ADD COLUMN `r` double NULL DEFAULT (rand());']);
  const ft = (cols: typeof base) => [mtable('t', cols, { indexes: [mindex('ft', ['a'], { type: 'fulltext' })] })];
  assert.deepEqual(on(MYSQL_8_0_36, ft(base), ft([...base, mcol('b')])), ['ALTER TABLE `t` ADD COLUMN `b` int NULL;']);
});

test('DROP COLUMN: INSTANT on MySQL 8.0.29+ and MariaDB 10.4+ unless indexed; destructive', () => {
  const from = [mtable('t', [...base, mcol('b')])];
  const to = [mtable('t', base)];
  assert.deepEqual(on(MYSQL_8_0_36, from, to), ['ALTER TABLE `t` DROP COLUMN `b`, ALGORITHM=INSTANT;']);
  assert.deepEqual(on(MARIADB_10_11, from, to), ['ALTER TABLE `t` DROP COLUMN `b`, ALGORITHM=INSTANT;']);
  assert.deepEqual(on(MYSQL_8_0_20, from, to), ['ALTER TABLE `t` DROP COLUMN `b`;']);
  assert.deepEqual(on(MARIADB_10_3, from, to), ['ALTER TABLE `t` DROP COLUMN `b`;']);
  const indexed = [mtable('t', [...base, mcol('b')], { indexes: [mindex('k', ['b'])] })];
  assert.deepEqual(on(MYSQL_8_0_36, indexed, to), ['ALTER TABLE `t` DROP INDEX `k`, ALGORITHM=INPLACE;', 'ALTER TABLE `t` DROP COLUMN `b`;']);
  const d = diffModels(mschema(MYSQL_8_0_36, from), mschema(MYSQL_8_0_36, to));
  assert.equal(d.destructive, true);
});

test('MODIFY COLUMN: ENUM members appended are INSTANT, a VARCHAR widened is INPLACE, a retype copies and is destructive', () => {
  const t = (c: ReturnType<typeof mcol>) => [mtable('t', [base[0]!, c])];
  const e1 = mcol('e', "enum('a','b')", { charset: 'utf8mb4', collation: 'utf8mb4_general_ci' });
  const e2 = { ...e1, type: "enum('a','b','c')" };
  for (const server of [MYSQL_8_0_36, MARIADB_10_11]) {
    const d = diffModels(mschema(server, t(e1)), mschema(server, t(e2)));
    assert.deepEqual(d.statements.map((s) => s.sql), ["ALTER TABLE `t` MODIFY COLUMN `e` enum('a','b','c') CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NULL, ALGORITHM=INSTANT;"]);
    assert.equal(d.destructive, false);
  }
  const v1 = mcol('v', 'varchar(10)', { charset: 'utf8mb4', collation: 'utf8mb4_bin' });
  assert.deepEqual(on(MYSQL_8_0_36, t(v1), t({ ...v1, type: 'varchar(60)' })), ['ALTER TABLE `t` MODIFY COLUMN `v` varchar(60) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL, ALGORITHM=INPLACE;']);
  // 60 → 70 characters of utf8mb4 crosses 255 bytes: the length prefix grows, the table is copied.
  assert.deepEqual(on(MYSQL_8_0_36, t({ ...v1, type: 'varchar(60)' }), t({ ...v1, type: 'varchar(70)' })), ['ALTER TABLE `t` MODIFY COLUMN `v` varchar(70) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL;']);
  const retype = diffModels(mschema(MARIADB_10_11, t(mcol('n', 'bigint'))), mschema(MARIADB_10_11, t(mcol('n', 'int'))));
  assert.deepEqual(retype.statements.map((s) => s.sql), ['ALTER TABLE `t` MODIFY COLUMN `n` int NULL;']);
  assert.equal(retype.destructive, true);
});

test('a default change alone: ALTER COLUMN SET/DROP DEFAULT, INSTANT for a literal', () => {
  const t = (d: string | null) => [mtable('t', [base[0]!, mcol('n', 'int', { default: d })])];
  assert.deepEqual(on(MYSQL_8_0_36, t(null), t('5')), ['ALTER TABLE `t` ALTER COLUMN `n` SET DEFAULT 5, ALGORITHM=INSTANT;']);
  assert.deepEqual(on(MARIADB_10_11, t('5'), t(null)), ['ALTER TABLE `t` ALTER COLUMN `n` DROP DEFAULT, ALGORITHM=INSTANT;']);
  assert.deepEqual(on(MYSQL_8_0_36, t(null), t('(rand())')), ['ALTER TABLE `t` ALTER COLUMN `n` SET DEFAULT (rand());']);
});

test('CHECK: DROP CHECK and NOT ENFORCED on MySQL 8, DROP CONSTRAINT on MariaDB; a column-level check goes by redefining its column', () => {
  const t = (checks: ReturnType<typeof mcheck>[]) => [mtable('t', base, { checks })];
  assert.deepEqual(on(MYSQL_8_0_36, t([mcheck('c1', '`a` > 0')]), t([])), ['ALTER TABLE `t` DROP CHECK `c1`;']);
  assert.deepEqual(on(MARIADB_10_11, t([mcheck('c1', '`a` > 0')]), t([])), ['ALTER TABLE `t` DROP CONSTRAINT `c1`;']);
  assert.deepEqual(on(MYSQL_8_0_36, t([]), t([mcheck('c1', '`a` > 0', { enforced: false })])), ['ALTER TABLE `t` ADD CONSTRAINT `c1` CHECK (`a` > 0) NOT ENFORCED;']);
  assert.deepEqual(on(MARIADB_10_11, t([mcheck('a', '`a` > 0', { column: 'a' })]), t([])), ['ALTER TABLE `t` MODIFY COLUMN `a` int NULL;']);
});

test('renaming a column: RENAME COLUMN on MySQL 8 and MariaDB 10.5+, CHANGE COLUMN with the definition before', () => {
  const c = mcol('b', 'varchar(10)', { nullable: false, default: "'x'", charset: 'utf8mb4', collation: 'utf8mb4_bin' });
  assert.equal(renameColumnSql(MYSQL_8_0_20, 't', 'a', c), 'ALTER TABLE `t` RENAME COLUMN `a` TO `b`;');
  assert.equal(renameColumnSql(MARIADB_10_11, 't', 'a', c), 'ALTER TABLE `t` RENAME COLUMN `a` TO `b`;');
  const change = "ALTER TABLE `t` CHANGE COLUMN `a` `b` varchar(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL DEFAULT 'x';";
  assert.equal(renameColumnSql(MARIADB_10_3, 't', 'a', c), change);
  assert.equal(renameColumnSql(MYSQL_5_7, 't', 'a', c), change);
});

test('an invisible index is INVISIBLE on MySQL and IGNORED on MariaDB; ADD INDEX is INPLACE', () => {
  const from = [mtable('t', base)];
  const to = [mtable('t', base, { indexes: [mindex('k', ['a'], { invisible: true })] })];
  assert.deepEqual(on(MYSQL_8_0_36, from, to), ['ALTER TABLE `t` ADD KEY `k` (`a`) INVISIBLE, ALGORITHM=INPLACE;']);
  assert.deepEqual(on(MARIADB_10_11, from, to), ['ALTER TABLE `t` ADD KEY `k` (`a`) IGNORED, ALGORITHM=INPLACE;']);
});

test('an AUTO_INCREMENT column is added with its primary key in one statement', () => {
  const from = [mtable('t', [mcol('x')], { primaryKey: null })];
  const to = [mtable('t', [mcol('id', 'int', { nullable: false, autoIncrement: true }), mcol('x')])];
  const d = diffModels(mschema(MYSQL_8_0_36, from), mschema(MYSQL_8_0_36, to));
  assert.deepEqual(d.statements.map((s) => s.sql), ['ALTER TABLE `t` ADD COLUMN `id` int NOT NULL AUTO_INCREMENT FIRST, ADD PRIMARY KEY (`id`);']);
  assert.deepEqual(d.statements[0]!.hazards, []);
});

test('dropping a table, an index or a foreign key is destructive; a view recreated around a change is not', () => {
  const d = diffModels(mschema(MARIADB_10_11, [mtable('t', base)]), mschema(MARIADB_10_11, []));
  assert.deepEqual(d.statements.map((s) => [s.sql, s.destructive]), [['DROP TABLE `t`;', true]]);
  const v = { name: 'v', definition: 'select `t`.`a` AS `a` from `t`', checkOption: 'NONE' as const, algorithm: null, security: 'DEFINER' as const, reads: ['t'] };
  const from = { ...mschema(MARIADB_10_11, [mtable('t', base)]), views: [v] };
  const to = { ...mschema(MARIADB_10_11, [mtable('t', [...base, mcol('b')])]), views: [v] };
  assert.deepEqual(diffModels(from, to).statements.map((s) => [s.sql, s.destructive]), [
    ['DROP VIEW `v`;', false],
    ['ALTER TABLE `t` ADD COLUMN `b` int NULL, ALGORITHM=INSTANT;', false],
    ['CREATE SQL SECURITY DEFINER VIEW `v` AS select `t`.`a` AS `a` from `t`;', false],
  ]);
});

test('a MySQL model and a MariaDB model are not compared: E_UNSUPPORTED', () => {
  const t = [mtable('t', base)];
  assert.throws(() => diffModels(mschema(MYSQL_8_0_36, t), mschema(MARIADB_10_11, t)), (e: unknown) => isShaleError(e, 'E_UNSUPPORTED'));
});

test('on a table that is not InnoDB (before or after the plan) no ALGORITHM is written: the server copies it', () => {
  const from = [mtable('t', base, { engine: 'MyISAM' })];
  const to = [mtable('t', [...base, mcol('b')], { engine: 'MyISAM' })];
  const d = diffModels(mschema(MARIADB_10_11, from), mschema(MARIADB_10_11, to));
  assert.deepEqual(d.statements.map((s) => s.sql), ['ALTER TABLE `t` ADD COLUMN `b` int NULL;']);
  assert.deepEqual(d.changes[0]!.kind === 'addColumn' && d.changes[0]!.ddl, { algorithm: null, copiesTable: true });
  const toMyisam = [mtable('t', [...base, mcol('b')], { engine: 'MyISAM' })];
  assert.deepEqual(on(MYSQL_8_0_36, [mtable('t', base)], toMyisam), ['ALTER TABLE `t` ENGINE=MyISAM;', 'ALTER TABLE `t` ADD COLUMN `b` int NULL;']);
});
