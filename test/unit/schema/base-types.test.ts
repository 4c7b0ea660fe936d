// Base types (CREATE TYPE name (INPUT = …, OUTPUT = …)): how they diff, order and render, on hand-built
// models (no database). Models are as inspect() gives them: a bound function's dependency on its
// type is left out (withoutBoundCycles), the type's on its functions kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffSchemas } from '../../../src/schema/postgres/diff.js';
import { isDestructive } from '../../../src/schema/postgres/hazards.js';
import { planStatements } from '../../../src/schema/postgres/planner.js';
import { withoutBoundCycles } from '../../../src/schema/postgres/introspect-base-types.js';
import { postgresDesiredState } from '../../../src/schema/postgres/desired-state.js';
import { keys } from '../../../src/schema/keys.js';
import type { BaseType, Dependency, Func, Schema } from '../../../src/schema/postgres/model.js';
import { col, schema, table } from './model-builders.js';

const sqlOf = (from: Schema, to: Schema) => planStatements(diffSchemas(from, to)).map((s) => s.sql);

function func(name: string, args: string, result: string, body: string): Func {
  const definition = `CREATE OR REPLACE FUNCTION public.${name}(${args})\n RETURNS ${result}\n LANGUAGE internal\n IMMUTABLE STRICT\nAS $function$${body}$function$`;
  return { key: keys.func('public', name, args), schema: 'public', name, kind: 'function', identityArgs: args, arguments: args, result, definition };
}

const IN = func('c_in', 'cstring', 'public.c', 'int4in');
const OUT = func('c_out', 'public.c', 'cstring', 'int4out');
const RECV = func('c_recv', 'internal', 'public.c', 'int4recv');
const TYPMOD = func('c_typmod', 'cstring[]', 'integer', 'numerictypmodin');

function baseType(extra: Partial<BaseType> = {}): BaseType {
  return {
    key: keys.type('public', 'c'), schema: 'public', name: 'c', input: 'public.c_in', output: 'public.c_out',
    receive: null, send: null, typmodIn: null, typmodOut: null, analyze: null, subscript: null,
    internalLength: 4, passedByValue: true, alignment: 'int4', storage: 'plain', category: 'U', preferred: false,
    default: null, element: null, delimiter: ',', collatable: false,
    bound: [{ schema: 'public', name: 'c_in', args: 'cstring' }, { schema: 'public', name: 'c_out', args: 'public.c' }],
    ...extra,
  };
}

const T = keys.type('public', 'c');
const on = (t: BaseType, fs: Func[]): Dependency[] => fs.map((f) => ({ from: t.key, to: f.key }));

/** A schema with the type, its functions, and a table `t` with a column of it. */
function withType(t: BaseType, fs: Func[], extraDeps: Dependency[] = []): Schema {
  return schema({
    baseTypes: [t], functions: fs, tables: [table('t', [col('v', 'public.c')])],
    dependencies: [...on(t, fs), { from: keys.column('public', 't', 'v'), to: T }, ...extraDeps],
  });
}

test('a new base type: the shell, its I/O functions, the definition, then its users', () => {
  const sql = sqlOf(schema({}), withType(baseType(), [IN, OUT]));
  assert.deepEqual(sql.map((s) => s.split('\n')[0]), [
    'set check_function_bodies = off;',
    'create type "public"."c";',
    'CREATE OR REPLACE FUNCTION public.c_in(cstring)',
    'CREATE OR REPLACE FUNCTION public.c_out(public.c)',
    'create type "public"."c" (',
    'create table "public"."t" (',
  ]);
  assert.equal(sql[4], 'create type "public"."c" (\n    input = public.c_in,\n    output = public.c_out,\n    internallength = 4,\n    passedbyvalue\n);');
});

test('every property away from its default is written', () => {
  const t = baseType({
    receive: 'public.c_recv', send: 'public.c_send', typmodIn: 'public.c_typmod', typmodOut: 'public.c_typmodout', analyze: 'public.c_analyze',
    subscript: 'raw_array_subscript_handler', internalLength: -1, passedByValue: false, alignment: 'double', storage: 'extended',
    category: 'N', preferred: true, default: "it's", element: 'real', delimiter: ';', collatable: true,
  });
  const sql = sqlOf(schema({}), schema({ baseTypes: [t] }));
  assert.equal(sql.at(-1), [
    'create type "public"."c" (', '    input = public.c_in,', '    output = public.c_out,', '    receive = public.c_recv,', '    send = public.c_send,',
    '    typmod_in = public.c_typmod,', '    typmod_out = public.c_typmodout,', '    analyze = public.c_analyze,', '    subscript = raw_array_subscript_handler,',
    '    alignment = double,', '    storage = extended,', "    category = 'N',", '    preferred = true,', "    default = 'it''s',",
    '    element = real,', "    delimiter = ';',", '    collatable = true', ');',
  ].join('\n'));
});

test('a dropped base type goes last, with CASCADE taking its bound functions (no drops, grants or comments of their own)', () => {
  const t = baseType({ typmodIn: 'public.c_typmod' });
  const from = withType(t, [IN, OUT, TYPMOD]);
  const plan = diffSchemas(from, schema({ functions: [] }));
  const sql = planStatements(plan).map((s) => s.sql);
  assert.deepEqual(sql.map((x) => x.split('\n')[0]), ['drop table "public"."t";', 'do $shale_guard$ begin', 'drop type "public"."c" cascade;', 'drop function "public"."c_typmod"(cstring[]);']);
  // The guard refuses to cascade to users the plan does not drop (checked on a server in inspect.test.ts).
  assert.match(sql[1]!, /where t\.oid = '"public"\."c"'::regtype/);
  assert.equal(plan.filter((c) => c.kind === 'dropType').every(isDestructive), true);
});

