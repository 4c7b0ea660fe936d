// `shale generate` and `shale push` with `--dev-url mysql://…` as a user runs them on the local
// MariaDB: the generated migration (and its rollback) brings a database that ran the old migrations
// to the desired schema (drift finds nothing), generating again finds nothing to do, a rename hint
// renames instead of drop + add, and push applies a desired schema (exit 3 for drops without --unsafe).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { shale } from '../../helpers/cli.js';
import { createMysqlDatabase, skipUnlessMysql } from '../../helpers/mysql.js';
import { MYSQL_DEV_URL, mysqlProject, mysqlRun } from './mysql-helpers.js';

const skip = await skipUnlessMysql();

const DESIRED = `
create view v as select id, b from t;
create table u (id int primary key, t_id int, constraint fk_t foreign key (t_id) references t (id));
create table t (
  id int primary key,
  a bigint,
  b varchar(10) not null default 'x',
  key k_b (b)
);
create trigger t_bi before insert on t for each row set new.b = upper(new.b);
`;

const generated = (dir: string) => readdirSync(dir).filter((f) => !f.startsWith('0001')).sort();

test('generate (CLI, mysql): the migration brings the old schema to the desired one; then nothing to do', { skip }, async () => {
  const app = await createMysqlDatabase('shale_myg');
  try {
    const p = mysqlProject({ '0001_t.sql': 'create table t (id int primary key, a int);' }, DESIRED);
    const r = await shale(['--source', p.migrations, 'generate', 'grow t', '--desired', p.schema, '--dev-url', MYSQL_DEV_URL]);
    assert.equal(r.code, 0, r.stderr);
    const files = generated(p.migrations);
    assert.equal(files.length, 2, files.join(', '));
    const up = readFileSync(join(p.migrations, files.find((f) => !f.includes('.rollback.'))!), 'utf8');
    assert.match(up, /ALTER TABLE `t` ADD COLUMN `b` varchar\(10\)/);
    assert.match(up, /CREATE TRIGGER `t_bi` BEFORE INSERT ON `t`/);
    const upRun = await shale(['--source', p.migrations, '--db', app.url, 'up']);
    assert.equal(upRun.code, 0, upRun.stderr);
    const drift = await shale(['--source', p.migrations, '--db', app.url, 'drift', '--dev-url', MYSQL_DEV_URL]);
    assert.equal(drift.code, 0, drift.stderr + drift.stdout);
    const again = await shale(['--source', p.migrations, 'generate', 'again', '--desired', p.schema, '--dev-url', MYSQL_DEV_URL]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /nothing to do/);
    const verify = await shale(['--source', p.migrations, 'verify', '--dev-url', MYSQL_DEV_URL]);
    assert.match(verify.stdout, /ok \d+_grow_t round-trips/);
  } finally {
    await app.drop();
  }
});

test('generate (CLI, mysql): a shale:renamed hint renames the column (RENAME COLUMN), keeping its rows', { skip }, async () => {
  const app = await createMysqlDatabase('shale_myg');
  try {
    const p = mysqlProject({ '0001_t.sql': 'create table t (id int primary key, old_name varchar(20));' }, 'create table t (\n  id int primary key,\n  -- shale:renamed from=old_name\n  new_name varchar(20)\n);\n');
    assert.equal((await shale(['--source', p.migrations, '--db', app.url, 'up'])).code, 0);
    await mysqlRun(app.name, ["insert into t values (1, 'kept')"]);
    const r = await shale(['--source', p.migrations, 'generate', 'rename', '--desired', p.schema, '--dev-url', MYSQL_DEV_URL]);
    assert.equal(r.code, 0, r.stderr);
    const up = readFileSync(join(p.migrations, generated(p.migrations).find((f) => !f.includes('.rollback.'))!), 'utf8');
    assert.match(up, /ALTER TABLE `t` RENAME COLUMN `old_name` TO `new_name`;/);
    assert.doesNotMatch(up, /DROP COLUMN/);
    assert.equal((await shale(['--source', p.migrations, '--db', app.url, 'up'])).code, 0);
    assert.deepEqual(await mysqlRun(app.name, ['select new_name from t']), [{ new_name: 'kept' }]);
  } finally {
    await app.drop();
  }
});

test('push (CLI, mysql): applies the desired schema; drops need --unsafe (exit 3, nothing changed)', { skip }, async () => {
  const app = await createMysqlDatabase('shale_myg');
  try {
    await mysqlRun(app.name, ['create table t (id int primary key, a int)', 'create table old (id int primary key)']);
    const p = mysqlProject({}, DESIRED);
    const refused = await shale(['--db', app.url, 'push', p.schema, '--yes', '--dev-url', MYSQL_DEV_URL]);
    assert.equal(refused.code, 3, refused.stderr + refused.stdout);
    assert.deepEqual(await mysqlRun(app.name, ["select count(*) as n from information_schema.columns where table_schema = database() and table_name = 't'"]), [{ n: 2 }]);
    const r = await shale(['--db', app.url, 'push', p.schema, '--unsafe', '--yes', '--dev-url', MYSQL_DEV_URL]);
    assert.equal(r.code, 0, r.stderr);
    const again = await shale(['--db', app.url, 'push', p.schema, '--dry-run', '--dev-url', MYSQL_DEV_URL]);
    assert.equal(again.code, 0, again.stderr);
    assert.doesNotMatch(again.stdout, /ALTER|CREATE|DROP/);
  } finally {
    await app.drop();
  }
});
