// drift: a database changed by hand (added index, dropped column, changed default) is reported with
// the SQL that fixes it, and that SQL really fixes it; a clean database (pending migrations aside) is
// in sync. PGlite as live and dev database through the library; the real server through the CLI.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { createMigrator, openAdapter, type Adapter } from '../../../src/index.js';
import { checkDrift } from '../../../src/declarative/index.js';
import { createPgDatabase, PG_URL, skipUnlessPg } from '../../helpers/databases.js';
import { shale } from '../../helpers/cli.js';
import { project } from './helpers.js';

const MIGRATIONS = {
  '0001_users.sql': "create table users (id int primary key, email text, status text default 'new');",
  '0002_posts.sql': 'create table posts (id int primary key, user_id int references users (id));',
};
const PENDING = { '0003_pending.sql': 'create table later (id int);' };

async function driftFixes(live: Adapter, sources: string[], change: string, expect: RegExp): Promise<void> {
  await live.query(change);
  const r = await checkDrift({ db: live, sources });
  assert.equal(r.inSync, false, `not reported: ${change}`);
  const sql = r.statements.map((s) => s.sql);
  assert.match(sql.join('\n'), expect);
  for (const s of sql) await live.query(s);
  assert.equal((await checkDrift({ db: live, sources })).inSync, true, `the fixing SQL did not fix: ${sql.join('\n')}`);
}

test('drift (pglite): clean, then added index, dropped column, changed default, each fixed by the reported SQL', async () => {
  const p = project({ ...MIGRATIONS });
  const live = await openAdapter('pglite:memory');
  try {
    assert.equal((await createMigrator({ adapter: live, sources: [p.migrations] }).up()).error, null);
    // A migration added after the database was migrated is pending, not drift.
    const q = project({ ...MIGRATIONS, ...PENDING });
    const clean = await checkDrift({ db: live, sources: [q.migrations] });
    assert.equal(clean.inSync, true, clean.statements.map((s) => s.sql).join('\n'));
    assert.deepEqual(clean.applied, ['0001_users', '0002_posts']);
    await driftFixes(live, [q.migrations], 'create index users_email on users (email)', /drop index "public"\."users_email"/);
    await driftFixes(live, [q.migrations], 'alter table users drop column status', /add column "status" text/);
    await driftFixes(live, [q.migrations], "alter table users alter column status set default 'old'", /set default 'new'::text/);
  } finally {
    await live.close();
  }
});

test('drift (postgres, CLI): exit 0 when clean, exit 2 with the fixing SQL when changed by hand', { skip: await skipUnlessPg() }, async () => {
  const p = project({ ...MIGRATIONS });
  const db = await createPgDatabase();
  try {
    const args = ['--db', db.url, '--source', p.migrations];
    assert.equal((await shale([...args, 'up'])).code, 0);
    const clean = await shale([...args, 'drift', '--dev-url', PG_URL]);
    assert.equal(clean.code, 0, clean.stderr);
    assert.match(clean.stdout, /no drift/);
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    await c.query('create index users_email on users (email); alter table posts drop column user_id');
    await c.end();
    const drifted = await shale([...args, 'drift', '--dev-url', PG_URL]);
    assert.equal(drifted.code, 2, drifted.stderr);
    assert.match(drifted.stdout, /drop index "public"\."users_email";/);
    assert.match(drifted.stdout, /add column "user_id" integer/);
    const json = await shale([...args, '--json', 'drift', '--dev-url', PG_URL]);
    assert.equal(json.code, 2);
    const doc = JSON.parse(json.stdout) as { inSync: boolean; applied: string[]; statements: { statement: string }[] };
    assert.equal(doc.inSync, false);
    assert.deepEqual(doc.applied, ['0001_users', '0002_posts']);
  } finally {
    await db.drop();
  }
});
