import { quoteIdent as ident } from '../../adapters/mysql/quote.js';
import { assertNever } from '../../errors.js';
import type { PlannedStatement as DialectStatement } from '../dialect.js';
import type { Change } from './change.js';
import { keepsValues } from './ddl-algorithm.js';
import type { Server } from './model.js';
import {
  alterTable, changedTableOptionsSql, checkSql, columnSql, createTableSql, createViewSql, dropCheckSql, foreignKeySql, indexSql, partsSql, positionSql, setDefaultSql,
} from './planner-sql.js';

/** One MySQL/MariaDB statement of a plan, with the object and the typed change it was rendered from. */
export type PlannedStatement = DialectStatement<Change>;

/**
 * Whether a change loses data or behaviour: drops of tables, columns, indexes, keys, checks,
 * views, triggers and routines, unless the same object is created again later in the plan (a
 * changed definition is a drop of the old one, as on PostgreSQL), and retypes that may lose values.
 */
export function isDestructive(c: Change): boolean {
  switch (c.kind) {
    case 'dropTable':
      return true;
    case 'dropColumn':
    case 'dropIndex':
    case 'dropCheck':
    case 'dropForeignKey':
    case 'dropView':
    case 'dropTrigger':
    case 'dropRoutine':
      return !c.recreate;
    case 'setPrimaryKey':
      return c.to === null;
    case 'modifyColumn':
      // A retype may fail or truncate values; widening ones keep them all.
      return !keepsValues(c.from, c.to);
    default:
      return false;
  }
}

function objectOf(c: Change): string {
  switch (c.kind) {
    case 'createTable':
      return c.table.name;
    case 'createView':
      return c.view.name;
    case 'dropView':
      return c.view;
    case 'createTrigger':
    case 'dropTrigger':
      return c.trigger.name;
    case 'createRoutine':
    case 'dropRoutine':
      return c.routine.name;
    case 'addColumn':
      return `${c.table}.${c.column.name}`;
    case 'dropColumn':
    case 'setColumnDefault':
      return `${c.table}.${c.column}`;
    case 'modifyColumn':
      return `${c.table}.${c.to.name}`;
    default:
      return c.table;
  }
}

/**
 * Render changes to MySQL/MariaDB statements, in order, for the server `server` (the database the
 * plan runs on). No MySQL lint rules exist yet, so hazards are empty; which changes copy the table
 * is on each change (`ddl.copiesTable`, decided in ddl-algorithm.ts) for the linter to read.
 * @example planStatements(diffSchemas(a, b), a.server).map((s) => s.sql).join('\n\n')
 */
export function planStatements(changes: readonly Change[], server: Server): PlannedStatement[] {
  return changes.flatMap((c) => {
    const object = objectOf(c);
    const destructive = isDestructive(c);
    return render(c, server).map((sql) => ({ sql, object, kind: c.kind, destructive, change: c, hazards: [] }));
  });
}

function render(c: Change, server: Server): string[] {
  switch (c.kind) {
    case 'createTable':
      return [createTableSql(server, c.table)];
    case 'dropTable':
      return [`DROP TABLE ${ident(c.table)};`];
    case 'alterTableOptions':
      return [alterTable(c.table, [changedTableOptionsSql(c.from, c.to)], c.ddl)];
    case 'setPartitioning':
      return [alterTable(c.table, [c.partitionBy ?? 'REMOVE PARTITIONING'], c.ddl)];
    case 'removePartitioning':
      return [alterTable(c.table, ['REMOVE PARTITIONING'], c.ddl)];
    case 'addColumn': {
      const key = c.primaryKey ? [...(c.replacesPrimaryKey ? ['DROP PRIMARY KEY'] : []), `ADD PRIMARY KEY ${partsSql(c.primaryKey)}`] : [];
      return [alterTable(c.table, [`ADD COLUMN ${columnSql(c.column)}${positionSql(c.position)}`, ...key], c.ddl)];
    }
    case 'dropColumn':
      return [alterTable(c.table, [`DROP COLUMN ${ident(c.column)}`], c.ddl)];
    case 'modifyColumn':
      return [alterTable(c.table, [`MODIFY COLUMN ${columnSql(c.to)}`], c.ddl)];
    case 'setColumnDefault': {
      const clause = c.default === null ? 'DROP DEFAULT' : `SET DEFAULT ${setDefaultSql(c.default)}`;
      return [alterTable(c.table, [`ALTER COLUMN ${ident(c.column)} ${clause}`], c.ddl)];
    }
    case 'setPrimaryKey': {
      const clauses = [...(c.from ? ['DROP PRIMARY KEY'] : []), ...(c.to ? [`ADD PRIMARY KEY ${partsSql(c.to)}`] : [])];
      return [alterTable(c.table, clauses, c.ddl)];
    }
    case 'createIndex':
      return [alterTable(c.table, [`ADD ${indexSql(server, c.index)}`], c.ddl)];
    case 'dropIndex':
      return [alterTable(c.table, [`DROP INDEX ${ident(c.index.name)}`], c.ddl)];
    case 'addCheck':
      return [alterTable(c.table, [`ADD ${checkSql(server, c.check)}`], c.ddl)];
    case 'dropCheck':
      return [alterTable(c.table, [dropCheckSql(server, c.check, c.column)], c.ddl)];
    case 'addForeignKey':
      return [alterTable(c.table, [`ADD ${foreignKeySql(c.foreignKey)}`], c.ddl)];
    case 'dropForeignKey':
      return [alterTable(c.table, [`DROP FOREIGN KEY ${ident(c.foreignKey.name)}`], c.ddl)];
    case 'createView':
      return [createViewSql(c.view)];
    case 'dropView':
      return [`DROP VIEW ${ident(c.view)};`];
    case 'createTrigger': {
      const t = c.trigger;
      return [`CREATE TRIGGER ${ident(t.name)} ${t.timing} ${t.event} ON ${ident(t.table)} FOR EACH ROW ${t.body};`];
    }
    case 'dropTrigger':
      return [`DROP TRIGGER ${ident(c.trigger.name)};`];
    case 'createRoutine':
      return [`${c.routine.definition};`];
    case 'dropRoutine':
      return [`DROP ${c.routine.type} ${ident(c.routine.name)};`];
    default:
      return assertNever(c, 'MySQL schema change');
  }
}
