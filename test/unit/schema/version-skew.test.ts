// Comparing models of two PostgreSQL major versions (pure): only what both versions have.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keys } from '../../../src/schema/keys.js';
import { diffModels } from '../../../src/schema/postgres/schema-diff.js';
import { unqualified } from '../../../src/schema/postgres/version-skew.js';
import type { DefaultPrivilege, Privilege, Schema } from '../../../src/schema/postgres/model.js';
import { col, schema, table, view } from './model-builders.js';

function privilege(tableName: string, p: string): Privilege {
  const objectKey = keys.rel('public', tableName);
  return {
    key: keys.privilege(objectKey, 'postgres', p), objectKey, target: { kind: 'table', schema: 'public', name: tableName },
    grantee: 'postgres', privilege: p, grantable: false, isDefault: true, revoked: false,
  };
}

const at = (s: Schema, serverVersion: number | null): Schema => ({ ...s, serverVersion });

test('MAINTAIN (PostgreSQL 17+) is compared on neither side when one server is PostgreSQL 15, and a note says so', () => {
  const base = schema({ tables: [table('t', [col('id')])] });
  const pg18 = at({ ...base, privileges: [privilege('t', 'SELECT'), privilege('t', 'MAINTAIN')] }, 180000);
  const pg15 = at({ ...base, privileges: [privilege('t', 'SELECT')] }, 150004);
  for (const [from, to] of [[pg18, pg15], [pg15, pg18]] as const) {
    const d = diffModels(from, to, { withPrivileges: true });
    assert.deepEqual(d.statements.map((s) => s.sql), []);
    assert.ok(d.notes?.some((n) => /MAINTAIN is not compared: PostgreSQL 15/.test(n)), String(d.notes));
  }
  // Same version: compared as before (the grant is real).
  const d = diffModels(at(pg15, 180000), pg18, { withPrivileges: true });
  assert.deepEqual(d.statements.map((s) => s.sql), ['grant maintain on table "public"."t" to "postgres";']);
  assert.deepEqual(d.notes, []);
});

test('default privileges PostgreSQL 15 lacks (MAINTAIN, ON LARGE OBJECTS) are compared on neither side; the rest still are', () => {
  const entry = (objects: DefaultPrivilege['objects'], privilege: string, revoked = false): DefaultPrivilege => ({
    key: keys.defaultPrivilege('postgres', null, objects, 'PUBLIC', privilege), role: 'postgres', schema: null, objects, grantee: 'PUBLIC', privilege, grantable: false, revoked, builtin: revoked,
  });
  const pg18 = at(schema({ defaultPrivileges: [entry('TABLES', 'MAINTAIN', true), entry('LARGE OBJECTS', 'SELECT'), entry('TYPES', 'USAGE', true)] }), 180000);
  const pg15 = at(schema({}), 150004);
  const d = diffModels(pg15, pg18, { withPrivileges: true });
  assert.deepEqual(d.statements.map((s) => s.sql), ['alter default privileges for role "postgres" revoke usage on types from public;']);
  assert.ok(d.notes?.some((n) => /default privileges on large objects are not compared: PostgreSQL 15/.test(n)), String(d.notes));
  assert.deepEqual(diffModels(pg18, pg15, { withPrivileges: true }).statements.map((s) => s.sql), ['alter default privileges for role "postgres" grant usage on types to public;']);
  // Without --with-privileges nothing of it is compared.
  assert.deepEqual(diffModels(pg15, pg18).statements, []);
});

test('unknown versions (hand-built models) or equal majors: no notes, nothing left out', () => {
  const s = schema({ tables: [table('t', [col('id')])], privileges: [privilege('t', 'MAINTAIN')] });
  const d = diffModels(schema({ tables: [table('t', [col('id')])] }), s, { withPrivileges: true });
  assert.equal(d.statements.length, 1);
  assert.deepEqual(d.notes, []);
  assert.deepEqual(diffModels(at(s, 150002), at(s, 150010)).notes, []);
});

test('a virtual generated column cannot be planned for PostgreSQL 15: E_UNSUPPORTED naming the column', () => {
  const virtual = col('v', 'integer', { generated: { kind: 'virtual', expression: '(id + 1)' } });
  const from = at(schema({ tables: [table('t', [col('id')])] }), 150004);
  const to = at(schema({ tables: [table('t', [col('id'), virtual])] }), 180000);
  assert.throws(() => diffModels(from, to), (e: { code?: string; message?: string }) => e.code === 'E_UNSUPPORTED' && /public\.t\.v/.test(e.message ?? ''));
});

test('view texts of PostgreSQL 15 and 18 compare without column qualifiers; a real change still shows', () => {
  const v15 = view('v', 'SELECT t.id,\n    t.name\n   FROM public.t\n  WHERE (t.n > 1);');
  const v18 = view('v', 'SELECT id,\n    name\n   FROM public.t\n  WHERE (n > 1);');
  const t = table('t', [col('id'), col('name', 'text'), col('n')]);
  const d = diffModels(at(schema({ tables: [t], views: [v15] }), 150004), at(schema({ tables: [t], views: [v18] }), 180000));
  assert.deepEqual(d.statements.map((s) => s.sql), []);
  assert.ok(d.notes?.some((n) => /1 view definition/.test(n)));
  const changed = view('v', 'SELECT id,\n    name\n   FROM public.t\n  WHERE (n > 2);');
  const d2 = diffModels(at(schema({ tables: [t], views: [v15] }), 150004), at(schema({ tables: [t], views: [changed] }), 180000));
  assert.deepEqual(d2.statements.map((s) => s.kind), ['dropView', 'createView']);
});

test('unqualified() strips column qualifiers only: relations, functions and types keep their schema', () => {
  assert.equal(unqualified('SELECT t.id, "T x".c FROM app.t JOIN ONLY app.u u ON u.id = t.id WHERE app.f(t.a) AND x::app.e IS NULL'),
    'SELECT id, c FROM app.t JOIN ONLY app.u u ON id = id WHERE app.f(a) AND x::app.e IS NULL');
  assert.equal(unqualified('SELECT a.b.c'), 'SELECT a.b.c');
});

test('a login event trigger (PostgreSQL 17+) desired on a PostgreSQL 15 database is E_UNSUPPORTED naming it', () => {
  const login = {
    key: keys.eventTrigger('on_login'), name: 'on_login', event: 'login', tags: null, function: { schema: 'public', name: 'f' }, enabled: 'O',
  };
  const to = at(schema({ eventTriggers: [login] }), 180000);
  assert.throws(
    () => diffModels(at(schema({}), 150004), to),
    (e: unknown) => (e as { code?: string }).code === 'E_UNSUPPORTED' && (e as { details?: { object?: string } }).details?.object === 'on_login',
  );
  assert.equal(diffModels(at(schema({}), 170000), to).statements.length, 1);
});
