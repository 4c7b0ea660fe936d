// A desired schema from Drizzle models, as a TypeScript team runs it: `drizzle:<drizzle.config.ts>`
// goes through the project's own drizzle-kit (`export --sql`) and then through shale's planner, so
// generate → up → drift → verify → generate again, push and diff work from the models. The real
// drizzle-kit and drizzle-orm are installed once into a cached folder outside the project (the
// npm registry is reachable here and in CI); a project without drizzle-kit gets one line naming it.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createPgDatabase, IN_CI, pgQuery, skipUnlessPg } from '../../helpers/databases.js';
import { shale } from '../../helpers/cli.js';
import { npm } from '../pack/consumer.js';

const DRIZZLE_KIT = '0.31.11';
const DRIZZLE_ORM = '0.45.4';
const ORM_HOME = join(tmpdir(), `shale-test-drizzle-${DRIZZLE_KIT}-${DRIZZLE_ORM}`);

/** A folder with drizzle-kit and drizzle-orm installed (once per machine); projects are made inside it. */
async function drizzleHome(): Promise<string | false> {
  if (existsSync(join(ORM_HOME, 'node_modules', '.bin', 'drizzle-kit'))) return false;
  mkdirSync(ORM_HOME, { recursive: true });
  writeFileSync(join(ORM_HOME, 'package.json'), JSON.stringify({ name: 'drizzle-home', private: true, type: 'module' }));
  const r = await npm(ORM_HOME, ['install', '--no-audit', '--no-fund', '--prefer-offline', `drizzle-kit@${DRIZZLE_KIT}`, `drizzle-orm@${DRIZZLE_ORM}`]);
  if (r.code === 0) return false;
  const why = `cannot install drizzle-kit ${DRIZZLE_KIT} from the npm registry: ${r.stderr.trim().split('\n').at(-1) ?? ''}`;
  if (IN_CI) throw new Error(`${why} (CI=true: tests must not skip)`);
  return why;
}

const skipOrm = await drizzleHome();
const skipPg = await skipUnlessPg();
const skip = skipOrm || skipPg;

const PG_CONFIG = `import { defineConfig } from 'drizzle-kit';\nexport default defineConfig({ dialect: 'postgresql', schema: './src/schema.ts' });\n`;
const PG_MODELS = `import { pgTable, serial, text, integer, index } from 'drizzle-orm/pg-core';
export const users = pgTable('users', { id: serial('id').primaryKey(), email: text('email').notNull().unique() });
export const posts = pgTable('posts', {
  id: serial('id').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id),
  title: text('title').notNull(),
}, (t) => [index('posts_user_idx').on(t.userId)]);
`;

/** A Drizzle project (config + models) inside the folder that has drizzle-kit installed. */
function drizzleProject(config: string, models: string, modelsFile = 'src/schema.ts'): { dir: string; models: string } {
  const dir = mkdtempSync(join(ORM_HOME, 'p-'));
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'drizzle.config.ts'), config);
  writeFileSync(join(dir, modelsFile), models);
  return { dir, models: join(dir, modelsFile) };
}

function migrationFiles(dir: string): string[] {
  return existsSync(join(dir, 'migrations')) ? readdirSync(join(dir, 'migrations')).sort() : [];
}

test('drizzle: generate from the models, up, drift, verify, then a model change is the next migration', { skip, timeout: 240_000 }, async () => {
  const p = drizzleProject(PG_CONFIG, PG_MODELS);
  const db = await createPgDatabase('shale_orm');
  try {
    const gen = await shale(['generate', 'init', '--desired', 'drizzle:drizzle.config.ts'], { cwd: p.dir });
    assert.equal(gen.code, 0, gen.stderr);
    const [, up] = migrationFiles(p.dir);
    assert.match(up!, /^\d{14}_init\.sql$/);
    const sql = readFileSync(join(p.dir, 'migrations', up!), 'utf8');
    assert.match(sql, /create table "public"\."posts"/);
    assert.match(sql, /FOREIGN KEY \(user_id\) REFERENCES public\.users\(id\)/);

    const applied = await shale(['--db', db.url, 'up'], { cwd: p.dir });
    assert.equal(applied.code, 0, applied.stderr);
    const tables = await pgQuery(db.url, `select string_agg(tablename, ',' order by tablename) as t from pg_tables where schemaname = 'public' and tablename not like 'shale_%'`);
    assert.equal(tables[0]!['t'], 'posts,users');
    const drift = await shale(['--db', db.url, 'drift'], { cwd: p.dir });
    assert.equal(drift.code, 0, drift.stderr + drift.stdout);
    const inLine = await shale(['diff', db.url, 'drizzle:drizzle.config.ts', '--schema', 'public'], { cwd: p.dir });
    assert.equal(inLine.code, 0, inLine.stderr + inLine.stdout);
    assert.equal(inLine.stdout.trim(), '');
    const verify = await shale(['verify'], { cwd: p.dir });
    assert.equal(verify.code, 0, verify.stderr + verify.stdout);

    writeFileSync(p.models, PG_MODELS.replace("title: text('title').notNull(),", "title: text('title').notNull(),\n  body: text('body'),"));
    const next = await shale(['generate', 'add body', '--desired', 'drizzle:drizzle.config.ts'], { cwd: p.dir });
    assert.equal(next.code, 0, next.stderr);
    const added = migrationFiles(p.dir).filter((f) => f.endsWith('_add_body.sql'));
    assert.equal(added.length, 1);
    assert.match(readFileSync(join(p.dir, 'migrations', added[0]!), 'utf8'), /alter table "public"\."posts" add column "body" text;/);
    const behind = await shale(['diff', db.url, 'drizzle:drizzle.config.ts', '--schema', 'public'], { cwd: p.dir });
    assert.equal(behind.code, 2, behind.stderr); // differences found
    assert.match(behind.stdout, /add column "body" text/);
    const again = await shale(['--db', db.url, 'up'], { cwd: p.dir });
    assert.equal(again.code, 0, again.stderr);
    const cols = await pgQuery(db.url, `select count(*)::int as n from information_schema.columns where table_name = 'posts' and column_name = 'body'`);
    assert.equal(cols[0]!['n'], 1);
  } finally {
    await db.drop();
  }
});

