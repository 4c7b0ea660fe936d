// Range types, text search dictionaries/configurations and publications: how they diff, order and render, on
// hand-built models (no database).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffSchemas } from '../../../src/schema/postgres/diff.js';
import { isDestructive } from '../../../src/schema/postgres/hazards.js';
import { planStatements } from '../../../src/schema/postgres/planner.js';
import { parseDictOptions } from '../../../src/schema/postgres/introspect-text-search.js';
import { commonGround } from '../../../src/schema/postgres/version-skew.js';
import { keys } from '../../../src/schema/keys.js';
import type { Domain, Publication, PublicationTable, RangeType, Schema, TextSearchConfiguration, TextSearchDictionary } from '../../../src/schema/postgres/model.js';
import { col, schema, table } from './model-builders.js';

const sqlOf = (from: Schema, to: Schema) => planStatements(diffSchemas(from, to)).map((s) => s.sql);

function range(extra: Partial<RangeType> = {}): RangeType {
  return {
    key: keys.type('public', 'fr'), schema: 'public', name: 'fr', subtype: 'double precision', subtypeOpClass: null, collation: null,
    canonical: null, subtypeDiff: null, multirange: { schema: 'public', name: 'frm' },
    constructors: [
      { of: 'range', schema: 'public', name: 'fr', args: 'double precision, double precision' },
      { of: 'multirange', schema: 'public', name: 'frm', args: '' },
    ],
    ...extra,
  };
}

test('a range is created with its multirange named, and dropped as a type (destructive)', () => {
  assert.deepEqual(sqlOf(schema({}), schema({ ranges: [range({ subtypeDiff: 'float8mi' })] })), [
    'create type "public"."fr" as range (\n    subtype = double precision,\n    subtype_diff = float8mi,\n    multirange_type_name = "public"."frm"\n);',
  ]);
  const drop = diffSchemas(schema({ ranges: [range()] }), schema({}));
  assert.deepEqual(planStatements(drop).map((s) => s.sql), ['drop type "public"."fr";']);
  assert.equal(drop.every(isDestructive), true);
});

test('a changed range is set aside with its constructors and multirange; its columns move through text', () => {
  const t = table('t', [col('r', 'public.fr'), col('m', 'public.frm')]);
  const deps = [
    { from: keys.column('public', 't', 'r'), to: keys.type('public', 'fr') },
    { from: keys.column('public', 't', 'm'), to: keys.type('public', 'fr') },
  ];
  const sql = sqlOf(schema({ ranges: [range()], tables: [t], dependencies: deps }), schema({ ranges: [range({ collation: null, subtypeOpClass: 'public.my_ops' })], tables: [t], dependencies: deps }));
  assert.deepEqual(sql.slice(0, 4), [
    'alter function "public"."fr"(double precision, double precision) rename to "fr__old_version_to_be_dropped";',
    'alter function "public"."frm"() rename to "frm__old_version_to_be_dropped";',
    'alter type "public"."frm" rename to "frm__old_version_to_be_dropped";',
    'alter type "public"."fr" rename to "fr__old_version_to_be_dropped";',
  ]);
  assert.ok(sql.includes('alter table "public"."t" alter column "m" set data type public.frm using "m"::text::public.frm;'));
  assert.equal(sql.at(-1), 'drop type "public"."fr__old_version_to_be_dropped";');
});

test('only the constructors differing (each server prints them) is no change; before PostgreSQL 14 multiranges are not compared', () => {
  assert.deepEqual(sqlOf(schema({ ranges: [range()] }), schema({ ranges: [range({ constructors: [] })] })), []);
  const g = commonGround({ ...schema({ ranges: [range({ multirange: null, constructors: [] })] }), serverVersion: 130000 }, { ...schema({ ranges: [range()] }), serverVersion: 150000 }, { privileges: false });
  assert.deepEqual(diffSchemas(g.from, g.to), []);
});

function dict(name: string, options: TextSearchDictionary['options'] = [], template = 'pg_catalog.simple'): TextSearchDictionary {
  return { key: keys.tsDictionary('public', name), schema: 'public', name, template, options };
}

const D = { schema: 'public', name: 'd' };
const SIMPLE = { schema: 'pg_catalog', name: 'simple' };
const STEM = { schema: 'pg_catalog', name: 'english_stem' };

function config(mappings: TextSearchConfiguration['mappings'], parser = 'pg_catalog."default"'): TextSearchConfiguration {
  return { key: keys.tsConfiguration('public', 'c'), schema: 'public', name: 'c', parser, mappings };
}

