// Small builders for schema models in pure tests (no database).
import { keys } from '../../../src/schema/keys.js';
import { emptySchema, type Column, type Schema, type Table, type View } from '../../../src/schema/postgres/model.js';

export function col(name: string, type = 'integer', extra: Partial<Column> = {}): Column {
  return { name, type, collation: null, notNull: false, default: null, identity: null, identitySequence: null, generated: null, local: true, ...extra };
}

export function table(name: string, columns: Column[], schema = 'public'): Table {
  return {
    key: keys.rel(schema, name), schema, name, kind: 'table', persistence: 'permanent', columns,
    partitionKey: null, partitionOf: null, inherits: [], rowSecurity: false, forceRowSecurity: false, replicaIdentity: { mode: 'default' },
  };
}

export function view(name: string, definition: string, schema = 'public'): View {
  return { key: keys.rel(schema, name), schema, name, materialized: false, definition, options: [] };
}

export function schema(parts: Partial<Schema>): Schema {
  return { ...emptySchema(), schemas: [{ key: keys.schema('public'), name: 'public' }], ...parts };
}
