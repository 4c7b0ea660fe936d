// verify: up → down → up for each migration on a dev database. A rollback that forgets an index is
// caught (named, with the difference), a migration without rollback is reported, a correct set passes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { verifyMigrations } from '../../../src/declarative/index.js';
import { PG_URL, skipUnlessPg } from '../../helpers/databases.js';
import { shale } from '../../helpers/cli.js';
import { project } from './helpers.js';

const GOOD = {
  '0001_t.sql': 'create table t (id int primary key, name text);',
  '0001_t.rollback.sql': 'drop table t;',
  '0002_email.sql': 'alter table t add column email text;\ncreate unique index t_email on t (email);',
  '0002_email.rollback.sql': 'drop index t_email;\nalter table t drop column email;',
};
const BAD = {
  ...GOOD,
  '0003_index.sql': 'create index t_name on t (name);',
  '0003_index.rollback.sql': '-- forgot the index\nselect 1;',
  '0004_no_down.sql': 'create table audit (id int);',
  '0005_after.sql': 'create table later (id int);',
  '0005_after.rollback.sql': 'drop table later;',
};

test('verify (pglite): a correct set passes (a repeatable migration is applied, not rolled back)', async () => {
  const r = await verifyMigrations({ sources: [project({ ...GOOD, 'R__names.sql': 'create or replace view names as select name from t;' }).migrations] });
  assert.deepEqual(r.results.map((x) => [x.id, x.status]), [['0001_t', 'ok'], ['0002_email', 'ok'], ['R__names', 'repeatable']]);
  assert.equal(r.ok, true);
});

test('verify (pglite): a rollback that forgets an index and a migration without rollback are caught', async () => {
  const r = await verifyMigrations({ sources: [project(BAD).migrations] });
  assert.deepEqual(r.results.map((x) => [x.id, x.status]), [
    ['0001_t', 'ok'],
    ['0002_email', 'ok'],
    ['0003_index', 'not-reversible'],
    ['0004_no_down', 'no-rollback'],
    ['0005_after', 'ok'],
  ]);
  assert.equal(r.ok, false);
  const diff = r.results[2]!.difference.join('\n');
  assert.match(diff, /CREATE INDEX t_name ON public\.t USING btree \(name\)/);
});

test('verify (postgres dev database, CLI): exit 4 naming the migration, --json per migration; exit 0 when all round-trip', { skip: await skipUnlessPg() }, async () => {
  const bad = project(BAD);
  const text = await shale(['--source', bad.migrations, 'verify', '--dev-url', PG_URL]);
  assert.equal(text.code, 4, text.stderr);
  assert.match(text.stdout, /FAIL 0003_index does not round-trip[^\n]*\n\s+CREATE INDEX t_name/);
  assert.match(text.stdout, /FAIL 0004_no_down cannot be rolled back: it has no rollback/);
  const json = await shale(['--source', bad.migrations, '--json', 'verify', '--dev-url', PG_URL]);
  assert.equal(json.code, 4);
  const doc = JSON.parse(json.stdout) as { ok: boolean; results: { id: string; status: string }[] };
  assert.equal(doc.ok, false);
  assert.deepEqual(doc.results.map((x) => x.status), ['ok', 'ok', 'not-reversible', 'no-rollback', 'ok']);
  const good = await shale(['--source', project(GOOD).migrations, 'verify', '--dev-url', PG_URL]);
  assert.equal(good.code, 0, good.stdout + good.stderr);
  assert.match(good.stdout, /verified 2 migrations: all round-trip/);
});
