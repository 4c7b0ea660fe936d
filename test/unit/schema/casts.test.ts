// Column type changes against the server's casts (pure): PostgreSQL's coercion rules, the
// E_UNSUPPORTED error with both ways out, drop + add under `unsafe`, and `-- shale:using` hints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { castability, typeName } from '../../../src/schema/postgres/casts.js';
import { diffModels } from '../../../src/schema/postgres/schema-diff.js';
import { readUsingHints } from '../../../src/schema/postgres/using-hints.js';
import type { CastCatalog, Schema } from '../../../src/schema/postgres/model.js';
import { col, schema, table } from './model-builders.js';

const CATALOG: CastCatalog = {
  types: [
    { name: 'bigint', category: 'N', element: null, base: null },
    { name: 'integer', category: 'N', element: null, base: null },
    { name: 'timestamp without time zone', category: 'D', element: null, base: null },
    { name: 'text', category: 'S', element: null, base: null },
    { name: 'character varying', category: 'S', element: null, base: null },
    { name: 'bigint[]', category: 'A', element: 'bigint', base: null },
    { name: 'integer[]', category: 'A', element: 'integer', base: null },
    { name: 'timestamp without time zone[]', category: 'A', element: 'timestamp without time zone', base: null },
    { name: 'public.positive', category: 'N', element: null, base: 'integer' },
  ],
  casts: [{ source: 'integer', target: 'bigint' }, { source: 'bigint', target: 'integer' }],
};

test('castability follows PostgreSQL: pg_cast, same type, arrays by element, domains by base, I/O to and from strings', () => {
  const c = (a: string, b: string) => castability(CATALOG, CATALOG, a, b);
  assert.equal(c('bigint', 'timestamp without time zone'), 'none');
  assert.equal(c('timestamp without time zone', 'bigint'), 'none');
  assert.equal(c('integer', 'bigint'), 'cast');
  assert.equal(c('character varying(10)', 'character varying(20)'), 'cast');
  assert.equal(c('bigint', 'text'), 'cast');
  assert.equal(c('text', 'timestamp(3) without time zone'), 'cast');
  assert.equal(c('integer[]', 'bigint[]'), 'cast');
  assert.equal(c('bigint[]', 'timestamp without time zone[]'), 'none');
  assert.equal(c('public.positive', 'bigint'), 'cast');
  assert.equal(c('bigint', 'public.unknown_type'), 'unknown');
  assert.equal(castability({ types: [], casts: [] }, CATALOG, 'bigint', 'timestamp without time zone'), 'unknown');
});

test('typeName strips modifiers as format_type(oid, NULL) prints the type', () => {
  assert.equal(typeName('numeric(10,2)'), 'numeric');
  assert.equal(typeName('timestamp(3) with time zone'), 'timestamp with time zone');
  assert.equal(typeName('character varying(20)[]'), 'character varying[]');
  assert.equal(typeName('bpchar'), 'character');
  assert.equal(typeName('interval day to second'), 'interval');
  assert.equal(typeName('public."Odd(1)"'), 'public."Odd(1)"');
});

const withCasts = (s: Schema): Schema => ({ ...s, casts: CATALOG });
const from = withCasts(schema({ tables: [table('events', [col('at', 'bigint')])] }));
const to = withCasts(schema({ tables: [table('events', [col('at', 'timestamp without time zone')])] }));

test('no cast: E_UNSUPPORTED naming the column, the hint and --unsafe; unsafe plans drop + add', () => {
  assert.throws(() => diffModels(from, to), (e: { code?: string; message?: string }) =>
    e.code === 'E_UNSUPPORTED' && /public\.events\.at/.test(e.message ?? '') && /shale:using/.test(e.message ?? '') && /--unsafe/.test(e.message ?? ''));
  const d = diffModels(from, to, { unsafe: true });
  assert.deepEqual(d.statements.map((s) => [s.kind, s.destructive]), [['dropColumn', true], ['addColumn', false]]);
  // A model without a cast catalog (hand-built, or an older inspection) plans the cast as before.
  const bare = diffModels({ ...from, casts: { types: [], casts: [] } }, to);
  assert.match(bare.statements[0]!.sql, /using "at"::timestamp without time zone/);
});

test('a shale:using hint gives the conversion', async () => {
  const text = 'create table events (\n  id int,\n  -- shale:using to_timestamp(at)::timestamp\n  at timestamp\n);\n';
  const hints = await readUsingHints([{ location: 'schema.sql', text }]);
  assert.deepEqual(hints, [{ table: { schema: 'public', name: 'events' }, column: 'at', expression: 'to_timestamp(at)::timestamp', at: 'schema.sql:3:3' }]);
  const d = diffModels(from, to, { usingHints: hints });
  assert.deepEqual(d.statements.map((s) => s.sql), ['alter table "public"."events" alter column "at" set data type timestamp without time zone using to_timestamp(at)::timestamp;']);
});

test('a misplaced or empty shale:using hint is E_PARSE at file:line:col', async () => {
  for (const text of ['-- shale:using x\ncreate table t (a int);', 'create table t (\n  -- shale:using\n  a int\n);']) {
    await assert.rejects(readUsingHints([{ location: 's.sql', text }]), (e: { code?: string; message?: string }) => e.code === 'E_PARSE' && /^s\.sql:\d+:\d+: /.test(e.message ?? ''));
  }
});
