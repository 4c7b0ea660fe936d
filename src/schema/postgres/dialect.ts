import type { SchemaDialect } from '../dialect.js';
import type { Change } from './change.js';
import { postgresDesiredState } from './desired-state.js';
import { inspect } from './introspect.js';
import type { Schema } from './model.js';
import { sameSchema } from './normalise.js';
import { readRenameHints } from './rename-hints.js';
import { applyRenames } from './renames.js';
import { createMissingRoles, referencedRoles } from './roles.js';
import { diffModels } from './schema-diff.js';
import { readUsingHints } from './using-hints.js';
import { withoutTables } from './without-tables.js';

// Generic code names "a schema model" through this registry (see DialectTypes).
declare module '../dialect.js' {
  interface DialectTypes {
    readonly postgres: { readonly model: Schema; readonly change: Change };
  }
}

/**
 * The PostgreSQL schema module, as the PostgreSQL and PGlite adapters hand it out (their
 * `schemaDialect` capability, loaded on first use).
 * @example const d = await adapter.schemaDialect?.(); d?.diffModels(await d.inspect(a), await d.inspect(b))
 */
export const postgresSchema: SchemaDialect<Schema, Change> = {
  id: 'postgres',
  inspect,
  diffModels,
  sameSchema,
  withoutTables,
  desired: postgresDesiredState,
  renames: { hints: readRenameHints, apply: applyRenames },
  usingHints: readUsingHints,
  roles: { referenced: referencedRoles, createMissing: createMissingRoles },
};
