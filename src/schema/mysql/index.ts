/**
 * Schema inspection and diff for MySQL and MariaDB: read a database (the URL's) into a plain-data
 * model, compute the typed changes between two models and render them to ordered ALTER/CREATE
 * statements that use `ALGORITHM=INSTANT`/`INPLACE` where the server supports it; and what the
 * declarative commands need (rename hints, desired-state DDL). Loaded by the mysql adapter's
 * `schemaDialect` capability.
 *
 * @example
 * const { statements, destructive } = await diff(liveConn, devConn)
 * if (!destructive) console.log(statements.map((s) => s.sql).join('\n\n'))
 */
export type * from './model.js';
export type { Change, ChangeKind, ChangeEdit, DdlAlgorithm, ColumnPosition } from './change.js';
export type { PlannedStatement } from './planner.js';
export { inspect } from './introspect.js';
export { diffSchemas, dependenciesOf } from './diff.js';
export { planStatements, isDestructive } from './planner.js';
export { renameColumnSql } from './planner-sql.js';
export { normaliseSchema, sameSchema, serverOf } from './normalise.js';
export { diff, diffModels, type SchemaDiff } from './schema-diff.js';
export { withoutTables } from './without-tables.js';
export { readRenameHints } from './rename-hints.js';
export { applyRenames } from './renames.js';
export { RETRYABLE_ERRNOS } from './desired-state.js';
export * as ddlAlgorithm from './ddl-algorithm.js';
export { mysqlSchema } from './dialect.js';
