// inspect() on the real PostgreSQL: bulk catalog reads, extension members left out, unsupported
// objects reported rather than skipped, scope options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import type { Queryable } from '../../src/adapters/adapter.js';
import { diffModels, inspect } from '../../src/schema/postgres/index.js';
import { emptySchema } from '../../src/schema/postgres/model.js';
import { createPgDatabase, skipUnlessPg } from '../helpers/databases.js';

const skip = await skipUnlessPg();

async function withDb(sql: string, fn: (c: pg.Client) => Promise<void>) {
  const db = await createPgDatabase('shale_insp');
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    await c.query(sql);
    await fn(c);
  } finally {
    await c.end();
    await db.drop();
  }
}

function counting(c: pg.Client): Queryable & { count: number } {
  const q = {
    count: 0,
    async query<R>(sql: string, params?: readonly unknown[]) {
      q.count++;
      const r = await c.query(sql, params as unknown[] | undefined);
      return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 };
    },
  };
  return q;
}

test('the number of catalog queries does not grow with the number of tables', { skip }, async () => {
  const many = Array.from({ length: 60 }, (_, i) => `create table t${i} (id int primary key, v text); create index on t${i} (v);`).join('\n');
  let few = 0;
  await withDb('create table t (id int);', async (c) => {
    const q = counting(c);
    await inspect(q);
    few = q.count;
  });
  await withDb(many, async (c) => {
    const q = counting(c);
    const s = await inspect(q);
    assert.equal(s.tables.length, 60);
    assert.equal(s.indexes.length, 60);
    assert.equal(s.constraints.length, 60);
    assert.equal(q.count, few);
  });
});

test('extension members are not part of the model; the extension is', { skip }, async () => {
  await withDb('create extension hstore;', async (c) => {
    const s = await inspect(c as unknown as Queryable);
    assert.ok(s.extensions.some((e) => e.name === 'hstore' && e.version !== ''));
    assert.equal(s.functions.filter((f) => f.name.startsWith('hstore')).length, 0);
    assert.equal(s.unsupported.filter((u) => u.name.includes('hstore')).length, 0);
    // hstore's operator classes and families (btree, hash, gist, gin) are the extension's too.
    assert.deepEqual([s.operatorClasses.length, s.operatorFamilies.length], [0, 0]);
  });
});

test('objects shale does not model are reported as unsupported', { skip }, async () => {
  const sql = `create text search template tmpl (lexize = dsimple_lexize);
    create operator === (leftarg = int, rightarg = int, function = int4eq, negator = !==);`;
  await withDb(sql, async (c) => {
    const s = await inspect(c as unknown as Queryable);
    assert.deepEqual(s.unsupported.map((u) => `${u.kind} ${u.name}`).sort(), ['text search template public.tmpl']);
    // The operator is modelled; its negator, a shell the server made, is not.
    assert.deepEqual(s.operators.map((o) => [o.name, o.left, o.right, o.function, o.negator]), [['===', 'integer', 'integer', 'int4eq', 'OPERATOR(public.!==)']]);
  });
});

test('an operator class keeps its own members; those btree makes loose (cross-type) are its family\'s', { skip }, async () => {
  const sql = `create function rev_cmp(int, int) returns int language sql immutable as 'select btint4cmp($2, $1)';
    create operator class rev_ops for type int using btree as operator 1 >, operator 1 > (int, bigint), function 1 rev_cmp(int, int);
    create table t (a int);
    create index t_rev on t (a rev_ops);`;
  await withDb(sql, async (c) => {
    const s = await inspect(c as unknown as Queryable);
    assert.deepEqual(s.unsupported, []);
    assert.deepEqual(s.operatorClasses.map((x) => [x.name, x.method, x.type, x.family.name, x.members.map((m) => `${m.kind} ${m.number} (${m.left}, ${m.right})`)]), [
      ['rev_ops', 'btree', 'integer', 'rev_ops', ['operator 1 (integer, integer)', 'function 1 (integer, integer)']],
    ]);
    // The family made with the class holds the cross-type operator.
    assert.deepEqual(s.operatorFamilies.map((f) => [f.name, f.members]), [
      ['rev_ops', [{ kind: 'operator', number: 1, left: 'integer', right: 'bigint', operator: 'pg_catalog.>', orderBy: null }]],
    ]);
    const has = (from: string, to: string) => s.dependencies.some((d) => d.from.kind === from && d.to.kind === to);
    assert.ok(has('relation', 'operator class') && has('operator class', 'function') && has('operator class', 'operator family'));
  });
});

