// Foreign data wrappers, servers, user mappings and foreign tables: how they diff, order and render,
// on hand-built models (no database).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffSchemas } from '../../../src/schema/postgres/diff.js';
import { isDestructive } from '../../../src/schema/postgres/hazards.js';
import { planStatements } from '../../../src/schema/postgres/planner.js';
import { fdwOptions } from '../../../src/schema/postgres/introspect-foreign.js';
import { keys } from '../../../src/schema/keys.js';
import type { ForeignServer, ForeignTable, Schema, UserMapping } from '../../../src/schema/postgres/model.js';
import { schema } from './model-builders.js';

const sqlOf = (from: Schema, to: Schema) => planStatements(diffSchemas(from, to)).map((s) => s.sql);

function server(extra: Partial<ForeignServer> = {}): ForeignServer {
  return { key: keys.server('s'), name: 's', wrapper: 'postgres_fdw', type: null, version: null, options: [], ...extra };
}

function mapping(options: UserMapping['options'] = [], optionsHidden = false): UserMapping {
  return { key: keys.userMapping('s', 'public'), server: 's', user: 'public', options, optionsHidden };
}

function ftable(extra: Partial<ForeignTable> = {}): ForeignTable {
  return {
    key: keys.rel('public', 'ft'), schema: 'public', name: 'ft', server: 's', options: [],
    columns: [{ name: 'id', type: 'integer', collation: null, notNull: true, default: null, options: [{ name: 'column_name', value: 'uid' }] }],
    ...extra,
  };
}

const deps = [{ from: keys.userMapping('s', 'public'), to: keys.server('s') }, { from: keys.rel('public', 'ft'), to: keys.server('s') }];

test('options are read at their first `=`', () => {
  assert.deepEqual(fdwOptions(JSON.stringify(['host=a=b', 'flag'])), [{ name: 'host', value: 'a=b' }, { name: 'flag', value: '' }]);
  assert.deepEqual(fdwOptions(null), []);
});

test('a server, its user mapping and a foreign table are created in order and dropped in reverse (destructive)', () => {
  const to = schema({ foreignServers: [server({ options: [{ name: 'host', value: 'h' }] })], userMappings: [mapping([{ name: 'user', value: 'u' }])], foreignTables: [ftable()], dependencies: deps });
  assert.deepEqual(sqlOf(schema({}), to), [
    `create server "s" foreign data wrapper "postgres_fdw" options ("host" 'h');`,
    `create user mapping for public server "s" options ("user" 'u');`,
    `create foreign table "public"."ft" (\n    "id" integer options ("column_name" 'uid') not null\n) server "s";`,
  ]);
  const drops = diffSchemas(to, schema({}));
  assert.deepEqual(planStatements(drops).map((s) => s.sql), ['drop foreign table "public"."ft";', 'drop user mapping for public server "s";', 'drop server "s";']);
  assert.equal(drops.every(isDestructive), true);
});

test('options are altered in place; a new server type recreates the server with what uses it, not destructively', () => {
  const a = schema({ foreignServers: [server({ options: [{ name: 'host', value: 'h' }, { name: 'port', value: '1' }] })], userMappings: [mapping()], foreignTables: [ftable()], dependencies: deps });
  const b = schema({ foreignServers: [server({ version: '2', options: [{ name: 'host', value: 'g' }] })], userMappings: [mapping([{ name: 'user', value: 'u' }])], foreignTables: [ftable({ options: [{ name: 'table_name', value: 't' }] })], dependencies: deps });
  assert.deepEqual(sqlOf(a, b), [
    `alter server "s" version '2' options (set "host" 'g', drop "port");`,
    `alter user mapping for public server "s" options (add "user" 'u');`,
    `alter foreign table "public"."ft" options (add "table_name" 't');`,
  ]);
  const c = schema({ foreignServers: [server({ type: 'x' })], userMappings: [mapping()], foreignTables: [ftable()], dependencies: deps });
  const changes = diffSchemas(a, c);
  assert.deepEqual(changes.map((x) => x.kind), ['dropForeignTable', 'dropUserMapping', 'dropServer', 'createServer', 'createUserMapping', 'createForeignTable']);
  assert.deepEqual(changes.filter(isDestructive).map((x) => x.kind), ['dropServer']);
});

test('a foreign table with new columns is dropped and created: it keeps no rows here', () => {
  const b = ftable({ columns: [...ftable().columns, { name: 'v', type: 'text', collation: null, notNull: false, default: null, options: [] }] });
  const changes = diffSchemas(schema({ foreignTables: [ftable()] }), schema({ foreignTables: [b] }));
  assert.deepEqual(changes.map((x) => x.kind), ['dropForeignTable', 'createForeignTable']);
  assert.equal(changes.some(isDestructive), false);
});

test('a user mapping whose options the connecting role may not read is not compared on its options', () => {
  const seen = schema({ foreignServers: [server()], userMappings: [mapping([{ name: 'user', value: 'u' }])] });
  const hidden = schema({ foreignServers: [server()], userMappings: [mapping([], true)] });
  assert.deepEqual(sqlOf(hidden, seen), []);
  assert.deepEqual(sqlOf(seen, hidden), []);
  assert.deepEqual(sqlOf(schema({ foreignServers: [server()], userMappings: [mapping()] }), seen), [`alter user mapping for public server "s" options (add "user" 'u');`]);
});
