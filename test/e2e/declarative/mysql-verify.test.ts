// `shale verify --dev-url mysql://…` as a user runs it on the local MariaDB: each migration's up →
// down → up on a scratch database shale creates on the server (and drops afterwards); a rollback
// that leaves a table behind is found (exit 4) and named.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shale } from '../../helpers/cli.js';
import { mysqlAdmin, skipUnlessMysql } from '../../helpers/mysql.js';
import { MYSQL_DEV_URL, mysqlProject } from './mysql-helpers.js';

const skip = await skipUnlessMysql();

async function databaseExists(name: string): Promise<boolean> {
  const c = await mysqlAdmin();
  try {
    const [rows] = await c.query('select 1 from information_schema.schemata where schema_name = ?', [name]);
    return (rows as unknown[]).length > 0;
  } finally {
    await c.end();
  }
}

test('verify (CLI, mysql): migrations that round-trip pass on a scratch database, which is dropped', { skip }, async () => {
  const p = mysqlProject({
    '0001_t.sql': 'create table t (id int primary key, a int);',
    '0001_t.rollback.sql': 'drop table t;',
    '0002_u.sql': 'create table u (id int primary key, t_id int, constraint fk_t foreign key (t_id) references t (id));\ncreate index u_t on u (t_id, id);',
    '0002_u.rollback.sql': 'drop table u;',
  });
  const r = await shale(['--source', p.migrations, '--json', 'verify', '--dev-url', MYSQL_DEV_URL]);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { ok: boolean; devDatabase: string; results: { id: string; status: string }[] };
  assert.equal(doc.ok, true);
  assert.deepEqual(doc.results.map((x) => [x.id, x.status]), [['0001_t', 'ok'], ['0002_u', 'ok']]);
  const scratch = /\/(shale_dev_[0-9a-f]+)$/.exec(doc.devDatabase)?.[1];
  assert.ok(scratch, doc.devDatabase);
  assert.equal(await databaseExists(scratch), false, 'the scratch database is dropped');
});

test('verify (CLI, mysql): a rollback that leaves a table behind fails with the difference (exit 4)', { skip }, async () => {
  const p = mysqlProject({
    '0001_t.sql': 'create table t (id int primary key, a int);',
    '0001_t.rollback.sql': 'drop table t;',
    '0002_idx.sql': 'alter table t add column b int;\ncreate table audit (id int primary key);',
    '0002_idx.rollback.sql': 'alter table t drop column b;',
  });
  const r = await shale(['--source', p.migrations, 'verify', '--dev-url', MYSQL_DEV_URL]);
  assert.equal(r.code, 4, r.stderr + r.stdout);
  assert.match(r.stdout, /ok 0001_t round-trips/);
  assert.match(r.stdout, /FAIL 0002_idx/);
});