test('a range type is modelled with its multirange; its constructors are not functions of their own', { skip }, async () => {
  const sql = `create type floatrange as range (subtype = float8, subtype_diff = float8mi);
    create type tr as range (subtype = text, collation = "C", subtype_opclass = text_pattern_ops, multirange_type_name = trs);
    create table t (a floatmultirange, b tr[]);`;
  await withDb(sql, async (c) => {
    const s = await inspect(c as unknown as Queryable);
    assert.deepEqual(s.unsupported, []);
    assert.deepEqual(s.functions, []);
    assert.deepEqual(
      s.ranges.map((r) => [r.name, r.subtype, r.subtypeOpClass, r.collation, r.subtypeDiff, r.multirange?.name, r.constructors.length]).sort(),
      [['floatrange', 'double precision', null, null, 'float8mi', 'floatmultirange', 5], ['tr', 'text', 'pg_catalog.text_pattern_ops', 'pg_catalog."C"', null, 'trs', 5]],
    );
    // A column of the multirange, or of an array of the range, depends on the range.
    const on = (column: string) => s.dependencies.filter((d) => d.from.kind === 'column' && d.from.column === column).map((d) => d.to);
    assert.deepEqual(on('a'), [{ kind: 'type', schema: 'public', name: 'floatrange' }]);
    assert.deepEqual(on('b'), [{ kind: 'type', schema: 'public', name: 'tr' }]);
  });
});

test('a base type is modelled with its support functions; those taking or returning it are bound to it, its array is its own', { skip }, async () => {
  const sql = `create type c;
    create function c_in(cstring) returns c language internal immutable strict as 'int4in';
    create function c_out(c) returns cstring language internal immutable strict as 'int4out';
    create function c_recv(internal) returns c language internal immutable strict as 'int4recv';
    create function c_send(c) returns bytea language internal immutable strict as 'int4send';
    create function c_typmod(cstring[]) returns int language internal immutable strict as 'numerictypmodin';
    create type c (input = c_in, output = c_out, receive = c_recv, send = c_send, typmod_in = c_typmod, like = int4, category = 'N', default = '0');
    create table t (a c[]);`;
  await withDb(sql, async (c) => {
    const s = await inspect(c as unknown as Queryable);
    assert.deepEqual(s.unsupported, []);
    assert.equal(s.baseTypes.length, 1);
    const { key: _key, bound, ...t } = s.baseTypes[0]!;
    assert.deepEqual(t, {
      schema: 'public', name: 'c', input: 'public.c_in', output: 'public.c_out', receive: 'public.c_recv', send: 'public.c_send',
      typmodIn: 'public.c_typmod', typmodOut: null, analyze: null, subscript: null, internalLength: 4, passedByValue: true,
      alignment: 'int4', storage: 'plain', category: 'N', preferred: false, default: '0', element: null, delimiter: ',', collatable: false,
    });
    assert.deepEqual(bound.map((f) => `${f.name}(${f.args})`), ['c_in(cstring)', 'c_out(public.c)', 'c_recv(internal)', 'c_send(public.c)']);
    // The I/O functions are functions of their own (LANGUAGE internal, the built-in's name as the body).
    assert.deepEqual(s.functions.map((f) => f.name).sort(), ['c_in', 'c_out', 'c_recv', 'c_send', 'c_typmod']);
    assert.match(s.functions.find((f) => f.name === 'c_in')!.definition, /LANGUAGE internal[\s\S]*AS \$function\$int4in\$function\$/);
    const deps = (from: string) => s.dependencies.filter((d) => d.from.kind === from).map((d) => JSON.stringify([d.from, d.to]));
    // The type needs its functions; a bound function's need of the type is the shell's business.
    assert.equal(s.dependencies.filter((d) => d.from.kind === 'type' && d.to.kind === 'function').length, 5);
    assert.equal(s.dependencies.some((d) => d.from.kind === 'function' && d.to.kind === 'type'), false, deps('function').join('\n'));
    assert.deepEqual(s.dependencies.filter((d) => d.from.kind === 'column').map((d) => d.to), [{ kind: 'type', schema: 'public', name: 'c' }]);
  });
});

