import type { SchemaDialect } from '../dialect.js';
import type { Change } from './change.js';
import { sqliteDesiredState } from './desired-state.js';
import { inspect } from './introspect.js';
import type { SqliteSchema } from './model.js';
import { sameSchema } from './normalise.js';
import { readRenameHints } from './rename-hints.js';
import { applyRenames } from './renames.js';
import { diffModels } from './schema-diff.js';
import { withoutTables } from './without-tables.js';

// Generic code names "a schema model" through this registry (see DialectTypes).
declare module '../dialect.js' {
  interface DialectTypes {
    readonly sqlite: { readonly model: SqliteSchema; readonly change: Change };
  }
}

/**
 * The SQLite schema module, as the SQLite adapter hands it out (its `schemaDialect` capability,
 * loaded on first use). SQLite has no roles.
 * @example const d = await adapter.schemaDialect?.(); d?.diffModels(await d.inspect(a), await d.inspect(b))
 */
export const sqliteSchema: SchemaDialect<SqliteSchema, Change> = {
  id: 'sqlite',
  inspect,
  diffModels,
  sameSchema,
  withoutTables,
  desired: sqliteDesiredState,
  renames: { hints: readRenameHints, apply: applyRenames },
};
