/** Reading `ALTER TABLE` and column definitions for the column, constraint and rewrite rules. */
import { asNode, type AstNode, list, names, relName, type RelName } from './ast.js';
import type { PgStatement } from './rule.js';
import { statementMemo } from './statement-memo.js';

/** One subcommand of an `ALTER TABLE`: its subtype (`AT_AddColumn`…), the column it names, its definition. */
export interface AlterCommand {
  readonly subtype: string;
  /** The column (or constraint, for `VALIDATE`/`DROP CONSTRAINT`) the command names. */
  readonly name: string | undefined;
  /** The `def` node's type (`ColumnDef`, `Constraint`, `PartitionCmd`) and body. */
  readonly defType: string;
  readonly def: AstNode;
}

/** The table an `ALTER TABLE` changes and its subcommands in order, or null for any other statement. */
export function alterTable(s: PgStatement): { readonly table: RelName; readonly cmds: readonly AlterCommand[] } | null {
  return statementMemo(s, 'alterTable', readAlterTable);
}

function readAlterTable(s: PgStatement): { table: RelName; cmds: AlterCommand[] } | null {
  if (s.type !== 'AlterTableStmt' || (s.node['objtype'] ?? 'OBJECT_TABLE') !== 'OBJECT_TABLE') return null;
  const table = relName(s.node['relation']);
  if (!table) return null;
  const cmds = list(s.node['cmds']).map((c): AlterCommand => {
    const cmd = asNode(c, 'AlterTableCmd') ?? {};
    const [defType, def] = Object.entries((cmd['def'] ?? {}) as AstNode)[0] ?? ['', {}];
    return { subtype: String(cmd['subtype'] ?? ''), name: cmd['name'] as string | undefined, defType, def: (def ?? {}) as AstNode };
  });
  return { table, cmds };
}

/** The `Constraint` bodies of a column definition (`NOT NULL`, `DEFAULT`, `REFERENCES`…). */
export function columnConstraints(columnDef: AstNode): AstNode[] {
  return list(columnDef['constraints'])
    .map((c) => asNode(c, 'Constraint'))
    .filter((c): c is AstNode => c !== null);
}

/** The first constraint of `type` (`CONSTR_DEFAULT`…) of a column definition. */
export function columnConstraint(columnDef: AstNode, type: string): AstNode | undefined {
  return columnConstraints(columnDef).find((c) => c['contype'] === type);
}

const SERIALS = new Set(['serial', 'serial2', 'serial4', 'serial8', 'smallserial', 'bigserial']);

/** Whether a column definition's type is a `serial` pseudo-type (a `nextval` default and a sequence). */
export function isSerial(columnDef: AstNode): boolean {
  const parts = names((columnDef['typeName'] as AstNode | undefined)?.['names']);
  return parts.length === 1 && SERIALS.has(parts[0]!.toLowerCase());
}

/** The column names of a constraint's key list (`keys`, `fk_attrs`, `pk_attrs`). */
export function keyColumns(constraint: AstNode, field: 'keys' | 'fk_attrs' | 'pk_attrs' = 'keys'): string[] {
  return names(constraint[field]);
}

/** `schema.name`, or `name` when unqualified, for messages. */
export function tableText(rel: RelName): string {
  return rel.schema ? `${rel.schema}.${rel.name}` : rel.name;
}
