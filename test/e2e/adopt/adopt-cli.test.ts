// `shale adopt --from <tool>` through the built CLI: 3 of 5 migrations applied by the other tool.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createMigrator, planAdoption } from '../../../src/index.js';
import { createPgDatabase, skipUnlessPg } from '../../helpers/databases.js';
import { runShale } from '../../helpers/cli.js';
import { FIXTURES, type Kind } from './tools.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function database(kind: Kind, dir: string) {
  if (kind === 'sqlite') {
    const file = join(dir, 'app.db');
    return {
      url: `sqlite:${file}`,
      async exec(sql: string) {
        const db = new Database(file);
        try {
          db.exec(sql);
        } finally {
          db.close();
        }
      },
      drop: async () => undefined,
    };
  }
  const tmp = await createPgDatabase('shale_adopt');
  return {
    url: tmp.url,
    async exec(sql: string) {
      const c = new pg.Client({ connectionString: tmp.url });
      await c.connect();
      try {
        await c.query(sql);
      } finally {
        await c.end();
      }
    },
    drop: () => tmp.drop(),
  };
}

function project(files: readonly [string, string][]): string {
  const dir = mkdtempSync(join(tmpdir(), 'shale-adopt-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'migrations'));
  for (const [name, text] of files) writeFileSync(join(dir, 'migrations', name), text);
  return dir;
}

const json = <T>(s: string): T => JSON.parse(s) as T;
const pgSkip = await skipUnlessPg();

for (const fx of FIXTURES) {
  for (const kind of fx.kinds) {
    describe(`adopt --from ${fx.tool} (${kind})`, { skip: kind === 'postgres' ? pgSkip : false }, () => {
      test('3 of 5 applied: adopt records 3, up applies exactly the other 2', async () => {
        const dir = project(fx.files);
        const db = await database(kind, dir);
        try {
          await fx.setup(kind, { dir, url: db.url, exec: db.exec });
          const ids = fx.files.map(([name]) => name.replace(/\.sql$/, ''));
          const cli = (...args: string[]) => runShale(dir, ['--db', db.url, ...args]);

          const dry = cli('adopt', '--from', fx.tool, '--dry-run', '--json');
          assert.equal(dry.code, 0, dry.stderr);
          const plan = json<{ plan: { adopt: string[]; pending: string[]; unmatchedRows: string[] } }>(dry.stdout).plan;
          assert.deepEqual([...plan.adopt].sort(), ids.slice(0, 3).sort());
          assert.deepEqual([...plan.pending].sort(), ids.slice(3).sort());
          assert.deepEqual(plan.unmatchedRows, fx.unmatched);
          assert.equal(json<{ counts: { applied: number } }>(cli('status', '--json').stdout).counts.applied, 0, 'dry run recorded nothing');

          const adopt = cli('adopt', '--from', fx.tool);
          assert.equal(adopt.code, 0, adopt.stderr);
          assert.match(adopt.stdout, new RegExp(`adopted 3 migrations from ${fx.tool}; 1 row of \\w+ matched no file`));
          assert.match(adopt.stdout, new RegExp(`unmatched  ${fx.unmatched[0]!.replace(/[.()]/g, '\\$&')}`));

          const status = json<{ counts: Record<string, number>; migrations: { id: string; state: string }[] }>(cli('status', '--json').stdout);
          assert.equal(status.counts['applied'], 3);
          assert.equal(status.counts['pending'], 2);
          assert.deepEqual(status.migrations.filter((m) => m.state === 'pending').map((m) => m.id).sort(), ids.slice(3).sort());

          const up = cli('up', '--json');
          assert.equal(up.code, 0, up.stderr);
          const results = json<{ results: { id: string; status: string }[] }>(up.stdout).results;
          assert.deepEqual(results.map((r) => r.id).sort(), ids.slice(3).sort());
          assert.ok(results.every((r) => r.status === 'applied'));

          const log = json<{ entries: { id: string; operation: string }[] }>(cli('history', '--json').stdout).entries;
          assert.deepEqual(log.filter((e) => e.operation === 'adopt').map((e) => e.id).sort(), ids.slice(0, 3).sort());
          assert.deepEqual(log.filter((e) => e.operation === 'apply').map((e) => e.id).sort(), ids.slice(3).sort());

          const again = cli('adopt', '--from', fx.tool, '--json');
          assert.equal(again.code, 0, again.stderr);
          assert.deepEqual(json<{ results: unknown[] }>(again.stdout).results, []);
        } finally {
          await db.drop();
        }
      });
    });
  }
}

describe('adopt without the tool table', () => {
  test('CLI: exit 1, clear message, nothing recorded', async () => {
    const dir = project([['0001.a.sql', 'create table a (id int);\n']]);
    const r = runShale(dir, ['--db', 'sqlite:app.db', 'adopt', '--from', 'flyway']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^shale: error: no flyway state table "flyway_schema_history"/m);
    const db = new Database(join(dir, 'app.db'));
    try {
      assert.deepEqual(db.prepare(`select name from sqlite_master where name like 'shale_%'`).all(), []);
    } finally {
      db.close();
    }
  });

  test('library: E_NOT_FOUND', async () => {
    const dir = project([['0001.a.sql', 'create table a (id int);\n']]);
    const m = createMigrator({ db: `sqlite:${join(dir, 'lib.db')}`, sources: [join(dir, 'migrations')] });
    try {
      await assert.rejects(planAdoption(await m.adapter(), (await m.load()).migrations, 'knex'), (e: { code?: string }) => e.code === 'E_NOT_FOUND');
      assert.deepEqual((await m.status()).counts.applied, 0);
    } finally {
      await m.close();
    }
  });

  test('an unknown tool is a usage error', () => {
    const dir = project([]);
    const r = runShale(dir, ['--db', 'sqlite:app.db', 'adopt', '--from', 'liquibase']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /unknown tool "liquibase"/);
  });
});
