// `shale diff mysql://…/a mysql://…/b` and `shale drift --dev-url mysql://…` as a user runs them
// (the built CLI) on the local MariaDB: the plan, the exit codes (2: differences, 3: destructive
// without --unsafe), applying the printed plan converges, drift against a scratch dev database
// and a MySQL project without --dev-url is one E_USAGE line.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shale } from '../../helpers/cli.js';
import { createMysqlDatabase, skipUnlessMysql } from '../../helpers/mysql.js';
import { MYSQL_DEV_URL, mysqlProject, mysqlRun } from './mysql-helpers.js';

const skip = await skipUnlessMysql();

const A = ['create table t (id int primary key, a int)'];
const B = [
  'create table t (id int primary key, a bigint, b varchar(10) not null default \'x\', key k_b (b))',
  'create table u (id int primary key, t_id int, constraint fk_t foreign key (t_id) references t (id))',
  'create view v as select id, b from t',
];

test('diff (CLI, mysql): the plan A → B, exit 2; applied to A, a second diff is empty (exit 0)', { skip }, async () => {
  const a = await createMysqlDatabase('shale_myd');
  const b = await createMysqlDatabase('shale_myd');
  try {
    await mysqlRun(a.name, A);
    await mysqlRun(b.name, B);
    const r = await shale(['diff', a.url, b.url]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stdout, /^ALTER TABLE `t` ADD COLUMN `b` varchar\(10\) CHARACTER SET \S+ COLLATE \S+ NOT NULL DEFAULT 'x', ALGORITHM=INSTANT;$/m);
    assert.match(r.stdout, /^ALTER TABLE `t` ADD KEY `k_b` \(`b`\), ALGORITHM=INPLACE;$/m);
    assert.match(r.stdout, /^ALTER TABLE `u` ADD CONSTRAINT `fk_t` FOREIGN KEY \(`t_id`\) REFERENCES `t` \(`id`\)/m);
    assert.match(r.stdout, /^CREATE SQL SECURITY DEFINER VIEW `v` AS /m);
    const statements = r.stdout.split(/;\n\n|;\n?$/).map((s) => s.trim()).filter((s) => s !== '');
    await mysqlRun(a.name, statements);
    const again = await shale(['diff', a.url, b.url]);
    assert.equal(again.code, 0, again.stderr + again.stdout);
    assert.equal(again.stdout.trim(), '');
  } finally {
    await a.drop();
    await b.drop();
  }
});

test('diff (CLI, mysql): B → A drops things: exit 3 and no SQL without --unsafe, the drops with it', { skip }, async () => {
  const a = await createMysqlDatabase('shale_myd');
  const b = await createMysqlDatabase('shale_myd');
  try {
    await mysqlRun(a.name, A);
    await mysqlRun(b.name, B);
    const refused = await shale(['diff', b.url, a.url]);
    assert.equal(refused.code, 3, refused.stderr);
    assert.doesNotMatch(refused.stdout, /DROP/);
    const r = await shale(['diff', '--unsafe', b.url, a.url]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stdout, /^DROP VIEW `v`;$/m);
    assert.match(r.stdout, /^DROP TABLE `u`;$/m);
    assert.match(r.stdout, /^ALTER TABLE `t` DROP COLUMN `b`;$/m);
  } finally {
    await a.drop();
    await b.drop();
  }
});

test('drift (CLI, mysql): a scratch dev database on the server replays the migrations; a change made by hand is found', { skip }, async () => {
  const app = await createMysqlDatabase('shale_myd');
  try {
    const p = mysqlProject({ '0001_t.sql': 'create table t (id int primary key, a int);' });
    const up = await shale(['--source', p.migrations, '--db', app.url, 'up']);
    assert.equal(up.code, 0, up.stderr);
    const clean = await shale(['--source', p.migrations, '--db', app.url, 'drift', '--dev-url', MYSQL_DEV_URL]);
    assert.equal(clean.code, 0, clean.stderr);
    assert.match(clean.stdout, /no drift/);
    await mysqlRun(app.name, ['alter table t add column sneaky int']);
    const drifted = await shale(['--source', p.migrations, '--db', app.url, 'drift', '--dev-url', MYSQL_DEV_URL]);
    assert.equal(drifted.code, 2, drifted.stderr);
    assert.match(drifted.stdout, /ALTER TABLE `t` DROP COLUMN `sneaky`/);
  } finally {
    await app.drop();
  }
});

test('drift (CLI, mysql): without --dev-url, one E_USAGE line naming --dev-url, exit 1', { skip }, async () => {
  const app = await createMysqlDatabase('shale_myd');
  try {
    const p = mysqlProject({ '0001_t.sql': 'create table t (id int primary key);' });
    const r = await shale(['--source', p.migrations, '--db', app.url, 'drift']);
    assert.equal(r.code, 1);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, /--dev-url mysql:\/\//);
  } finally {
    await app.drop();
  }
});
