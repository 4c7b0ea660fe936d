/**
 * Columns a statement names twice where PostgreSQL rejects it: assigned twice (UPDATE SET, INSERT
 * and MERGE column lists, ON CONFLICT DO UPDATE), or declared twice (a new table's, composite
 * type's, view's or SELECT INTO's columns, COPY's column list). Names come from the parse tree, so
 * they are already case-folded and truncated to 63 bytes as PostgreSQL does.
 */
import { asNode, type AstNode, list, names, nodeOf, relName } from './ast.js';
import { leftmostSelect, targetColumnName } from './names-column-name.js';
import type { PgStatement } from './rule.js';

/** A column named more than once, and the clause that names it (`UPDATE k SET`, `CREATE VIEW v`…). */
export interface DuplicateColumn {
  readonly column: string;
  readonly clause: string;
  /** Assigned twice (a runtime error), rather than declared twice. */
  readonly assigned: boolean;
}

/** The statements {@link duplicateColumns} reads (it finds nothing in others). */
export const DUPLICATE_COLUMN_STATEMENTS: ReadonlySet<string> = new Set(['UpdateStmt', 'InsertStmt', 'MergeStmt', 'CreateStmt', 'CreateForeignTableStmt', 'CompositeTypeStmt', 'AlterTableStmt', 'ViewStmt', 'CreateTableAsStmt', 'SelectStmt', 'CopyStmt']);

/**
 * Every column `s` names twice, once per column and clause.
 * @example duplicateColumns(<update k set a = 1, A = 2>) // [{ column: 'a', clause: 'UPDATE k SET', assigned: true }]
 */
export function duplicateColumns(s: PgStatement): DuplicateColumn[] {
  const n = s.node;
  const rel = (v: unknown): string => relName(v)?.name ?? '?';
  switch (s.type) {
    case 'UpdateStmt':
      return assigned(n['targetList'], () => `UPDATE ${rel(n['relation'])} SET`);
    case 'InsertStmt':
      return [...assigned(n['cols'], () => `INSERT INTO ${rel(n['relation'])}`), ...assigned((n['onConflictClause'] as AstNode | undefined)?.['targetList'], () => 'ON CONFLICT DO UPDATE SET')];
    case 'MergeStmt':
      return list(n['mergeWhenClauses']).flatMap((w) => {
        const clause = asNode(w, 'MergeWhenClause');
        return assigned(clause?.['targetList'], () => `MERGE INTO ${rel(n['relation'])} … ${clause?.['commandType'] === 'CMD_INSERT' ? 'INSERT' : 'UPDATE SET'}`);
      });
    case 'CreateStmt':
      return declared(columnDefNames(n['tableElts']), () => `CREATE TABLE ${rel(n['relation'])}`);
    case 'CreateForeignTableStmt': {
      const base = (n['base'] ?? {}) as AstNode;
      return declared(columnDefNames(base['tableElts']), () => `CREATE FOREIGN TABLE ${rel(base['relation'])}`);
    }
    case 'CompositeTypeStmt':
      return declared(columnDefNames(n['coldeflist']), () => `CREATE TYPE ${rel(n['typevar'])}`);
    case 'AlterTableStmt':
      return declared(addedColumns(n), () => `ALTER TABLE ${rel(n['relation'])} ADD COLUMN`);
    case 'ViewStmt':
      return declared(queryColumns(names(n['aliases']), n['query']), () => `CREATE VIEW ${rel(n['view'])}`);
    case 'CreateTableAsStmt': {
      const into = (n['into'] ?? {}) as AstNode;
      return declared(queryColumns(names(into['colNames']), n['query']), () => `CREATE ${n['objtype'] === 'OBJECT_MATVIEW' ? 'MATERIALIZED VIEW' : 'TABLE'} ${rel(into['rel'])}`);
    }
    case 'SelectStmt': {
      const into = n['intoClause'] as AstNode | undefined;
      return into ? declared(queryColumns(names(into['colNames']), { SelectStmt: n }), () => `SELECT … INTO ${rel(into['rel'])}`) : [];
    }
    case 'CopyStmt':
      return declared(names(n['attlist']), () => `COPY ${rel(n['relation'])}`);
    default:
      return [];
  }
}

/** Assignment targets named twice: a whole-column assignment with any other, or a field with a subscript. */
/** `clause` names the statement part in a finding: built only when there is one. */
function assigned(targets: unknown, clause: () => string): DuplicateColumn[] {
  const seen = new Map<string, string[]>(); // column → the kind of each assignment: '' whole, else the first indirection's node type
  for (const t of list(targets)) {
    const target = asNode(t, 'ResTarget');
    if (typeof target?.['name'] !== 'string') continue;
    const first = list(target['indirection'])[0];
    const kinds = seen.get(target['name']) ?? [];
    kinds.push(first === undefined ? '' : nodeOf(first)[0]);
    seen.set(target['name'], kinds);
  }
  // Assignments to parts of one column (a.x and a.y, a[1] and a[2]) are merged by PostgreSQL.
  return [...seen]
    .filter(([, kinds]) => kinds.length > 1 && (kinds.includes('') || new Set(kinds).size > 1))
    .map(([column]) => ({ column, clause: clause(), assigned: true }));
}

function declared(columns: readonly string[], clause: () => string): DuplicateColumn[] {
  if (columns.length < 2) return [];
  const counts = new Map<string, number>();
  for (const c of columns) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts].filter(([, count]) => count > 1).map(([column]) => ({ column, clause: clause(), assigned: false }));
}

function columnDefNames(elements: unknown): string[] {
  return list(elements)
    .map((e) => asNode(e, 'ColumnDef')?.['colname'])
    .filter((c): c is string => typeof c === 'string');
}

function addedColumns(n: AstNode): string[] {
  return list(n['cmds'])
    .map((c) => asNode(c, 'AlterTableCmd'))
    .filter((c) => c?.['subtype'] === 'AT_AddColumn')
    .map((c) => asNode(c?.['def'], 'ColumnDef')?.['colname'])
    .filter((c): c is string => typeof c === 'string');
}

/**
 * The column names of a query's result, with the explicit names first: `(a, b) AS SELECT 1 x, 2 y, 3 z`
 * is a, b, z. A `*` in the select list hides how many columns it brings: then only the explicit
 * names, or (without them) the names of the other entries.
 */
function queryColumns(explicit: readonly string[], query: unknown): string[] {
  const select = asNode(query, 'SelectStmt');
  if (!select) return [...explicit];
  const inferred = list(leftmostSelect(select)['targetList']).map((t) => targetColumnName(asNode(t, 'ResTarget') ?? {}));
  if (inferred.includes(null)) return explicit.length > 0 ? [...explicit] : inferred.filter((c): c is string => c !== null);
  return [...explicit, ...(inferred as string[]).slice(explicit.length)];
}
