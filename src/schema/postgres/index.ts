/**
 * Schema inspection and diff for PostgreSQL ("migra's job"): read two databases into plain-data
 * models, compute the typed changes between them and render them to ordered SQL; and what the
 * declarative commands need of PostgreSQL (rename hints, roles, desired-state DDL). Loaded by the
 * PostgreSQL and PGlite adapters' `schemaDialect` capability.
 *
 * @example
 * const { statements, destructive } = await diff(prodClient, devClient, { withPrivileges: true })
 * if (!destructive) console.log(statements.map((s) => s.sql).join('\n\n'))
 */
export type * from './model.js';
export type { Change, ChangeKind, ChangeEdit } from './change.js';
export type { DiffOptions, InspectOptions, RenameHint, RenamePlan, SchemaFile, UsingHint } from '../dialect.js';
export type { PlannedStatement } from './planner.js';
export type { EditKey } from '../keys.js';
export { keys, keyId, sameKey } from '../keys.js';
export { inspect } from './introspect.js';
export { diffSchemas } from './diff.js';
export { planStatements } from './planner.js';
export { isDestructive } from './hazards.js';
export { normaliseSchema, sameSchema, type NormaliseOptions } from './normalise.js';
export { diff, diffModels, type SchemaDiff, type SchemaDiffOptions } from './schema-diff.js';
export { withoutTables } from './without-tables.js';
export { readRenameHints } from './rename-hints.js';
export { readUsingHints } from './using-hints.js';
export { applyRenames } from './renames.js';
export { referencedRoles, createMissingRoles } from './roles.js';
export { RETRYABLE_SQLSTATES } from './desired-state.js';
export { postgresSchema } from './dialect.js';