test('dictionary options are read as the server writes them', () => {
  assert.deepEqual(parseDictOptions(`stopwords = 'english', accept = 'false'`), [{ name: 'stopwords', value: `'english'` }, { name: 'accept', value: `'false'` }]);
  assert.deepEqual(parseDictOptions(`"Odd name" = 'it''s, here', dictfile = E'a\\\\b'`), [{ name: '"Odd name"', value: `'it''s, here'` }, { name: 'dictfile', value: `E'a\\\\b'` }]);
  assert.deepEqual(parseDictOptions(null), []);
});

test('a dictionary: created with its options, altered option by option, recreated for a new template', () => {
  const d = dict('d', [{ name: 'stopwords', value: `'english'` }, { name: 'accept', value: `'false'` }]);
  assert.deepEqual(sqlOf(schema({}), schema({ textSearchDictionaries: [d] })), [
    `create text search dictionary "public"."d" (template = pg_catalog.simple, stopwords = 'english', accept = 'false');`,
  ]);
  assert.deepEqual(sqlOf(schema({ textSearchDictionaries: [d] }), schema({ textSearchDictionaries: [dict('d', [{ name: 'stopwords', value: `'french'` }])] })), [
    `alter text search dictionary "public"."d" (stopwords = 'french', accept);`,
  ]);
  assert.deepEqual(sqlOf(schema({ textSearchDictionaries: [d] }), schema({ textSearchDictionaries: [dict('d', [], 'pg_catalog.synonym')] })), [
    'drop text search dictionary "public"."d";',
    'create text search dictionary "public"."d" (template = pg_catalog.synonym);',
  ]);
});

test('a configuration: mappings added, altered and dropped by token type; a configuration over a recreated dictionary is recreated', () => {
  const a = config([{ token: 'asciiword', dictionaries: [D] }, { token: 'int', dictionaries: [SIMPLE] }, { token: 'word', dictionaries: [D] }]);
  assert.deepEqual(sqlOf(schema({}), schema({ textSearchConfigurations: [a] })), [
    'create text search configuration "public"."c" (parser = pg_catalog."default");',
    'alter text search configuration "public"."c" add mapping for asciiword, word with "public"."d";',
    'alter text search configuration "public"."c" add mapping for int with "simple";',
  ]);
  const b = config([{ token: 'asciiword', dictionaries: [D, STEM] }, { token: 'uint', dictionaries: [SIMPLE] }, { token: 'word', dictionaries: [D] }]);
  assert.deepEqual(sqlOf(schema({ textSearchConfigurations: [a] }), schema({ textSearchConfigurations: [b] })), [
    'alter text search configuration "public"."c" drop mapping for int;',
    'alter text search configuration "public"."c" alter mapping for asciiword with "public"."d", "english_stem";',
    'alter text search configuration "public"."c" add mapping for uint with "simple";',
  ]);
  const dep = [{ from: keys.tsConfiguration('public', 'c'), to: keys.tsDictionary('public', 'd') }];
  const sql = sqlOf(
    schema({ textSearchDictionaries: [dict('d')], textSearchConfigurations: [a], dependencies: dep }),
    schema({ textSearchDictionaries: [dict('d', [], 'pg_catalog.synonym')], textSearchConfigurations: [a], dependencies: dep }),
  );
  assert.deepEqual(sql.slice(0, 3), ['drop text search configuration "public"."c";', 'drop text search dictionary "public"."d";', 'create text search dictionary "public"."d" (template = pg_catalog.synonym);']);
  const drops = diffSchemas(schema({ textSearchDictionaries: [dict('d')], textSearchConfigurations: [a] }), schema({}));
  assert.equal(drops.every(isDestructive), true);
  assert.ok(diffSchemas(schema({ textSearchDictionaries: [dict('d')], textSearchConfigurations: [a], dependencies: dep }), schema({ textSearchDictionaries: [dict('d', [], 'x.y')], textSearchConfigurations: [a], dependencies: dep }))
    .filter((c) => c.kind === 'dropTsConfiguration').every((c) => !isDestructive(c)));
});

function publication(extra: Partial<Publication> = {}): Publication {
  return { key: keys.publication('p'), name: 'p', allTables: false, tables: [], schemas: [], publish: ['insert', 'update', 'delete', 'truncate'], viaPartitionRoot: false, ...extra };
}

