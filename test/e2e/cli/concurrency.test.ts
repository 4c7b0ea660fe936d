// 20 concurrent `shale up` processes on one database: every migration applied exactly once, every process exits 0.
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import Database from 'better-sqlite3';
import { createPgDatabase, skipUnlessPg, type TempPgDatabase } from '../../helpers/databases.js';
import { shale, tempDir } from '../../helpers/cli.js';

const PROCESSES = 20;

function writeMigrations(dir: string, sleep: (s: number) => string): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 1; i <= 8; i++) {
    writeFileSync(join(dir, `${String(i).padStart(3, '0')}_m${i}.sql`), `create table c${i} (id integer primary key);\ninsert into c${i} (id) values (${i});\n${sleep(0.05)}\n`);
  }
}

async function runAll(args: string[], cwd: string) {
  return Promise.all(Array.from({ length: PROCESSES }, () => shale(['--lock-timeout', '120', ...args, 'up'], { cwd })));
}

describe('concurrent shale up', async () => {
  const skipPg = await skipUnlessPg();
  const dbs: TempPgDatabase[] = [];
  after(async () => {
    for (const d of dbs) await d.drop();
  });

  it(`${PROCESSES} processes on one PostgreSQL database apply each migration once`, { skip: skipPg }, async () => {
    const db = await createPgDatabase();
    dbs.push(db);
    const dir = tempDir();
    writeMigrations(join(dir, 'migrations'), (s) => `select pg_sleep(${s});`);
    const results = await runAll(['--db', db.url], dir);
    for (const r of results) assert.equal(r.code, 0, r.stderr);
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      const m = await c.query('select id from shale_migrations order by id');
      assert.equal(m.rowCount, 8);
      const log = await c.query(`select id, count(*)::int as n from shale_log where operation = 'apply' group by id`);
      assert.equal(log.rowCount, 8);
      for (const row of log.rows) assert.equal(row.n, 1, `${row.id} applied ${row.n} times`);
      const data = await c.query('select count(*)::int as n from c1');
      assert.equal(data.rows[0].n, 1);
    } finally {
      await c.end();
    }
  });

  it(`${PROCESSES} processes on one SQLite file apply each migration once`, async () => {
    const dir = tempDir();
    // A recursive CTE keeps each migration busy for a moment, like the pg_sleep above.
    writeMigrations(join(dir, 'migrations'), () => 'select count(*) from (with recursive c(x) as (select 1 union all select x + 1 from c where x < 20000) select x from c);');
    const file = join(dir, 'app.db');
    const results = await runAll(['--db', `sqlite:${file}`], dir);
    for (const r of results) assert.equal(r.code, 0, r.stderr);
    const db = new Database(file, { readonly: true });
    try {
      assert.equal((db.prepare('select count(*) as n from shale_migrations').get() as { n: number }).n, 8);
      const log = db.prepare(`select id, count(*) as n from shale_log where operation = 'apply' group by id`).all() as { id: string; n: number }[];
      assert.equal(log.length, 8);
      for (const row of log) assert.equal(row.n, 1, `${row.id} applied ${row.n} times`);
      assert.equal((db.prepare('select count(*) as n from shale_lock').get() as { n: number }).n, 0, 'lock released');
    } finally {
      db.close();
    }
  });
});
