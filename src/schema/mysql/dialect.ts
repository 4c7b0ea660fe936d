import type { SchemaDialect } from '../dialect.js';
import type { Change } from './change.js';
import { mysqlDesiredState } from './desired-state.js';
import { inspect } from './introspect.js';
import type { Schema } from './model.js';
import { sameSchema } from './normalise.js';
import { readRenameHints } from './rename-hints.js';
import { applyRenames } from './renames.js';
import { diffModels } from './schema-diff.js';
import { withoutTables } from './without-tables.js';

// Generic code names "a schema model" through this registry (see DialectTypes).
declare module '../dialect.js' {
  interface DialectTypes {
    readonly mysql: { readonly model: Schema; readonly change: Change };
  }
}

/**
 * The MySQL/MariaDB schema module, as the mysql adapter hands it out (its `schemaDialect`
 * capability, loaded on first use). MySQL has no roles to provide to a scratch database.
 * @example const d = await adapter.schemaDialect?.(); d?.diffModels(await d.inspect(a), await d.inspect(b))
 */
export const mysqlSchema: SchemaDialect<Schema, Change> = {
  id: 'mysql',
  inspect,
  diffModels,
  sameSchema,
  withoutTables,
  desired: mysqlDesiredState,
  renames: { hints: readRenameHints, apply: applyRenames },
};