const orders = (extra: Partial<PublicationTable> = {}): PublicationTable => ({ table: { schema: 'public', name: 'orders' }, columns: null, where: null, ...extra });

test('a publication: created with its tables, schemas and options at non-default values', () => {
  const p = publication({ tables: [orders({ columns: ['id', 'total'], where: '(total > 0)' })], schemas: ['rep'], publish: ['insert'], viaPartitionRoot: true });
  assert.deepEqual(sqlOf(schema({}), schema({ publications: [p] })), [
    `create publication "p" for table "public"."orders" ("id", "total") where ((total > 0)), tables in schema "rep" with (publish = 'insert', publish_via_partition_root = true);`,
  ]);
  assert.deepEqual(sqlOf(schema({}), schema({ publications: [publication({ allTables: true })] })), ['create publication "p" for all tables;']);
});

test('a publication altered: tables and schemas dropped, then added; a new filter re-adds its table; FOR ALL TABLES recreates it', () => {
  const a = publication({ tables: [{ table: { schema: 'public', name: 'gone' }, columns: null, where: null }, orders()], schemas: ['old'] });
  const b = publication({ tables: [orders({ where: '(id > 1)' })], schemas: ['new'], publish: ['insert', 'delete'] });
  assert.deepEqual(sqlOf(schema({ publications: [a] }), schema({ publications: [b] })), [
    'alter publication "p" drop table "public"."gone", table "public"."orders", tables in schema "old";',
    'alter publication "p" add table "public"."orders" where ((id > 1)), tables in schema "new";',
    `alter publication "p" set (publish = 'insert, delete', publish_via_partition_root = false);`,
  ]);
  const [alter] = diffSchemas(schema({ publications: [a] }), schema({ publications: [b] }));
  assert.equal(alter && isDestructive(alter), true);
  const wider = diffSchemas(schema({ publications: [publication({ tables: [orders({ columns: ['id'] })] })] }), schema({ publications: [publication({ tables: [orders()] })] }));
  assert.equal(wider.some(isDestructive), false);
  assert.deepEqual(sqlOf(schema({ publications: [a] }), schema({ publications: [publication({ allTables: true })] })), ['drop publication "p";', 'create publication "p" for all tables;']);
});

test('a publication altered before a published table or listed column is dropped; a target before 15 has no column lists', () => {
  const t = table('orders', [col('id'), col('region', 'text')]);
  const dep = [{ from: keys.publication('p'), to: keys.column('public', 'orders', 'region') }, { from: keys.publication('p'), to: keys.rel('public', 'orders') }];
  const sql = sqlOf(
    schema({ tables: [t], publications: [publication({ tables: [orders({ columns: ['id', 'region'] })] })], dependencies: dep }),
    schema({ tables: [table('orders', [col('id')])], publications: [publication({ tables: [orders({ columns: ['id'] })] })] }),
  );
  assert.deepEqual(sql, [
    'alter publication "p" drop table "public"."orders";',
    'alter publication "p" add table "public"."orders" ("id");',
    'alter table "public"."orders" drop column "region";',
  ]);
  assert.throws(
    () => commonGround({ ...schema({}), serverVersion: 140000 }, { ...schema({ publications: [publication({ schemas: ['s'] })] }), serverVersion: 150000 }, { privileges: false }),
    (e: unknown) => (e as { code?: string }).code === 'E_UNSUPPORTED',
  );
});

test('a domain whose base type or collation changes is set aside and created again; other changes alter it', () => {
  const domain = (extra: Partial<Domain> = {}): Domain => ({
    key: keys.type('public', 'amount'), schema: 'public', name: 'amount', baseType: 'numeric(10,2)', notNull: false, default: null, collation: null, checks: [], ...extra,
  });
  assert.deepEqual(sqlOf(schema({ domains: [domain()] }), schema({ domains: [domain({ baseType: 'numeric(20,4)' })] })), [
    'alter type "public"."amount" rename to "amount__old_version_to_be_dropped";',
    'create domain "public"."amount" as numeric(20,4);',
    'drop domain "public"."amount__old_version_to_be_dropped";',
  ]);
  const text = domain({ baseType: 'text' });
  assert.deepEqual(sqlOf(schema({ domains: [text] }), schema({ domains: [{ ...text, collation: '"C"' }] }))[1], 'create domain "public"."amount" as text collate "C";');
  assert.deepEqual(sqlOf(schema({ domains: [domain()] }), schema({ domains: [domain({ notNull: true })] })), ['alter domain "public"."amount" set not null;']);
});
