/**
 * Schema inspection and diff for SQLite: read a database into a plain-data model, compute the typed
 * changes between two and render them to ordered SQL, with ALTER TABLE where SQLite allows it and
 * the documented table rebuild for everything else; and what the declarative commands need of
 * SQLite (rename hints, desired-state DDL). Loaded by the SQLite adapter's `schemaDialect` capability.
 *
 * @example
 * const { statements, outsideTransaction } = diffModels(await inspect(live), await inspect(dev))
 */
export type * from './model.js';
export type { Change, ChangeKind } from './change.js';
export type { PlannedStatement } from './planner.js';
export { inspect } from './introspect.js';
export { diffSchemas } from './diff.js';
export { planStatements, isDestructive, rebuildName, REBUILD_OUTSIDE_TRANSACTION } from './planner.js';
export { planTable, addColumnRefusal, dropColumnRefusal, type TablePlan, type TableContext } from './table-plan.js';
export { diffModels, type SchemaDiff } from './schema-diff.js';
export { sameSchema } from './normalise.js';
export { withoutTables } from './without-tables.js';
export { readRenameHints } from './rename-hints.js';
export { applyRenames } from './renames.js';
export { parseCreateTable } from './parse-table.js';
export { sqliteSchema } from './dialect.js';
