/** What earlier statements of a run leave behind for the rules of later ones. */
import { asNode, type AstNode, list, relName, type RelName } from './ast.js';

const key = (r: RelName): string => r.name;

/**
 * Tables, indexes, sequences and views created by the run so far: they hold no data and no other
 * session uses them, so locking or scanning them is no hazard. Keyed by name; a qualified name
 * matches the same name unqualified (the run's search_path is not known statically).
 */
export class RunObjects {
  readonly #created = new Map<string, Set<string | null>>();

  has(rel: RelName): boolean {
    const schemas = this.#created.get(key(rel));
    if (!schemas) return false;
    return rel.schema === null || schemas.has(null) || schemas.has(rel.schema);
  }

  #add(rel: RelName | null): void {
    if (!rel) return;
    const schemas = this.#created.get(key(rel)) ?? new Set();
    schemas.add(rel.schema);
    this.#created.set(key(rel), schemas);
  }

  /** Record what a statement creates, renames or drops. */
  record(type: string, node: AstNode): void {
    switch (type) {
      case 'CreateStmt':
        return this.#add(relName(node['relation']));
      case 'CreateTableAsStmt':
        return this.#add(relName((node['into'] as AstNode | undefined)?.['rel']));
      case 'CreateSeqStmt':
        return this.#add(relName(node['sequence']));
      case 'ViewStmt':
        return this.#add(relName(node['view']));
      case 'IndexStmt': {
        // An index on a new table is new; an index on an existing table is not (it is built on its rows).
        const table = relName(node['relation']);
        if (table && this.has(table) && typeof node['idxname'] === 'string') this.#add({ schema: table.schema, name: node['idxname'] });
        return;
      }
      case 'RenameStmt': {
        const from = relName(node['relation']);
        if (from && this.has(from) && typeof node['newname'] === 'string' && node['subname'] === undefined) this.#add({ schema: from.schema, name: node['newname'] });
        return;
      }
      case 'DropStmt':
        if (!DROPPED_RELATIONS.has(String(node['removeType']))) return;
        for (const o of list(node['objects'])) {
          const parts = list(asNode(o, 'List')?.['items']).map((s) => (asNode(s, 'String')?.['sval'] as string | undefined) ?? '');
          if (parts.length > 0) this.#created.delete(parts[parts.length - 1]!);
        }
        return;
    }
  }
}

/** DROP statements whose objects are relations (a DROP TYPE of the same name leaves a table alone). */
const DROPPED_RELATIONS = new Set(['OBJECT_TABLE', 'OBJECT_INDEX', 'OBJECT_SEQUENCE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_FOREIGN_TABLE']);

/** Whether a statement opens or ends a transaction block (`BEGIN`, `COMMIT`, `ROLLBACK`…). */
export function transactionEffect(type: string, node: AstNode): 'begin' | 'end' | null {
  if (type !== 'TransactionStmt') return null;
  switch (node['kind']) {
    case 'TRANS_STMT_BEGIN':
    case 'TRANS_STMT_START':
      return 'begin';
    case 'TRANS_STMT_COMMIT':
    case 'TRANS_STMT_ROLLBACK':
    case 'TRANS_STMT_PREPARE':
      return node['chain'] === true ? null : 'end';
    default:
      return null;
  }
}

/** A `SET`/`RESET` of `lock_timeout` or `statement_timeout`: whether it leaves a (non-zero) timeout set. */
export function timeoutSetting(type: string, node: AstNode): { name: 'lock' | 'statement'; set: boolean } | null {
  if (type !== 'VariableSetStmt') return null;
  const name = node['name'] === 'lock_timeout' ? 'lock' : node['name'] === 'statement_timeout' ? 'statement' : null;
  if (!name) return null;
  if (node['kind'] !== 'VAR_SET_VALUE') return { name, set: false };
  const value = asNode(list(node['args'])[0], 'A_Const');
  const ival = value?.['ival'] as { ival?: number } | undefined;
  const sval = (value?.['sval'] as { sval?: string } | undefined)?.sval;
  const zero = ival ? (ival.ival ?? 0) === 0 : sval !== undefined && /^\s*0+\s*(ms|s|min|h|d)?\s*$/i.test(sval);
  return { name, set: !zero };
}
