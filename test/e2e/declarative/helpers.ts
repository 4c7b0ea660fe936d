// Shared by the declarative tests: a migrations folder + desired schema in a temp dir, and the
// generate round-trip check (the generated migration turns a into b; its rollback turns it back).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMigrator } from '../../../src/index.js';
import {
  desiredSnapshot, isEmptyPlan, openDevDatabase, planGeneration, readSchemaFiles, renderGenerated, snapshot, type GeneratedPlan,
} from '../../../src/declarative/index.js';
import { diffModels, sameSchema, type Schema } from '../../../src/schema/postgres/index.js';

export interface Project {
  readonly dir: string;
  readonly migrations: string;
  readonly schema: string;
}

/** A temp folder with `migrations/<name>` files and `schema.sql`. */
export function project(migrations: Record<string, string>, schema = ''): Project {
  const dir = mkdtempSync(join(tmpdir(), 'shale-decl-'));
  const m = join(dir, 'migrations');
  mkdirSync(m);
  for (const [name, text] of Object.entries(migrations)) writeFileSync(join(m, name), text);
  writeFileSync(join(dir, 'schema.sql'), schema);
  return { dir, migrations: m, schema: join(dir, 'schema.sql') };
}

export interface GenerateCase {
  readonly name: string;
  /** What the existing migration creates. */
  readonly a: string;
  /** The desired schema (objects in any order). */
  readonly b: string;
}

/** Explain why two snapshots differ, as the SQL between them. */
export function differenceOf(from: Schema, to: Schema): string {
  return diffModels(from, to).statements.map((s) => s.sql).join('\n');
}

/**
 * Generate a migration for case `c`, write it next to the existing one, then on a fresh dev
 * database: apply 0001 (= a), apply the generated one (must equal b), roll it back (must equal a).
 */
export async function checkGenerateRoundTrip(c: GenerateCase, devUrl?: string): Promise<{ plan: GeneratedPlan; up: string; down: string; project: Project }> {
  const p = project({ '0001_a.sql': c.a }, c.b);
  const dev = devUrl ? { devUrl } : {};
  const plan = await planGeneration({ schema: p.schema, sources: [p.migrations], unsafe: true, ...dev });
  assert.equal(isEmptyPlan(plan), false, `${c.name}: generate found nothing to do`);
  const text = renderGenerated(plan, { title: c.name, unsafe: true });
  writeFileSync(join(p.migrations, '0002_generated.sql'), text.up);
  writeFileSync(join(p.migrations, '0002_generated.rollback.sql'), text.down);
  const db = await openDevDatabase(devUrl);
  try {
    await db.provideRoles([c.a, c.b]);
    const want = (await desiredSnapshot(db.adapter, readSchemaFiles(p.schema))) as Schema;
    const m = createMigrator({ adapter: db.adapter, sources: [p.migrations] });
    assert.equal((await m.up({ to: '0001_a' })).error, null);
    const a = (await snapshot(db.adapter)) as Schema;
    const up = await m.up();
    assert.equal(up.error, null, `${c.name}: generated migration failed: ${up.error?.message}\n${text.up}`);
    const b = (await snapshot(db.adapter)) as Schema;
    assert.ok(sameSchema(b, want), `${c.name}: after the generated migration the schema is not b; still needed:\n${differenceOf(b, want)}\n--- migration:\n${text.up}`);
    const down = await m.down();
    assert.equal(down.error, null, `${c.name}: generated rollback failed: ${down.error?.message}\n${text.down}`);
    const back = (await snapshot(db.adapter)) as Schema;
    assert.ok(sameSchema(back, a), `${c.name}: after the rollback the schema is not a; still needed:\n${differenceOf(back, a)}\n--- rollback:\n${text.down}`);
  } finally {
    await db.dispose();
  }
  return { plan, up: text.up, down: text.down, project: p };
}

/** The five cases of issue 6 (desired objects deliberately listed before what they depend on). */
export const GENERATE_CASES: readonly GenerateCase[] = [
  { name: 'add column', a: 'create table t (id int primary key);', b: "create table t (id int primary key, note text not null default '');" },
  { name: 'add index', a: 'create table t (id int primary key, email text);', b: 'create index t_email on t (email);\ncreate table t (id int primary key, email text);' },
  {
    name: 'new table with FK',
    a: 'create table users (id int primary key);',
    b: 'create table posts (id int primary key, user_id int not null references users (id));\ncreate table users (id int primary key);',
  },
  { name: 'changed default', a: "create table t (id int, status text default 'new');", b: "create table t (id int, status text default 'open');" },
  { name: 'a view', a: 'create table t (id int, name text);', b: 'create view names as select name from t where id > 0;\ncreate table t (id int, name text);' },
];

/** A column renamed with a hint: the plan renames instead of drop + add. */
export const RENAME_CASE: GenerateCase = {
  name: 'renamed column',
  a: 'create table t (id int, name text);\ncreate index t_name on t (name);',
  b: 'create index t_name on t (full_name);\ncreate table t (\n  id int,\n  -- shale:renamed from=name\n  full_name text\n);',
};
