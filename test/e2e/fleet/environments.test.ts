import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';

const BIN = new URL('../../../bin/shale.js', import.meta.url).pathname;
let dir: string;

function shale(args: string[], env: Record<string, string | undefined> = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, SHALE_DATABASE_URL: '', DATABASE_URL: '', ...env }, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function applied(file: string): string[] {
  const db = new Database(join(dir, file));
  try {
    return (db.prepare('select id from shale_migrations order by id').all() as { id: string }[]).map((r) => r.id);
  } finally {
    db.close();
  }
}

function columns(file: string, table: string): string[] {
  const db = new Database(join(dir, file));
  try {
    return (db.prepare(`pragma table_info(${table})`).all() as { name: string }[]).map((r) => r.name);
  } finally {
    db.close();
  }
}

before(() => {
  // The layout from a user's post: one folder per environment.
  dir = mkdtempSync(join(tmpdir(), 'shale-env-'));
  const base = join(dir, 'migrations/order_service');
  mkdirSync(join(base, 'prod'), { recursive: true });
  mkdirSync(join(base, 'stage'), { recursive: true });
  const create = 'create table orders (id integer primary key, total integer);\n';
  writeFileSync(join(base, 'prod/001-create-table.sql'), create);
  writeFileSync(join(base, 'stage/001-create-table.sql'), create);
  writeFileSync(join(base, 'stage/002-add-column.sql'), 'alter table orders add column note text;\n');
  writeFileSync(
    join(dir, 'shale.config.json'),
    JSON.stringify({
      environments: {
        stage: { db: 'sqlite:${DATA_DIR}/stage.db', sources: ['migrations/order_service/stage'] },
        prod: { db: 'sqlite:${DATA_DIR}/prod.db', sources: 'migrations/order_service/prod' },
        shards: { db: ['sqlite:${DATA_DIR}/shard1.db', 'sqlite:${DATA_DIR}/shard2.db'], sources: ['migrations/order_service/stage'] },
      },
    }),
  );
});

after(() => rmSync(dir, { recursive: true, force: true }));

describe('environments', () => {
  test('--env stage and --env prod apply their own sets to their own databases', () => {
    const stage = shale(['up', '--env', 'stage'], { DATA_DIR: dir });
    assert.equal(stage.status, 0, stage.stderr);
    assert.deepEqual(applied('stage.db'), ['001-create-table', '002-add-column']);
    assert.ok(columns('stage.db', 'orders').includes('note'));

    const prod = shale(['--env', 'prod', 'up'], { DATA_DIR: dir });
    assert.equal(prod.status, 0, prod.stderr);
    assert.deepEqual(applied('prod.db'), ['001-create-table']);
    assert.ok(!columns('prod.db', 'orders').includes('note'));

    // Each environment is up to date afterwards; stage's extra migration never reached prod.
    assert.match(shale(['up', '--env', 'prod'], { DATA_DIR: dir }).stdout, /up to date/);
    const st = shale(['status', '--env', 'prod', '--json'], { DATA_DIR: dir });
    assert.deepEqual((JSON.parse(st.stdout) as { counts: { applied: number; pending: number } }).counts.pending, 0);
  });

  test('a missing variable is an error naming it, exit 1', () => {
    const r = shale(['up', '--env', 'stage'], { DATA_DIR: undefined });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /DATA_DIR/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });

  test('an unknown environment lists the known ones', () => {
    const r = shale(['up', '--env', 'qa'], { DATA_DIR: dir });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /no environment "qa".*stage, prod, shards/);
  });

  test('an environment with a list of databases needs `shale fleet`', () => {
    const r = shale(['up', '--env', 'shards'], { DATA_DIR: dir });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /fleet/);
    const f = shale(['fleet', 'up', '--env', 'shards', '--json'], { DATA_DIR: dir });
    assert.equal(f.status, 0, f.stderr);
    const report = JSON.parse(f.stdout) as { targets: { status: string; applied: string[] }[] };
    assert.deepEqual(report.targets.map((t) => [t.status, t.applied]), [
      ['ok', ['001-create-table', '002-add-column']],
      ['ok', ['001-create-table', '002-add-column']],
    ]);
    assert.deepEqual(applied('shard1.db'), ['001-create-table', '002-add-column']);
    assert.deepEqual(applied('shard2.db'), ['001-create-table', '002-add-column']);
  });
});
