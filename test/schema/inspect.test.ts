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
  const sql = `create table t (a int);
    create rule r as on insert to t do also notify t;
    create aggregate my_sum(int) (sfunc = int4pl, stype = int);`;
  await withDb(sql, async (c) => {
    const s = await inspect(c as unknown as Queryable);
    assert.deepEqual(
      s.unsupported.map((u) => `${u.kind} ${u.name}`).sort(),
      ['aggregate public.my_sum', 'rule public.t.r'],
    );
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