test('functions in LANGUAGE internal and c are read and made again as they were', { skip }, async () => {
  const sql = `create function my_int4in(cstring) returns int language internal immutable strict as 'int4in';
    create function my_validator(oid) returns void language c strict as '$libdir/plpgsql', 'plpgsql_validator';`;
  await withDb(sql, async (c) => {
    const s = await inspect(c as unknown as Queryable);
    assert.match(s.functions.find((f) => f.name === 'my_validator')!.definition, /LANGUAGE c[\s\S]*AS '\$libdir\/plpgsql', \$function\$plpgsql_validator\$function\$/);
    const plan = diffModels(emptySchema(), s);
    await withDb(plan.statements.map((x) => x.sql).join('\n'), async (d) => {
      const again = await inspect(d as unknown as Queryable);
      assert.deepEqual(again.functions.map((f) => f.definition).sort(), s.functions.map((f) => f.definition).sort());
    });
  });
});

test('shell types left undefined are reported as unsupported; large objects are data (as for pg_dump --schema-only), not reported', { skip }, async () => {
  await withDb(`select lo_create(0); select lo_create(0); create type half_made;`, async (c) => {
    const s = await inspect(c as unknown as Queryable);
    assert.deepEqual(s.unsupported.map((u) => `${u.kind} ${u.name}`).sort(), ['shell type public.half_made']);
  });
  await withDb(`create table t (id int);`, async (c) => {
    assert.deepEqual((await inspect(c as unknown as Queryable)).unsupported, []);
  });
});

test('text search dictionaries and configurations, publications are modelled; a subscription is unsupported', { skip }, async () => {
  const sql = `create table t (id int, body text);
    create text search dictionary d (template = simple, stopwords = english);
    create text search configuration c (parser = default);
    alter text search configuration c add mapping for word, asciiword with d, english_stem;
    create publication p for table t (id) where (id > 0) with (publish = 'insert');
    create subscription s connection 'host=127.0.0.1 dbname=nowhere' publication p with (connect = false);`;
  await withDb(sql, async (c) => {
    try {
      const s = await inspect(c as unknown as Queryable);
      assert.deepEqual(s.unsupported.map((u) => `${u.kind} ${u.name}`), ['subscription s']);
      assert.deepEqual(s.textSearchDictionaries.map((d) => [d.name, d.template, d.options]), [['d', 'pg_catalog.simple', [{ name: 'stopwords', value: "'english'" }]]]);
      const [cfg] = s.textSearchConfigurations;
      assert.deepEqual([cfg?.parser, cfg?.mappings.map((m) => [m.token, m.dictionaries.map((x) => x.name)])], [
        'pg_catalog."default"', [['asciiword', ['d', 'english_stem']], ['word', ['d', 'english_stem']]],
      ]);
      assert.ok(s.dependencies.some((d) => d.from.kind === 'text search configuration' && d.to.kind === 'text search dictionary'));
      assert.deepEqual(s.publications.map((x) => [x.name, x.tables, x.publish]), [['p', [{ table: { schema: 'public', name: 't' }, columns: ['id'], where: '(id > 0)' }], ['insert']]]);
      assert.ok(s.dependencies.some((d) => d.from.kind === 'publication' && d.to.kind === 'relation' && d.to.name === 't'));
      // Publications belong to no schema: read only without a schema list.
      assert.deepEqual((await inspect(c as unknown as Queryable, { schemas: ['public'] })).publications, []);
    } finally {
      await c.query('alter subscription s set (slot_name = none); drop subscription s');
    }
  });
});

