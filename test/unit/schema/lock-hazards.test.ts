// Hazards of planned statements come from their typed changes: locks on existing tables, rewrites,
// broken clients; nothing for a table the same plan creates. Codes are those of `shale lint`.
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../helpers/cli.js';
import assert from 'node:assert/strict';
import { diffSchemas } from '../../../src/schema/postgres/diff.js';
import { retypeRewrites } from '../../../src/schema/postgres/lock-hazards.js';
import { planStatements } from '../../../src/schema/postgres/planner.js';
import type { Index } from '../../../src/schema/postgres/model.js';
import { postgresLint } from '../../../src/lint/postgres/index.js';
import { keys } from '../../../src/schema/keys.js';
import { col, schema, table } from './model-builders.js';

const index = (name: string, on: string): Index => ({ key: keys.rel('public', name), schema: 'public', table: on, name, definition: `CREATE INDEX ${name} ON public.${on} USING btree (id)`, parent: null });

function hazardsOf(from: Parameters<typeof diffSchemas>[0], to: Parameters<typeof diffSchemas>[1]): string[][] {
  return planStatements(diffSchemas(from, to)).flatMap((s) => s.hazards.map((h) => [s.kind, h.code, h.severity]));
}

test('an index on an existing table is PG130; on a table the plan creates, nothing', () => {
  const before = schema({ tables: [table('t', [col('id')])] });
  assert.deepEqual(hazardsOf(before, schema({ tables: [table('t', [col('id')])], indexes: [index('t_id', 't')] })), [['createIndex', 'PG130', 'warning']]);
  assert.deepEqual(hazardsOf(schema({}), schema({ tables: [table('t', [col('id')])], indexes: [index('t_id', 't')] })), []);
  assert.deepEqual(hazardsOf(schema({ tables: [table('t', [col('id')])], indexes: [index('t_id', 't')] }), before), [['dropIndex', 'PG131', 'warning']]);
});

test('columns: required column, type change with and without rewrite, NOT NULL set and dropped, drop', () => {
  const t = (...cols: ReturnType<typeof col>[]) => schema({ tables: [table('t', [col('id'), ...cols])] });
  assert.deepEqual(hazardsOf(t(), t(col('c', 'integer', { notNull: true }))), [['addColumn', 'PG104', 'error']]);
  assert.deepEqual(hazardsOf(t(), t(col('c', 'integer', { notNull: true, default: '0' }))), []);
  assert.deepEqual(hazardsOf(t(col('c', 'integer')), t(col('c', 'bigint'))), [['alterColumn', 'PG117', 'error']]);
  assert.deepEqual(hazardsOf(t(col('c', 'character varying(10)')), t(col('c', 'character varying(20)'))), [['alterColumn', 'PG117', 'info']]);
  assert.deepEqual(hazardsOf(t(col('c')), t(col('c', 'integer', { notNull: true }))), [['alterColumn', 'PG103', 'error']]);
  assert.deepEqual(hazardsOf(t(col('c', 'integer', { notNull: true })), t(col('c'))), [['alterColumn', 'PG112', 'warning']]);
  assert.deepEqual(hazardsOf(t(col('c')), t()), [['dropColumn', 'PG110', 'error']]);
});

test('retypeRewrites: varchar widening, varchar → text, numeric precision up keep the data; the rest rewrites', () => {
  const keeps: [string, string][] = [
    ['character varying(10)', 'character varying(20)'],
    ['character varying(10)', 'character varying'],
    ['character varying(10)', 'text'],
    ['numeric(10,2)', 'numeric(12,2)'],
    ['numeric(10,2)', 'numeric'],
    ['bit varying(4)', 'bit varying(8)'],
  ];
  for (const [a, b] of keeps) assert.equal(retypeRewrites(a, b), false, `${a} → ${b}`);
  const rewrites: [string, string][] = [
    ['character varying(20)', 'character varying(10)'],
    ['character varying', 'character varying(10)'],
    ['numeric(10,2)', 'numeric(12,3)'],
    ['numeric', 'numeric(10,2)'],
    ['integer', 'bigint'],
    ['text', 'character varying(10)'],
    ['timestamp without time zone', 'timestamp with time zone'],
  ];
  for (const [a, b] of rewrites) assert.equal(retypeRewrites(a, b), true, `${a} → ${b}`);
});

test('every hazard code is a lint rule of the same name', () => {
  const rules = new Map(postgresLint.rules.map((r) => [r.code, r.rule]));
  // Codes that only the typed path can emit are checked too: the source lists each once.
  const t = (...cols: ReturnType<typeof col>[]) => schema({ tables: [table('t', [col('id'), ...cols])], indexes: [] });
  const plans = [
    planStatements(diffSchemas(t(col('c')), t(col('c', 'bigint', { notNull: true })))),
    planStatements(diffSchemas(t(col('c')), t())),
    planStatements(diffSchemas(t(), schema({ tables: [table('t', [col('id')])], indexes: [index('t_id', 't')] }))),
  ];
  for (const h of plans.flat().flatMap((s) => s.hazards)) assert.equal(rules.get(h.code), h.rule, h.code);
  const source = readFileSync(join(ROOT, 'src/schema/postgres/lock-hazards.ts'), 'utf8');
  const pairs = [...source.matchAll(/hazard\('(PG\d+)', '([a-z-]+)'/g)];
  assert.ok(pairs.length >= 10);
  for (const [, code, rule] of pairs) assert.equal(rules.get(code!), rule, code);
});
