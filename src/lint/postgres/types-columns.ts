/** The column types a statement declares: the columns of a new table and the added or retyped columns of an existing one. */
import { asNode, type AstNode, list, relName, type RelName, typeNameOf } from './ast.js';
import type { PgStatement } from './rule.js';
import { statementMemo } from './statement-memo.js';

/** One declared column type. */
export interface ColumnType {
  readonly table: RelName;
  readonly column: string;
  /** The type, as {@link typeNameOf} reads it (`int4`, `varchar` with mods [20], `serial`…). */
  readonly type: { readonly name: string; readonly mods: readonly number[]; readonly array: boolean };
  /** `create`: a column of a table this statement creates; `add`: ADD COLUMN; `alter`: ALTER COLUMN … TYPE. */
  readonly via: 'create' | 'add' | 'alter';
}

/** The statements that declare column types (see {@link columnTypes}). */
export const COLUMN_TYPE_STATEMENTS: ReadonlySet<string> = new Set(['CreateStmt', 'CreateForeignTableStmt', 'AlterTableStmt']);

/**
 * Every column type `s` declares, in statement order (a column without a type, such as a partition's
 * `a NOT NULL`, declares none).
 * @example columnTypes(ALTER TABLE t ADD COLUMN c int) // [{ table: t, column: 'c', type: { name: 'int4' … }, via: 'add' }]
 */
export function columnTypes(s: PgStatement): readonly ColumnType[] {
  return statementMemo(s, 'columnTypes', readColumnTypes);
}

function readColumnTypes(s: PgStatement): ColumnType[] {
  switch (s.type) {
    case 'CreateStmt':
      return createdColumns(s.node);
    case 'CreateForeignTableStmt':
      return createdColumns((s.node['base'] ?? {}) as AstNode);
    case 'AlterTableStmt':
      return alteredColumns(s.node);
    default:
      return [];
  }
}

function createdColumns(node: AstNode): ColumnType[] {
  const table = relName(node['relation']);
  if (!table) return [];
  const out: ColumnType[] = [];
  for (const element of list(node['tableElts'])) {
    const def = asNode(element, 'ColumnDef');
    if (def?.['typeName'] && typeof def['colname'] === 'string') out.push({ table, column: def['colname'], type: typeNameOf(def['typeName']), via: 'create' });
  }
  return out;
}

function alteredColumns(node: AstNode): ColumnType[] {
  const table = relName(node['relation']);
  if (!table) return [];
  const out: ColumnType[] = [];
  for (const c of list(node['cmds'])) {
    const cmd = asNode(c, 'AlterTableCmd');
    const def = asNode(cmd?.['def'], 'ColumnDef');
    if (!cmd || !def?.['typeName']) continue;
    if (cmd['subtype'] === 'AT_AddColumn' && typeof def['colname'] === 'string') out.push({ table, column: def['colname'], type: typeNameOf(def['typeName']), via: 'add' });
    if (cmd['subtype'] === 'AT_AlterColumnType' && typeof cmd['name'] === 'string') out.push({ table, column: cmd['name'], type: typeNameOf(def['typeName']), via: 'alter' });
  }
  return out;
}

/** `schema.table.column` as a message names it. */
export function columnLabel(c: ColumnType): string {
  return `${c.table.schema ? `${c.table.schema}.` : ''}${c.table.name}.${c.column}`;
}