test('servers, user mappings (without their password) and foreign tables are modelled; a foreign partition is unsupported', { skip }, async () => {
  const sql = `create extension postgres_fdw;
    create server s foreign data wrapper postgres_fdw options (host 'h');
    create user mapping for public server s options (user 'u', password 'secret', sslpassword 'secret2', password_required 'false');
    create foreign table ft (id int options (column_name 'uid') not null) server s options (table_name 't');
    create table p (id int) partition by range (id);
    create foreign table p1 partition of p for values from (0) to (10) server s;`;
  await withDb(sql, async (c) => {
    const s = await inspect(c as unknown as Queryable);
    assert.deepEqual(s.foreignDataWrappers, []); // the extension's
    assert.deepEqual(s.foreignServers.map((x) => [x.name, x.wrapper, x.options]), [['s', 'postgres_fdw', [{ name: 'host', value: 'h' }]]]);
    assert.deepEqual(s.userMappings.map((x) => [x.server, x.user, x.options, x.optionsHidden]), [['s', 'public', [{ name: 'user', value: 'u' }, { name: 'password_required', value: 'false' }], false]]);
    assert.deepEqual(s.foreignTables.map((x) => [x.name, x.server, x.options, x.columns.map((k) => [k.name, k.notNull, k.options])]), [
      ['ft', 's', [{ name: 'table_name', value: 't' }], [['id', true, [{ name: 'column_name', value: 'uid' }]]]],
    ]);
    assert.deepEqual(s.unsupported.map((u) => `${u.kind} ${u.name}`), ['foreign table (a partition or inheritance child) public.p1']);
    assert.ok(s.dependencies.some((d) => d.from.kind === 'relation' && d.from.name === 'ft' && d.to.kind === 'server'));
    assert.ok(!JSON.stringify(s).includes('secret'));
  });
});

test('every other kind pg_dump knows is reported as unsupported, global ones included, never skipped in silence', { skip }, async () => {
  const sql = `create conversion my_conv for 'LATIN1' to 'UTF8' from iso8859_1_to_utf8;
    create text search template my_tmpl (init = dsimple_init, lexize = dsimple_lexize);
    create access method my_am type table handler heap_tableam_handler;
    create subscription my_sub connection 'dbname=nowhere' publication p with (connect = false, slot_name = none, enabled = false);`;
  await withDb(sql, async (c) => {
    try {
      const s = await inspect(c as unknown as Queryable);
      const got = s.unsupported.map((u) => `${u.kind} ${u.name}`);
      for (const want of ['conversion public.my_conv', 'text search template public.my_tmpl', 'access method my_am', 'subscription my_sub']) {
        assert.ok(got.includes(want), `${want} in ${got.join(', ')}`);
      }
      // A schema filter leaves the schema-bound ones out, not the database-wide ones.
      const other = await inspect(c as unknown as Queryable, { schemas: ['nothing_here'] });
      const kinds = other.unsupported.map((u) => u.kind);
      assert.ok(!kinds.includes('conversion') && kinds.includes('access method') && kinds.includes('subscription'), kinds.join(', '));
    } finally {
      await c.query('drop subscription my_sub');
    }
  });
});

test('default privileges are read per role, schema and object type; built-in defaults are not entries', { skip }, async () => {
  const sql = `do $$ begin create role schemainspect_test_role; exception when duplicate_object or unique_violation then null; end $$;
    create schema app;
    alter default privileges in schema app grant select on tables to schemainspect_test_role;
    alter default privileges revoke execute on functions from public;
    alter default privileges grant usage on sequences to schemainspect_test_role with grant option;`;
  await withDb(sql, async (c) => {
    const s = await inspect(c as unknown as Queryable);
    const got = s.defaultPrivileges.map((p) => `${p.role}|${p.schema ?? '*'}|${p.objects}|${p.grantee}|${p.privilege}|${p.grantable ? 'g' : ''}${p.revoked ? 'r' : ''}`).sort();
    assert.deepEqual(got, [
      'postgres|*|FUNCTIONS|PUBLIC|EXECUTE|r',
      'postgres|*|SEQUENCES|schemainspect_test_role|USAGE|g',
      'postgres|app|TABLES|schemainspect_test_role|SELECT|',
    ]);
    // A schema list keeps that schema's entries only: database-wide ones are compared without one.
    const app = await inspect(c as unknown as Queryable, { schemas: ['app'] });
    assert.deepEqual(app.defaultPrivileges.map((p) => p.schema), ['app']);
  });
});