test('drizzle: push applies the models to a database; a dropped model column needs --unsafe (exit 3)', { skip, timeout: 240_000 }, async () => {
  const p = drizzleProject(PG_CONFIG, PG_MODELS);
  const db = await createPgDatabase('shale_orm');
  try {
    const push = await shale(['--db', db.url, 'push', 'drizzle:drizzle.config.ts', '--yes'], { cwd: p.dir });
    assert.equal(push.code, 0, push.stderr);
    const rows = await pgQuery(db.url, `select count(*)::int as n from pg_tables where schemaname = 'public' and tablename in ('users', 'posts')`);
    assert.equal(rows[0]!['n'], 2);
    writeFileSync(p.models, PG_MODELS.replace("  title: text('title').notNull(),\n", ''));
    const refused = await shale(['--db', db.url, 'push', 'drizzle:drizzle.config.ts', '--yes'], { cwd: p.dir });
    assert.equal(refused.code, 3, refused.stderr);
    const kept = await pgQuery(db.url, `select count(*)::int as n from information_schema.columns where table_name = 'posts' and column_name = 'title'`);
    assert.equal(kept[0]!['n'], 1);
  } finally {
    await db.drop();
  }
});

test('drizzle: a SQLite config is planned on SQLite with no database configured, and refused against PostgreSQL', { skip: skipOrm, timeout: 240_000 }, async () => {
  const p = drizzleProject(
    `import { defineConfig } from 'drizzle-kit';\nexport default defineConfig({ dialect: 'sqlite', schema: './src/schema.ts' });\n`,
    `import { sqliteTable, integer, text } from 'drizzle-orm/sqlite-core';\nexport const notes = sqliteTable('notes', { id: integer('id').primaryKey(), body: text('body').notNull() });\n`,
  );
  const gen = await shale(['generate', 'init', '--desired', 'drizzle:drizzle.config.ts'], { cwd: p.dir });
  assert.equal(gen.code, 0, gen.stderr);
  const up = migrationFiles(p.dir).find((f) => f.endsWith('_init.sql'))!;
  assert.match(readFileSync(join(p.dir, 'migrations', up), 'utf8'), /CREATE TABLE `notes`/);
  const applied = await shale(['--db', 'sqlite:app.db', 'up'], { cwd: p.dir });
  assert.equal(applied.code, 0, applied.stderr);
  const same = await shale(['diff', 'sqlite:app.db', 'drizzle:drizzle.config.ts'], { cwd: p.dir });
  assert.equal(same.code, 0, same.stderr);
  assert.equal(same.stdout.trim(), '');
  const wrong = await shale(['--db', 'postgres://postgres@127.0.0.1:5432/postgres', 'generate', 'x', '--desired', 'drizzle:drizzle.config.ts'], { cwd: p.dir });
  assert.equal(wrong.code, 1);
  assert.equal(wrong.stderr.trim().split('\n').length, 1, wrong.stderr);
  assert.match(wrong.stderr, /drizzle:drizzle\.config\.ts is for sqlite but the project's database .* is PostgreSQL/);
});

test('drizzle: a project without drizzle-kit gets one line naming the package; a missing config file too', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'shale-no-drizzle-'));
  writeFileSync(join(dir, 'drizzle.config.ts'), PG_CONFIG);
  const r = await shale(['generate', 'init', '--desired', 'drizzle:drizzle.config.ts'], { cwd: dir });
  assert.equal(r.code, 1);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /needs drizzle-kit in the project: npm install --save-dev drizzle-kit/);
  const none = await shale(['generate', 'init', '--desired', 'drizzle:nope.config.ts'], { cwd: dir });
  assert.equal(none.code, 1);
  assert.match(none.stderr, /drizzle:nope\.config\.ts: no such file/);
  const prisma = await shale(['generate', 'init', '--desired', 'prisma:schema.prisma'], { cwd: dir });
  assert.equal(prisma.code, 1);
  assert.match(prisma.stderr, /prisma:schema\.prisma: no such file/);
  assert.deepEqual(migrationFiles(dir), []);
});

test('drizzle: models drizzle-kit cannot load are one line naming the tool and its error, nothing written', { skip: skipOrm, timeout: 120_000 }, async () => {
  const p = drizzleProject(PG_CONFIG, `import { pgTable } from 'drizzle-orm/pg-core';\nexport const broken = pgTable('broken', {\n`);
  const r = await shale(['generate', 'init', '--desired', 'drizzle:drizzle.config.ts'], { cwd: p.dir });
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /^shale: error: drizzle:drizzle\.config\.ts: drizzle-kit failed: /);
  assert.deepEqual(migrationFiles(p.dir), []);
});
