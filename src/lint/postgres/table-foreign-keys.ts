/**
 * Foreign keys and the indexes that serve them, as a script declares them: a foreign key whose
 * columns do not lead any index of its table makes every delete or key update on the referenced
 * table scan the referencing one. Only indexes created by statements shale saw are known.
 */
import { asNode, type AstNode, list, names, relName, type RelName } from './ast.js';
import type { PgStatement } from './rule.js';
import { alterTable, columnConstraints, keyColumns } from './table-alter.js';

/** A foreign key declared by a statement of the script. */
export interface DeclaredForeignKey {
  readonly table: RelName;
  readonly columns: readonly string[];
  readonly references: RelName | null;
  readonly name: string | undefined;
  /** The statement that declares it (where the finding goes). */
  readonly at: PgStatement;
}

/** The leading plain columns of an index's elements (an expression ends the usable prefix). */
function leadingColumns(elements: unknown): string[] {
  const out: string[] = [];
  for (const e of list(elements)) {
    const name = asNode(e, 'IndexElem')?.['name'];
    if (typeof name !== 'string') break;
    out.push(name);
  }
  return out;
}

/** The foreign keys declared, and the indexes (their leading columns) created, table by table. */
export class ForeignKeyIndexes {
  readonly #indexes = new Map<string, string[][]>();
  readonly #byName = new Map<string, { table: string; columns: string[] }>();
  #keys: DeclaredForeignKey[] = [];

  /** Take in one statement, in script order. */
  observe(s: PgStatement): void {
    if (s.type === 'CreateStmt') {
      const table = relName(s.node['relation']);
      if (!table) return;
      for (const e of list(s.node['tableElts'])) {
        const column = asNode(e, 'ColumnDef');
        if (column) for (const c of columnConstraints(column)) this.#constraint(s, table, c, [String(column['colname'])]);
        const constraint = asNode(e, 'Constraint');
        if (constraint) this.#constraint(s, table, constraint, undefined);
      }
    } else if (s.type === 'IndexStmt') {
      const table = relName(s.node['relation']);
      if (!table || s.node['whereClause'] !== undefined) return; // a partial index does not serve every lookup
      this.#index(table, leadingColumns(s.node['indexParams']), s.node['idxname'] as string | undefined);
    } else if (s.type === 'DropStmt' && s.node['removeType'] === 'OBJECT_INDEX') {
      for (const o of list(s.node['objects'])) this.#dropIndex(names(asNode(o, 'List')?.['items']).pop() ?? '');
    } else {
      const alter = alterTable(s);
      for (const cmd of alter?.cmds ?? []) {
        if (!alter || cmd.defType === '') continue;
        if (cmd.subtype === 'AT_AddConstraint') this.#constraint(s, alter.table, cmd.def, undefined);
        if (cmd.subtype === 'AT_AddColumn') for (const c of columnConstraints(cmd.def)) this.#constraint(s, alter.table, c, [String(cmd.def['colname'])]);
      }
    }
  }

  /** The foreign keys taken in since the last call whose columns lead no known index of their table. */
  takeUnindexed(): DeclaredForeignKey[] {
    const keys = this.#keys;
    this.#keys = [];
    return keys.filter((k) => !(this.#indexes.get(k.table.name) ?? []).some((index) => serves(index, k.columns)));
  }

  #constraint(s: PgStatement, table: RelName, c: AstNode, column: string[] | undefined): void {
    switch (c['contype']) {
      case 'CONSTR_PRIMARY':
      case 'CONSTR_UNIQUE': {
        const using = c['indexname'] as string | undefined;
        const columns = using ? (this.#byName.get(using)?.columns ?? []) : (column ?? keyColumns(c));
        return this.#index(table, columns, c['conname'] as string | undefined);
      }
      case 'CONSTR_EXCLUSION':
        return this.#index(table, leadingColumns(list(c['exclusions']).map((x) => list(asNode(x, 'List')?.['items'])[0])), undefined);
      case 'CONSTR_FOREIGN':
        this.#keys.push({ table, columns: column ?? keyColumns(c, 'fk_attrs'), references: relName(c['pktable']), name: c['conname'] as string | undefined, at: s });
    }
  }

  #index(table: RelName, columns: string[], name: string | undefined): void {
    if (columns.length === 0) return;
    this.#indexes.set(table.name, [...(this.#indexes.get(table.name) ?? []), columns]);
    if (name) this.#byName.set(name, { table: table.name, columns });
  }

  #dropIndex(name: string): void {
    const index = this.#byName.get(name);
    if (!index) return;
    this.#byName.delete(name);
    this.#indexes.set(index.table, (this.#indexes.get(index.table) ?? []).filter((cols) => cols !== index.columns));
  }
}

/** Whether an index's first columns are exactly the key's columns, in any order. */
function serves(index: readonly string[], key: readonly string[]): boolean {
  if (key.length === 0 || index.length < key.length) return key.length === 0;
  const lead = new Set(index.slice(0, key.length));
  return key.every((c) => lead.has(c));
}
