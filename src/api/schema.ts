// Public API, schema diff: the PostgreSQL model, introspection and diff. Re-exports only.
export {
  diff, inspect, diffModels, sameSchema, readRenameHints, readUsingHints, applyRenames, type SchemaDiff, type SchemaDiffOptions, type RenameHint,
} from '../schema/postgres/index.js';
export type { SchemaDialect } from '../schema/dialect.js';
/** The PostgreSQL schema model and change types (`schema.Table`, `schema.Change`, …). */
export * as schema from '../schema/postgres/index.js';
