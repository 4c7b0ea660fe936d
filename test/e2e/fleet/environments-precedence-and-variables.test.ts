import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';

const BIN = new URL('../../../bin/shale.js', import.meta.url).pathname;
let dir: string;

function shale(args: string[], env: Record<string, string | undefined> = {}, cwd = dir): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, SHALE_DATABASE_URL: '', DATABASE_URL: '', TOP_DB: undefined, PROD_HOST: undefined, ...env }, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function applied(file: string): string[] | null {
  if (!existsSync(join(dir, file))) return null;
  const db = new Database(join(dir, file));
  try {
    return (db.prepare('select id from shale_migrations order by id').all() as { id: string }[]).map((r) => r.id);
  } finally {
    db.close();
  }
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'shale-env-edge-'));
  const base = join(dir, 'migrations/order_service');
  mkdirSync(join(base, 'prod'), { recursive: true });
  mkdirSync(join(base, 'stage'), { recursive: true });
  writeFileSync(join(base, 'prod/001-create-table.sql'), 'create table orders (id integer primary key);\n');
  writeFileSync(join(base, 'stage/001-create-table.sql'), 'create table orders (id integer primary key);\n');
  writeFileSync(join(base, 'stage/002-add-column.sql'), 'alter table orders add column note text;\n');
  writeFileSync(
    join(dir, 'shale.config.json'),
    JSON.stringify({
      // Variables only some commands need: the top-level db and the prod hosts.
      db: '${TOP_DB}',
      sources: ['migrations/order_service/stage'],
      environments: {
        stage: { db: `sqlite:${dir}/stage.db`, sources: ['migrations/order_service/stage'] },
        prod: { db: ['sqlite:${PROD_HOST}/prod1.db', 'sqlite:${PROD_HOST}/prod2.db'], sources: 'migrations/order_service/prod' },
      },
    }),
  );
});

after(() => rmSync(dir, { recursive: true, force: true }));

describe('environments: precedence and variables', () => {
  test('--env chooses its database even when SHALE_DATABASE_URL is set; --db still wins', () => {
    const r = shale(['up', '--env', 'stage'], { SHALE_DATABASE_URL: `sqlite:${dir}/ambient.db` });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(applied('stage.db'), ['001-create-table', '002-add-column']);
    assert.equal(applied('ambient.db'), null);

    const o = shale(['up', '--env', 'stage', '--db', `sqlite:${dir}/override.db`], { SHALE_DATABASE_URL: `sqlite:${dir}/ambient.db` });
    assert.equal(o.status, 0, o.stderr);
    assert.deepEqual(applied('override.db'), ['001-create-table', '002-add-column']);
    assert.equal(applied('ambient.db'), null);
  });

  test('variables of a db that is not used need not be set', () => {
    // TOP_DB is unset: --env stage, --db and fleet --targets never use the top-level db.
    const r = shale(['status', '--env', 'stage', '--json']);
    assert.equal(r.status, 0, r.stderr);
    const d = shale(['up', '--db', `sqlite:${dir}/plain.db`]);
    assert.equal(d.status, 0, d.stderr);
    assert.deepEqual(applied('plain.db'), ['001-create-table', '002-add-column']);
    const f = shale(['fleet', 'up', '--targets', `sqlite:${dir}/t1.db`, '--json']);
    assert.equal(f.status, 0, f.stderr);
    // Without any of those the variable is needed, and named.
    const missing = shale(['up']);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /TOP_DB/);
    assert.equal(missing.stderr.trim().split('\n').length, 1);
  });

  test('an environment listing several databases: plain `up` refuses, `fleet up --env` applies its own set to each', () => {
    const r = shale(['up', '--env', 'prod'], { PROD_HOST: dir });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /environment "prod" lists 2 databases: use `shale fleet up\|status\|down --env prod`.*--db/);
    for (const cmd of [['status'], ['down'], ['history']]) {
      const x = shale([...cmd, '--env', 'prod'], { PROD_HOST: dir });
      assert.equal(x.status, 1, cmd.join(' '));
      assert.match(x.stderr, /lists 2 databases/, cmd.join(' '));
    }
    assert.equal(applied('prod1.db'), null);

    const missing = shale(['fleet', 'up', '--env', 'prod']);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /environments\.prod.*PROD_HOST/);

    const f = shale(['fleet', 'up', '--env', 'prod', '--json'], { PROD_HOST: dir });
    assert.equal(f.status, 0, f.stderr);
    assert.deepEqual(applied('prod1.db'), ['001-create-table']);
    assert.deepEqual(applied('prod2.db'), ['001-create-table']);

    // --db narrows an environment to one database, with the environment's sources.
    const one = shale(['up', '--env', 'prod', '--db', `sqlite:${dir}/prod3.db`]);
    assert.equal(one.status, 0, one.stderr);
    assert.deepEqual(applied('prod3.db'), ['001-create-table']);
  });
});