test('receive, send, typmod, analyze, subscript and storage (but to plain) are set in place; new functions come first, old ones go after', () => {
  const a = withType(baseType(), [IN, OUT]);
  const b = withType(baseType({ receive: 'public.c_recv', storage: 'main', bound: [...baseType().bound, { schema: 'public', name: 'c_recv', args: 'internal' }] }), [IN, OUT, RECV]);
  const sql = sqlOf(a, b);
  assert.deepEqual(sql.map((s) => s.split('\n')[0]), [
    'set check_function_bodies = off;',
    'CREATE OR REPLACE FUNCTION public.c_recv(internal)',
    'alter type "public"."c" set (receive = public.c_recv, storage = main);',
  ]);
  const back = diffSchemas(b, a);
  const backSql = planStatements(back).map((s) => s.sql);
  // main -> plain is refused by the server: a new type.
  assert.equal(backSql.includes('alter type "public"."c" rename to "c__old_version_to_be_dropped";'), true);
  const plainToMain = sqlOf(withType(baseType({ receive: 'public.c_recv', bound: b.baseTypes[0]!.bound }), [IN, OUT, RECV]), a);
  assert.deepEqual(plainToMain, ['alter type "public"."c" set (receive = none);', 'drop function "public"."c_recv"(internal);']);
  assert.equal(diffSchemas(a, b).some(isDestructive), false);
});

test('before PostgreSQL 13 (no ALTER TYPE … SET) a settable change recreates the type', () => {
  const a = { ...withType(baseType(), [IN, OUT]), serverVersion: 120000 };
  const sql = sqlOf(a, withType(baseType({ storage: 'main' }), [IN, OUT]));
  assert.equal(sql.some((s) => s.startsWith('alter type "public"."c" set')), false);
  assert.equal(sql.includes('alter type "public"."c" rename to "c__old_version_to_be_dropped";'), true);
});

test('a redefined base type is set aside with its bound functions, made again, its columns retyped through text, and dropped last', () => {
  const in8 = func('c_in', 'cstring', 'public.c', 'int8in');
  const out8 = func('c_out', 'public.c', 'cstring', 'int8out');
  const plan = diffSchemas(withType(baseType(), [IN, OUT]), withType(baseType({ internalLength: 8, alignment: 'double' }), [in8, out8]));
  const sql = planStatements(plan).map((s) => s.sql.split('\n')[0]);
  assert.deepEqual(sql, [
    'set check_function_bodies = off;',
    'alter function "public"."c_in"(cstring) rename to "c_in__old_version_to_be_dropped";',
    'alter function "public"."c_out"(public.c) rename to "c_out__old_version_to_be_dropped";',
    'alter type "public"."c" rename to "c__old_version_to_be_dropped";',
    'create type "public"."c";',
    'CREATE OR REPLACE FUNCTION public.c_in(cstring)',
    'CREATE OR REPLACE FUNCTION public.c_out(public.c)',
    'create type "public"."c" (',
    'alter table "public"."t" alter column "v" set data type public.c using "v"::text::public.c;',
    'do $shale_guard$ begin',
    'drop type "public"."c__old_version_to_be_dropped" cascade;',
  ]);
  assert.equal(plan.some(isDestructive), true);
});

test('inspection leaves out only a bound function\'s dependency on its own type', () => {
  const t = baseType();
  const other = keys.func('public', 'label', 'public.c');
  const deps: Dependency[] = [
    { from: T, to: IN.key }, { from: IN.key, to: T }, { from: OUT.key, to: T }, { from: other, to: T }, { from: IN.key, to: keys.schema('public') },
  ];
  assert.deepEqual(withoutBoundCycles(deps, [t]), [{ from: T, to: IN.key }, { from: other, to: T }, { from: IN.key, to: keys.schema('public') }]);
});

test('a bound function CREATE OR REPLACE cannot change (a parameter renamed) makes the type new: it cannot be dropped alone', () => {
  const named = { ...OUT, arguments: 'v public.c', definition: OUT.definition.replace('c_out(public.c)', 'c_out(v public.c)') };
  const sql = sqlOf(withType(baseType(), [IN, OUT]), withType(baseType(), [IN, named]));
  assert.equal(sql.some((s) => s.startsWith('drop function')), false);
  assert.equal(sql.includes('alter type "public"."c" rename to "c__old_version_to_be_dropped";'), true);
  assert.equal(sql.at(-1), 'drop type "public"."c__old_version_to_be_dropped" cascade;');
  // A new body alone is replaced in place.
  const body = { ...IN, definition: IN.definition.replace('int4in', 'int4in_v2') };
  assert.deepEqual(sqlOf(withType(baseType(), [IN, OUT]), withType(baseType(), [body, OUT])).map((s) => s.split('\n')[0]), [
    'set check_function_bodies = off;', 'CREATE OR REPLACE FUNCTION public.c_in(cstring)',
  ]);
});

test('in a desired-state file, CREATE TYPE (shell or base) ranks with the functions: the file\'s order holds among them', async () => {
  const ranks = await postgresDesiredState.ranks([
    'create type c;', 'create function c_in(cstring) returns c language internal as \'int4in\';', 'create type c (input = c_in, output = c_out);',
    'create table t (v c);', 'create type e as enum (\'a\');', 'create aggregate a (sfunc = f, stype = int);',
  ]);
  assert.deepEqual(ranks.slice(0, 3), [ranks[1], ranks[1], ranks[1]]);
  assert.ok(ranks[3]! > ranks[2]! && ranks[4]! < ranks[0]!);
  assert.equal(ranks[5], 9);
});
