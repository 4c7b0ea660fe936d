// shale's own a/b fixtures (test/schema/fixtures/<case>/{a,b}.sql, optional options.json): one per
// object kind of the schema model and per ordering case. Each is checked for convergence on the real
// PostgreSQL (apply the diff to A in one transaction; A inspects equal to B; a second diff is empty),
// and a subset on PGlite (PostgreSQL 18) too. Each plan is also compared with the fixture's golden
// files, expected.sql (A → B) and expected-reverse.sql (B → A), as `shale diff` prints them;
// expected.pglite.sql / expected-reverse.pglite.sql only where PGlite's plan really differs.
// SHALE_UPDATE_GOLDEN=1 rewrites them (the convergence check still runs); a missing one is written,
// or fails under CI=true. See test/helpers/golden.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { PG_URL, skipUnlessPg, withPgPair } from '../helpers/databases.js';
import type { Queryable, QueryResult } from '../../src/adapters/adapter.js';
import type { SchemaDiffOptions } from '../../src/schema/postgres/index.js';
import { checkConvergence, type ConvergenceCase } from './convergence.js';
import { assertGolden, renderPlan, type GoldenFile } from '../helpers/golden.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const cases = readdirSync(dir).sort();
const PGLITE_CASES = [
  'columns', 'views', 'functions', 'enums', 'domains', 'rls', 'partitioning', 'order_views_over_views', 'order_function_in_default', 'order_enum_everywhere',
  'columns_generated', 'columns_generated_virtual', 'columns_identity', 'columns_serial_identity', 'columns_not_null_default', 'constraints_validation',
  'functions_overloads', 'enums_under_domain', 'enums_under_composite', 'partitioning_keys_and_bounds', 'inheritance_parent_changes', 'comments_view_columns',
  'privileges_columns', 'functions_result_change_users', 'replica_identity', 'sequences_ownership', 'partitioning_partition_columns', 'partitioning_convert', 'partitioning_index_adoption', 'partitioning_index_attach', 'partitioning_index_attach_constraints',
  'rules_basic', 'rules_changes', 'rules_dropped_with_table', 'rules_on_recreated_view', 'statistics_basic', 'statistics_changes', 'event_triggers_basic', 'event_triggers_changes',
  'aggregates_basic', 'aggregates_changes', 'casts_basic', 'casts_changes', 'casts_enum_recreated',
  'ranges_basic', 'ranges_changes', 'ranges_dropped_with_users', 'text_search_basic', 'text_search_changes', 'text_search_recreated',
  'publications_basic', 'publications_changes', 'publications_table_rebuilt', 'operators_basic', 'operators_changes', 'owners',
  'opclass_basic', 'opclass_changes', 'opclass_recreated', 'opclass_owners',
  'base_types_basic', 'base_types_changes',
  'order_drop_view_with_function', 'domains_base_type_change', 'domains_base_type_column',
  'partitioning_partition_not_null', 'partitioning_serial_type_change', 'partitioning_drop_referenced_partition', 'partitioning_detach_foreign_keys',
];
/** Cases written in syntax PostgreSQL 15 does not have (virtual generated columns): PGlite only. */
const PG18_ONLY = new Set(['columns_generated_virtual']);

function load(name: string): ConvergenceCase {
  const read = (f: string) => readFileSync(join(dir, name, f), 'utf8');
  const optsFile = join(dir, name, 'options.json');
  const opts: SchemaDiffOptions = existsSync(optsFile) ? (JSON.parse(read('options.json')) as SchemaDiffOptions) : { withPrivileges: true };
  return { a: read('a.sql'), b: read('b.sql'), opts };
}

/** The case as written (A → B) or turned around (B → A). */
const directed = (c: ConvergenceCase, reverse: boolean): ConvergenceCase => (reverse ? { ...c, a: c.b, b: c.a } : c);

/** A case's golden plan: expected.sql (A → B) or expected-reverse.sql (B → A), with an engine's own variant. */
function golden(name: string, reverse: boolean, engine?: 'pglite'): GoldenFile {
  const base = join(dir, name, reverse ? 'expected-reverse' : 'expected');
  return { path: `${base}.sql`, ...(engine ? { variant: `${base}.${engine}.sql` } : {}) };
}

const ROLE = `do $$ begin create role schemainspect_test_role; exception when duplicate_object or unique_violation then null; end $$`;

const skip = await skipUnlessPg();
/** The server's major version: PostgreSQL-18-only cases run on it only when it is 18 or later (always on PGlite). */
async function serverMajor(): Promise<number> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    return Math.floor(Number((await c.query<{ v: string }>('show server_version_num')).rows[0]!.v) / 10000);
  } finally {
    await c.end();
  }
}
const major = skip ? 0 : await serverMajor();
/** Both directions: `shale diff B A` must converge as well as `shale diff A B` (a rollback, say). */
const runs = cases.filter((n) => skip || major >= 18 || !PG18_ONLY.has(n)).flatMap((name) => [{ name, reverse: false }, { name, reverse: true }]);
for (const { name, reverse } of runs) {
  test(`fixture ${name} converges on PostgreSQL${reverse ? ' in reverse (b → a)' : ''}`, { skip }, (t) =>
    withPgPair('shale_fx', async ({ a, b }) => {
      await a.query(ROLE);
      const r = await checkConvergence({ a, b }, directed(load(name), reverse));
      assert.ok(r.statements.length > 0, 'the fixture should need changes');
      assert.deepEqual(r.differences, [], `A and B differ after applying:\n${r.statements.map((s) => s.sql).join('\n')}`);
      assert.deepEqual(r.remaining.map((s) => s.sql), []);
      const g = assertGolden(golden(name, reverse), renderPlan(r.statements));
      t.diagnostic(`${name}: ${r.statements.length} statements, destructive=${r.destructive}, golden plan ${g}`);
    }));
}

function pgliteQueryable(db: PGlite): Queryable {
  return {
    async query<R>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      const r = await db.query<R>(sql, params ? [...params] : undefined);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
  };
}

const RESET = `do $$ declare r record; begin
  for r in select nspname from pg_namespace where nspname <> 'information_schema' and nspname not like 'pg\\_%' loop
    execute format('drop schema %I cascade', r.nspname);
  end loop;
  -- Publications belong to the database, not to a schema.
  for r in select pubname from pg_publication loop
    execute format('drop publication %I', r.pubname);
  end loop;
end $$;
create schema public;`;

test('fixtures converge on PGlite (PostgreSQL 18)', async (t) => {
  const la = new PGlite();
  const lb = new PGlite();
  const a = pgliteQueryable(la);
  const b = pgliteQueryable(lb);
  const exec = async (q: Queryable, sql: string) => void (await (q === a ? la : lb).exec(sql));
  try {
    await la.exec(ROLE);
    await lb.exec(ROLE);
    for (const { name, reverse } of PGLITE_CASES.flatMap((name) => [{ name, reverse: false }, { name, reverse: true }])) {
      await t.test(`${name}${reverse ? ' in reverse (b → a)' : ''}`, async () => {
        await la.exec(RESET);
        await lb.exec(RESET);
        const r = await checkConvergence({ a, b, exec }, directed(load(name), reverse));
        assert.ok(r.statements.length > 0);
        assert.deepEqual(r.differences, [], `A and B differ after applying:\n${r.statements.map((s) => s.sql).join('\n')}`);
        assert.deepEqual(r.remaining.map((s) => s.sql), []);
        assertGolden(golden(name, reverse, 'pglite'), renderPlan(r.statements));
      });
    }
  } finally {
    await la.close();
    await lb.close();
  }
});
