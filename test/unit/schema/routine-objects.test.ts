// Rules, extended statistics, event triggers, aggregates, casts, operators, operator classes and families: how they diff, order and render,
// on hand-built models (no database).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffSchemas } from '../../../src/schema/postgres/diff.js';
import { isDestructive } from '../../../src/schema/postgres/hazards.js';
import { planStatements } from '../../../src/schema/postgres/planner.js';
import { keys } from '../../../src/schema/keys.js';
import type {
  Aggregate, Cast, EventTrigger, Func, Index, Operator, OperatorClass, OperatorFamily, OperatorMember, Rule, Schema, Statistics,
} from '../../../src/schema/postgres/model.js';
import { col, schema, table } from './model-builders.js';

const sqlOf = (from: Schema, to: Schema) => planStatements(diffSchemas(from, to)).map((s) => s.sql);

function rule(name: string, definition: string, enabled = 'O'): Rule {
  return { key: keys.rule('public', 't', name), schema: 'public', table: 't', name, definition, enabled };
}

function stats(name: string, definition: string, target: number | null = null): Statistics {
  return { key: keys.statistics('public', name), schema: 'public', name, table: { schema: 'public', name: 't' }, definition, target };
}

function func(name: string, args: string, result: string): Func {
  return {
    key: keys.func('public', name, args), schema: 'public', name, kind: 'function', identityArgs: args, arguments: args, result,
    definition: `CREATE OR REPLACE FUNCTION public.${name}(${args}) RETURNS ${result} LANGUAGE sql AS $$ select null $$`,
  };
}

function eventTrigger(extra: Partial<EventTrigger> = {}): EventTrigger {
  return { key: keys.eventTrigger('e'), name: 'e', event: 'ddl_command_end', tags: null, function: { schema: 'public', name: 'et' }, enabled: 'O', ...extra };
}

function aggregate(name: string, args: string, extra: Partial<Aggregate> = {}): Aggregate {
  return {
    key: keys.func('public', name, args), schema: 'public', name, identityArgs: args, arguments: args, argTypes: args, aggKind: 'n',
    sfunc: 'public.s', stype: 'bigint', sspace: 0, finalFunc: null, finalExtra: false, finalModify: 'r',
    combineFunc: null, serialFunc: null, deserialFunc: null, initCond: null, msfunc: null, minvfunc: null, mstype: null,
    msspace: 0, mfinalFunc: null, mfinalExtra: false, mfinalModify: 'r', minitCond: null, sortOp: null, parallel: 'u', ...extra,
  };
}

function cast(extra: Partial<Cast> = {}): Cast {
  return { key: keys.cast('public.mood', 'integer'), source: 'public.mood', target: 'integer', method: 'i', function: null, context: 'e', ...extra };
}

const t = table('t', [col('a'), col('b')]);

test('a rule only enabled or disabled is altered; a new definition is dropped and created', () => {
  const r = rule('r', 'CREATE RULE r AS ON DELETE TO public.t DO INSTEAD NOTHING;');
  assert.deepEqual(sqlOf(schema({ tables: [t], rules: [r] }), schema({ tables: [t], rules: [{ ...r, enabled: 'D' }] })), [
    'alter table "public"."t" disable rule "r";',
  ]);
  const changed = rule('r', 'CREATE RULE r AS ON UPDATE TO public.t DO INSTEAD NOTHING;', 'A');
  assert.deepEqual(sqlOf(schema({ tables: [t], rules: [r] }), schema({ tables: [t], rules: [changed] })), [
    'drop rule "r" on "public"."t";',
    'CREATE RULE r AS ON UPDATE TO public.t DO INSTEAD NOTHING;',
    'alter table "public"."t" enable always rule "r";',
  ]);
});

test('a rule over a retyped column is dropped before the change and created after it', () => {
  const r = rule('r', 'CREATE RULE r AS ON INSERT TO public.t WHERE (new.a > 0) DO INSTEAD NOTHING;');
  const deps = [{ from: r.key, to: keys.column('public', 't', 'a') }, { from: r.key, to: t.key }];
  const to = table('t', [col('a', 'bigint'), col('b')]);
  assert.deepEqual(sqlOf(schema({ tables: [t], rules: [r], dependencies: deps }), schema({ tables: [to], rules: [r], dependencies: deps })), [
    'drop rule "r" on "public"."t";',
    'alter table "public"."t" alter column "a" set data type bigint using "a"::bigint;',
    'CREATE RULE r AS ON INSERT TO public.t WHERE (new.a > 0) DO INSTEAD NOTHING;',
  ]);
});