test('owners are read for what has one of its own: not indexes, nor a serial or identity column\'s sequence', { skip }, async () => {
  const sql = `create table t (id serial primary key, g int generated always as identity);
    create index t_g on t (g);
    create sequence s;
    create view v as select id from t;
    create type pair as (a int, b int);
    create function f() returns int language sql as $$ select 1 $$;`;
  await withDb(sql, async (c) => {
    const s = await inspect(c as unknown as Queryable);
    const got = s.owners.map((o) => `${o.target.kind} ${'name' in o.target ? o.target.name : ''}=${o.owner}`).sort();
    assert.deepEqual(got, ['function f=postgres', 'schema public=pg_database_owner', 'sequence s=postgres', 'table t=postgres', 'type pair=postgres', 'view v=postgres']);
  });
});

test('rules, extended statistics, event triggers, aggregates and casts are modelled, not unsupported', { skip }, async () => {
  const sql = `create table t (a int, b int);
    create rule r as on insert to t do also notify t;
    alter table t disable rule r;
    create statistics st (dependencies) on a, b from t;
    create aggregate my_sum(int) (sfunc = int4pl, stype = int, initcond = '0');
    create function et() returns event_trigger language plpgsql as $$ begin null; end $$;
    create event trigger e on ddl_command_end when tag in ('CREATE TABLE') execute function et();
    create type mood as enum ('sad', 'happy');
    create cast (mood as text) with inout as assignment;`;
  await withDb(sql, async (c) => {
    const s = await inspect(c as unknown as Queryable);
    assert.deepEqual(s.unsupported, []);
    assert.deepEqual(s.rules.map((r) => [r.table, r.name, r.enabled]), [['t', 'r', 'D']]);
    assert.match(s.rules[0]!.definition, /^CREATE RULE r AS/);
    assert.deepEqual(s.statistics.map((x) => [x.name, x.definition, x.target]), [['st', 'CREATE STATISTICS public.st (dependencies) ON a, b FROM public.t', null]]);
    assert.deepEqual(s.aggregates.map((x) => [x.name, x.identityArgs, x.sfunc, x.stype, x.initCond]), [['my_sum', 'integer', 'int4pl', 'integer', '0']]);
    assert.ok(!s.functions.some((f) => f.name === 'my_sum'));
    assert.deepEqual(s.eventTriggers.map((e) => [e.name, e.event, e.tags, e.function.name, e.enabled]), [['e', 'ddl_command_end', ['CREATE TABLE'], 'et', 'O']]);
    assert.deepEqual(s.userCasts.map((x) => [x.source, x.target, x.method, x.context]), [['public.mood', 'text', 'i', 'a']]);
    // The rule's own table and what its action names come from pg_depend.
    assert.ok(s.dependencies.some((d) => d.from.kind === 'rule' && d.to.kind === 'relation' && d.to.name === 't'));
    assert.ok(s.dependencies.some((d) => d.from.kind === 'event trigger' && d.to.kind === 'function' && d.to.name === 'et'));
    assert.ok(s.dependencies.some((d) => d.from.kind === 'cast' && d.to.kind === 'type' && d.to.name === 'mood'));
    assert.ok(s.dependencies.some((d) => d.from.kind === 'statistics' && d.to.kind === 'column' && d.to.column === 'b'));
    // Event triggers and casts belong to no schema: read only without a schema list, and only with
    // the function they call in scope.
    const only = await inspect(c as unknown as Queryable, { schemas: ['public'] });
    assert.deepEqual([only.eventTriggers.length, only.userCasts.length, only.rules.length], [0, 0, 1]);
    const excluded = await inspect(c as unknown as Queryable, { excludeSchemas: ['public'] });
    assert.deepEqual([excluded.eventTriggers.length, excluded.userCasts.length, excluded.rules.length], [0, 0, 0]);
  });
});

