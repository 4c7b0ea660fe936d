// inspect() on the real PostgreSQL: bulk catalog reads, extension members left out, unsupported
// objects reported rather than skipped, scope options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import type { Queryable } from '../../src/adapters/adapter.js';
import { inspect } from '../../src/schema/postgres/index.js';
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
  });
});

test('objects shale does not model are reported as unsupported', { skip }, async () => {
  const sql = `create type floatrange as range (subtype = float8);
    create operator === (leftarg = int, rightarg = int, function = int4eq);`;
  await withDb(sql, async (c) => {
    const s = await inspect(c as unknown as Queryable);
    assert.deepEqual(
      s.unsupported.map((u) => `${u.kind} ${u.name}`).sort(),
      ['operator public.===', 'range type public.floatrange'],
    );
  });
});

test('every other kind pg_dump knows is reported as unsupported, global ones included, never skipped in silence', { skip }, async () => {
  const sql = `create text search dictionary simple_d (template = pg_catalog.simple);
    create text search configuration my_ts (copy = pg_catalog.simple);
    create operator family my_fam using btree;
    create foreign data wrapper dummy_fdw;
    create server dummy_srv foreign data wrapper dummy_fdw;
    create user mapping for current_user server dummy_srv;
    create table pub_t (id int primary key);
    create publication my_pub for table pub_t;`;
  await withDb(sql, async (c) => {
    const s = await inspect(c as unknown as Queryable);
    const got = s.unsupported.map((u) => `${u.kind} ${u.name}`);
    for (const want of ['text search dictionary public.simple_d', 'text search configuration public.my_ts', 'operator family public.my_fam', 'foreign-data wrapper dummy_fdw', 'foreign server dummy_srv', 'user mapping postgres for server dummy_srv', 'publication my_pub']) {
      assert.ok(got.includes(want), `${want} in ${got.join(', ')}`);
    }
    // A schema filter leaves the schema-bound ones out, not the database-wide ones.
    const other = await inspect(c as unknown as Queryable, { schemas: ['nothing_here'] });
    const names = other.unsupported.map((u) => u.kind);
    assert.ok(!names.includes('text search configuration') && names.includes('publication'), names.join(', '));
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