test('extended statistics: a new target is SET STATISTICS; statistics on a dropped column go first', () => {
  const s = stats('s', 'CREATE STATISTICS public.s ON a, b FROM public.t');
  assert.deepEqual(sqlOf(schema({ tables: [t], statistics: [s] }), schema({ tables: [t], statistics: [{ ...s, target: 100 }] })), [
    'alter statistics "public"."s" set statistics 100;',
  ]);
  assert.deepEqual(sqlOf(schema({ tables: [t], statistics: [{ ...s, target: 100 }] }), schema({ tables: [t], statistics: [s] })), [
    'alter statistics "public"."s" set statistics -1;',
  ]);
  const deps = [{ from: s.key, to: keys.column('public', 't', 'b') }];
  const plan = planStatements(diffSchemas(schema({ tables: [t], statistics: [s], dependencies: deps }), schema({ tables: [table('t', [col('a')])] })));
  assert.deepEqual(plan.map((x) => [x.sql, x.destructive]), [
    ['drop statistics "public"."s";', false],
    ['alter table "public"."t" drop column "b";', true],
  ]);
});

test('event triggers: enabled state alone is ALTER EVENT TRIGGER; they follow their function', () => {
  const f = func('et', '', 'event_trigger');
  const e = eventTrigger({ tags: ['CREATE TABLE', "it's"] });
  const deps = [{ from: e.key, to: f.key }];
  assert.deepEqual(sqlOf(schema({}), schema({ functions: [f], eventTriggers: [{ ...e, enabled: 'R' }], dependencies: deps })).slice(1), [
    f.definition + ';',
    `create event trigger "e" on "ddl_command_end" when tag in ('CREATE TABLE', 'it''s') execute function "public"."et"();`,
    'alter event trigger "e" enable replica;',
  ]);
  const base = schema({ functions: [f], eventTriggers: [e], dependencies: deps });
  assert.deepEqual(sqlOf(base, { ...base, eventTriggers: [{ ...e, enabled: 'D' }] }), ['alter event trigger "e" disable;']);
  assert.deepEqual(sqlOf({ ...base, eventTriggers: [{ ...e, enabled: 'D' }] }, base), ['alter event trigger "e" enable;']);
  assert.deepEqual(sqlOf(base, { ...base, eventTriggers: [{ ...e, tags: null }] }), [
    'drop event trigger "e";',
    'create event trigger "e" on "ddl_command_end" execute function "public"."et"();',
  ]);
});

test('aggregates render every option away from its default, `*` for no arguments', () => {
  const none = aggregate('n', '', { sfunc: 'int8inc', initCond: '0' });
  const full = aggregate('f', 'ORDER BY anyelement', {
    aggKind: 'o', sfunc: 'public.fst_s', stype: 'anyarray', finalFunc: 'public.fst_f', finalExtra: true, finalModify: 'w',
    initCond: '{}', parallel: 's', sspace: 64,
  });
  const moving = aggregate('m', 'integer', {
    combineFunc: 'int8pl', msfunc: 'public.s', minvfunc: 'public.inv', mstype: 'bigint', minitCond: '0',
    finalFunc: 'public.fin', finalModify: 's', sortOp: 'OPERATOR(pg_catalog.>)', parallel: 'r',
  });
  assert.deepEqual(sqlOf(schema({}), schema({ aggregates: [none, full, moving] })), [
    'create aggregate "public"."n"(*) (\n    sfunc = int8inc,\n    stype = bigint,\n    initcond = \'0\'\n);',
    'create aggregate "public"."f"(ORDER BY anyelement) (\n    sfunc = public.fst_s,\n    stype = anyarray,\n    sspace = 64,\n    finalfunc = public.fst_f,\n    finalfunc_extra,\n    initcond = \'{}\',\n    parallel = safe\n);',
    'create aggregate "public"."m"(integer) (\n    sfunc = public.s,\n    stype = bigint,\n    finalfunc = public.fin,\n    finalfunc_modify = shareable,\n    combinefunc = int8pl,\n    msfunc = public.s,\n    minvfunc = public.inv,\n    mstype = bigint,\n    minitcond = \'0\',\n    sortop = OPERATOR(pg_catalog.>),\n    parallel = restricted\n);',
  ]);
  assert.deepEqual(sqlOf(schema({ aggregates: [none] }), schema({})), ['drop aggregate "public"."n"(*);']);
});