test('schemas and excludeSchemas limit what is read; search_path is restored', { skip }, async () => {
  await withDb('create schema a; create schema b; create table a.t (id int); create table b.u (id int);', async (c) => {
    await c.query('set search_path = b, public');
    const only = await inspect(c as unknown as Queryable, { schemas: ['a'] });
    assert.deepEqual(only.tables.map((t) => `${t.schema}.${t.name}`), ['a.t']);
    assert.deepEqual(only.extensions, []);
    const without = await inspect(c as unknown as Queryable, { excludeSchemas: ['a'] });
    assert.deepEqual(without.tables.map((t) => `${t.schema}.${t.name}`), ['b.u']);
    const r = await c.query<{ p: string }>(`select current_setting('search_path') as p`);
    assert.equal(r.rows[0]!.p, 'b, public');
  });
});

test('the server version, replica identities and the casts column types need are read', { skip }, async () => {
  const sql = `create domain pos as int check (value > 0);
    create table t (id int not null, at bigint, p pos, tags text[]);
    create unique index t_id on t (id);
    alter table t replica identity using index t_id;
    create table u (id int);
    alter table u replica identity full;`;
  await withDb(sql, async (c) => {
    const s = await inspect(c as unknown as Queryable);
    const major = Math.floor(Number((await c.query<{ v: string }>("select current_setting('server_version_num') as v")).rows[0]!.v) / 10000);
    assert.equal(Math.floor((s.serverVersion ?? 0) / 10000), major);
    const identity = Object.fromEntries(s.tables.map((t) => [t.name, t.replicaIdentity]));
    assert.deepEqual(identity, { t: { mode: 'index', index: 't_id' }, u: { mode: 'full' } });
    const types = new Map(s.casts.types.map((x) => [x.name, x]));
    assert.deepEqual(types.get('public.pos'), { name: 'public.pos', category: 'N', element: null, base: 'integer' });
    assert.equal(types.get('text[]')?.element, 'text');
    assert.ok(types.has('text') && types.has('bigint') && types.has('integer'));
    assert.ok(s.casts.casts.some((x) => x.source === 'bigint' && x.target === 'integer'));
    assert.ok(!s.casts.casts.some((x) => x.source === 'bigint' && x.target === 'timestamp without time zone'));
  });
});

test('a base type is dropped with CASCADE only when nothing but its own functions and array type use it (a guard refuses otherwise)', { skip }, async () => {
  const { planStatements } = await import('../../src/schema/postgres/index.js');
  const drop = planStatements([{ kind: 'dropType', what: 'base type', type: { schema: 'app', name: 'code' } }]).map((s) => s.sql);
  assert.equal(drop.length, 2);
  const type = `create schema app; create type app.code;
    create function app.code_in(cstring) returns app.code language internal immutable strict as 'int4in';
    create function app.code_out(app.code) returns cstring language internal immutable strict as 'int4out';
    create type app.code (input = app.code_in, output = app.code_out, like = int4);`;
  // Used from a schema the plan does not see (a column of the array type): the guard fails, nothing is dropped.
  await withDb(`${type} create schema reporting; create table reporting.t (c app.code[]);`, async (c) => {
    await assert.rejects(c.query(drop[0]!), /type "app"."code" is still used by objects this plan does not drop/);
    assert.equal((await c.query("select count(*)::int as n from pg_attribute where attrelid = 'reporting.t'::regclass and attname = 'c'")).rows[0].n, 1);
  });
  // Only its functions: the guard passes and the type goes with them.
  await withDb(type, async (c) => {
    for (const sql of drop) await c.query(sql);
    assert.equal((await c.query("select count(*)::int as n from pg_proc where proname in ('code_in', 'code_out')")).rows[0].n, 0);
  });
});