test('an aggregate is dropped before its support function and recreated when the function is', () => {
  const f = func('s', 'bigint, integer', 'bigint');
  const a = aggregate('agg', 'integer');
  const deps = [{ from: a.key, to: f.key }];
  const from = schema({ functions: [f], aggregates: [a], dependencies: deps });
  assert.deepEqual(sqlOf(from, schema({})), ['drop aggregate "public"."agg"(integer);', 'drop function "public"."s"(bigint, integer);']);
  // A new result type cannot be replaced in place: the function is dropped, so the aggregate goes too.
  const g = { ...func('s', 'bigint, integer', 'numeric') };
  const sql = sqlOf(from, schema({ functions: [g], aggregates: [{ ...a, stype: 'numeric' }], dependencies: [{ from: a.key, to: g.key }] }));
  assert.deepEqual(sql.filter((s) => !s.startsWith('set ')), [
    'drop aggregate "public"."agg"(integer);',
    'drop function "public"."s"(bigint, integer);',
    g.definition + ';',
    'create aggregate "public"."agg"(integer) (\n    sfunc = public.s,\n    stype = numeric\n);',
  ]);
});

test('casts: function, binary and inout methods, in each context; a changed cast is dropped and created', () => {
  const withFunction = cast({ method: 'f', function: { schema: 'public', name: 'mood_rank', args: 'public.mood' }, context: 'a' });
  const binary = cast({ key: keys.cast('boolean', '"char"'), source: 'boolean', target: '"char"', method: 'b', context: 'i' });
  const inout = cast({ key: keys.cast('public.mood', 'text'), target: 'text' });
  assert.deepEqual(sqlOf(schema({}), schema({ userCasts: [withFunction, binary, inout] })), [
    'create cast (public.mood as integer) with function "public"."mood_rank"(public.mood) as assignment;',
    'create cast (boolean as "char") without function as implicit;',
    'create cast (public.mood as text) with inout;',
  ]);
  const plan = planStatements(diffSchemas(schema({ userCasts: [inout] }), schema({ userCasts: [{ ...inout, context: 'i' }] })));
  assert.deepEqual(plan.map((s) => [s.sql, s.destructive]), [
    ['drop cast (public.mood as text);', true],
    ['create cast (public.mood as text) with inout as implicit;', false],
  ]);
});

test('dropping statistics loses no data; dropping rules (what writes do changes), event triggers, aggregates and casts for good is destructive', () => {
  assert.equal(isDestructive({ kind: 'dropRule', rule: rule('r', 'CREATE RULE r AS ON DELETE TO public.t DO INSTEAD NOTHING;'), recreate: false }), true);
  assert.equal(isDestructive({ kind: 'dropRule', rule: rule('r', 'CREATE RULE r AS ON DELETE TO public.t DO INSTEAD NOTHING;'), recreate: true }), false);
  assert.equal(isDestructive({ kind: 'dropStatistics', statistics: stats('s', ''), recreate: false }), false);
  assert.equal(isDestructive({ kind: 'dropEventTrigger', trigger: eventTrigger(), recreate: false }), true);
  assert.equal(isDestructive({ kind: 'dropEventTrigger', trigger: eventTrigger(), recreate: true }), false);
  assert.equal(isDestructive({ kind: 'dropAggregate', aggregate: aggregate('a', 'integer'), recreate: false }), true);
  assert.equal(isDestructive({ kind: 'dropCast', cast: cast(), recreate: true }), false);
});

function operator(extra: Partial<Operator> = {}): Operator {
  return {
    key: keys.operator('public', '===', 'integer', 'integer'), schema: 'public', name: '===', left: 'integer', right: 'integer',
    function: 'public.eq', commutator: null, negator: null, restrict: null, join: null, hashes: false, merges: false, ...extra,
  };
}

test('an operator: created with the fields it has, its estimators altered, anything else dropped and created', () => {
  assert.deepEqual(sqlOf(schema({}), schema({ operators: [operator({ negator: 'OPERATOR(public.!==)', hashes: true })] })), [
    'create operator "public".=== (function = public.eq, leftarg = integer, rightarg = integer, negator = OPERATOR(public.!==), hashes);',
  ]);
  assert.deepEqual(sqlOf(schema({ operators: [operator()] }), schema({ operators: [operator({ restrict: 'eqsel' })] })), [
    'alter operator "public".=== (integer, integer) set (restrict = eqsel, join = none);',
  ]);
  const redo = diffSchemas(schema({ operators: [operator()] }), schema({ operators: [operator({ function: 'public.eq2' })] }));
  assert.deepEqual(planStatements(redo).map((s) => s.sql), [
    'drop operator "public".=== (integer, integer);',
    'create operator "public".=== (function = public.eq2, leftarg = integer, rightarg = integer);',
  ]);
  assert.equal(redo.some(isDestructive), true);
  const prefix = operator({ key: keys.operator('public', '~-', 'NONE', 'integer'), name: '~-', left: 'NONE' });
  assert.deepEqual(sqlOf(schema({ operators: [prefix] }), schema({})), ['drop operator "public".~- (NONE, integer);']);
});

const lessThan: OperatorMember = { kind: 'operator', number: 1, left: 'integer', right: 'bigint', operator: 'pg_catalog.<', orderBy: null };
const cmp48: OperatorMember = { kind: 'function', number: 1, left: 'integer', right: 'bigint', function: 'btint48cmp(integer,bigint)' };

function family(members: OperatorMember[] = []): OperatorFamily {
  return { key: keys.opfamily('public', 'fam', 'btree'), schema: 'public', name: 'fam', method: 'btree', members };
}

function opclass(extra: Partial<OperatorClass> = {}): OperatorClass {
  return {
    key: keys.opclass('public', 'rev_ops', 'btree'), schema: 'public', name: 'rev_ops', method: 'btree', type: 'integer', isDefault: false,
    family: { schema: 'public', name: 'fam' }, storage: null,
    members: [
      { kind: 'operator', number: 1, left: 'integer', right: 'integer', operator: 'pg_catalog.>', orderBy: null },
      { kind: 'function', number: 1, left: 'integer', right: 'integer', function: 'public.rev_cmp(integer,integer)' },
    ],
    ...extra,
  };
}

test('an operator family: created with its loose members, which are then dropped and added in place', () => {
  assert.deepEqual(sqlOf(schema({}), schema({ operatorFamilies: [family([lessThan, cmp48])] })), [
    'create operator family "public"."fam" using "btree";',
    'alter operator family "public"."fam" using "btree" add operator 1 pg_catalog.< (integer, bigint), function 1 (integer, bigint) btint48cmp(integer,bigint);',
  ]);
  const ordered = { ...lessThan, orderBy: 'pg_catalog.integer_ops' };
  const changed = diffSchemas(schema({ operatorFamilies: [family([lessThan, cmp48])] }), schema({ operatorFamilies: [family([ordered])] }));
  assert.deepEqual(planStatements(changed).map((s) => s.sql), [
    'alter operator family "public"."fam" using "btree" drop operator 1 (integer, bigint), function 1 (integer, bigint);',
    'alter operator family "public"."fam" using "btree" add operator 1 pg_catalog.< (integer, bigint) for order by pg_catalog.integer_ops;',
  ]);
  assert.equal(changed.some(isDestructive), false);
  assert.deepEqual(sqlOf(schema({ operatorFamilies: [family()] }), schema({ operatorFamilies: [family()] })), []);
  assert.equal(isDestructive({ kind: 'dropOperatorFamily', family: family(), recreate: false }), true);
});

test('an operator class: created in its named family after it, and any change drops and creates it with the indexes using it', () => {
  const fam = family();
  const withClass = (c: OperatorClass, extra: Partial<Schema> = {}) =>
    schema({ operatorFamilies: [fam], operatorClasses: [c], dependencies: [{ from: c.key, to: fam.key }], ...extra });
  assert.deepEqual(sqlOf(schema({}), withClass(opclass({ isDefault: true, storage: 'bigint' }))), [
    'create operator family "public"."fam" using "btree";',
    'create operator class "public"."rev_ops" default for type integer using "btree" family "public"."fam" as operator 1 pg_catalog.> (integer, integer), '
      + 'function 1 (integer, integer) public.rev_cmp(integer,integer), storage bigint;',
  ]);
  // Every member its family's: the class still needs an item, and STORAGE of its own type is none.
  assert.match(sqlOf(schema({ operatorFamilies: [fam] }), withClass(opclass({ members: [] })))[0] ?? '', / as storage integer;$/);

  const t = table('t', [col('a')]);
  const idx: Index = { key: keys.rel('public', 't_rev'), schema: 'public', table: 't', name: 't_rev', definition: 'CREATE INDEX t_rev ON public.t USING btree (a public.rev_ops)', parent: null };
  const uses = { from: idx.key, to: opclass().key };
  const before = withClass(opclass(), { tables: [t], indexes: [idx] });
  const after = withClass(opclass({ members: [{ kind: 'function', number: 1, left: 'integer', right: 'integer', function: 'public.rev_cmp2(integer,integer)' }] }), { tables: [t], indexes: [idx] });
  const redo = diffSchemas({ ...before, dependencies: [...before.dependencies, uses] }, { ...after, dependencies: [...after.dependencies, uses] });
  assert.deepEqual(planStatements(redo).map((s) => s.sql), [
    'drop index "public"."t_rev";',
    'drop operator class "public"."rev_ops" using "btree";',
    'create operator class "public"."rev_ops" for type integer using "btree" family "public"."fam" as function 1 (integer, integer) public.rev_cmp2(integer,integer);',
    'CREATE INDEX t_rev ON public.t USING btree (a public.rev_ops);',
  ]);
  assert.equal(redo.some(isDestructive), true, 'the class itself changed');
  assert.equal(isDestructive({ kind: 'dropOperatorClass', opclass: opclass(), recreate: true }), false);
});
