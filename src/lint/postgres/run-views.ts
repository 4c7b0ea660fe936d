/**
 * The views the run created and what they select, for the rule on drops a view depends on. Read from
 * each view's parse tree: every relation of its query (CTE names left out) and every column
 * reference; an unqualified column counts for every relation of the query, `*` for all their
 * columns (PostgreSQL expands it when the view is created). Keyed by unqualified name.
 */
import { asNode, type AstNode, list, names, relName } from './ast.js';
import type { PgStatement } from './rule.js';

/** What one view selects: per relation, the columns it names (`*`: all of them). */
type Uses = Map<string, Set<string>>;

const ALL = '*';

/** Relations whose DROP a view can depend on. */
export const VIEWED_RELATIONS = new Set(['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_FOREIGN_TABLE']);

/** The unqualified names of the relations a `DROP TABLE/VIEW/…` names. */
export function droppedRelations(node: AstNode): string[] {
  return list(node['objects']).flatMap((o) => names(asNode(o, 'List')?.['items']).slice(-1));
}

/** The statements that create, drop or rename views or what they read: {@link RunViews.record} ignores the rest. */
export const VIEW_STATEMENTS: ReadonlySet<string> = new Set(['ViewStmt', 'CreateTableAsStmt', 'DropStmt', 'AlterTableStmt', 'RenameStmt']);

export class RunViews {
  readonly #views = new Map<string, { readonly label: string; readonly uses: Uses }>();
  /** Views the run dropped: the target's views of those names are gone. */
  readonly #dropped = new Set<string>();

  /** Views of the run that select `table` (or its `column`), as written in their CREATE. */
  dependents(table: string, column: string | null): string[] {
    const out: string[] = [];
    for (const [name, v] of this.#views) {
      const cols = v.uses.get(table);
      if (cols && (column === null || cols.has(ALL) || cols.has(column))) out.push(v.label || name);
    }
    return out;
  }

  /** Views (`schema.name` or `name`) a CASCADE dropped: gone for the statements after it. */
  forget(views: readonly string[]): void {
    for (const v of views) this.#drop(v.slice(v.lastIndexOf('.') + 1));
  }

  /** Whether the run dropped a view of that (unqualified) name. */
  dropped(view: string): boolean {
    return this.#dropped.has(view);
  }

  record(s: PgStatement): void {
    switch (s.type) {
      case 'ViewStmt':
        return this.#create(relName(s.node['view']), s.node['query']);
      case 'CreateTableAsStmt':
        if (s.node['objtype'] === 'OBJECT_MATVIEW') this.#create(relName((s.node['into'] as AstNode | undefined)?.['rel']), s.node['query']);
        return;
      case 'DropStmt': {
        const type = String(s.node['removeType']);
        if (!VIEWED_RELATIONS.has(type)) return;
        for (const name of droppedRelations(s.node)) {
          if (type === 'OBJECT_VIEW' || type === 'OBJECT_MATVIEW') this.#drop(name);
          if (s.node['behavior'] === 'DROP_CASCADE') for (const v of this.#namesOf(name, null)) this.#drop(v);
        }
        return;
      }
      case 'AlterTableStmt': {
        const table = relName(s.node['relation']);
        for (const c of list(s.node['cmds'])) {
          const cmd = asNode(c, 'AlterTableCmd');
          if (table && cmd?.['subtype'] === 'AT_DropColumn' && cmd['behavior'] === 'DROP_CASCADE') for (const v of this.#namesOf(table.name, String(cmd['name']))) this.#drop(v);
        }
        return;
      }
      case 'RenameStmt':
        return this.#rename(s.node);
    }
  }

  #create(view: ReturnType<typeof relName>, query: unknown): void {
    if (!view) return;
    this.#views.set(view.name, { label: view.schema ? `${view.schema}.${view.name}` : view.name, uses: usesOf(query) });
  }

  #drop(view: string): void {
    this.#views.delete(view);
    this.#dropped.add(view);
  }

  #namesOf(table: string, column: string | null): string[] {
    return [...this.#views].filter(([, v]) => {
      const cols = v.uses.get(table);
      return cols && (column === null || cols.has(ALL) || cols.has(column));
    }).map(([name]) => name);
  }

  /** A renamed relation or column: views follow it (PostgreSQL stores them by oid and column number). */
  #rename(node: AstNode): void {
    const rel = relName(node['relation']);
    const to = node['newname'] as string | undefined;
    if (!rel || to === undefined) return;
    const column = node['renameType'] === 'OBJECT_COLUMN' ? (node['subname'] as string | undefined) : undefined;
    if (column === undefined && !VIEWED_RELATIONS.has(String(node['renameType']))) return;
    for (const v of this.#views.values()) {
      const cols = v.uses.get(rel.name);
      if (!cols) continue;
      if (column === undefined) {
        v.uses.delete(rel.name);
        v.uses.set(to, cols);
      } else if (cols.delete(column)) cols.add(to);
    }
    const own = this.#views.get(rel.name);
    if (column === undefined && own) {
      this.#views.delete(rel.name);
      this.#views.set(to, { label: to, uses: own.uses });
    }
  }
}

/** The relations a view's query reads and the columns it names of each. */
export function usesOf(query: unknown): Uses {
  const relations: { name: string; alias: string | null }[] = [];
  const refs: (string | typeof ALL)[][] = [];
  const ctes = new Set<string>();
  walk(query, (type, body) => {
    if (type === 'RangeVar' && typeof body['relname'] === 'string') relations.push({ name: body['relname'], alias: ((body['alias'] as AstNode | undefined)?.['aliasname'] as string | undefined) ?? null });
    else if (type === 'CommonTableExpr' && typeof body['ctename'] === 'string') ctes.add(body['ctename']);
    else if (type === 'ColumnRef') refs.push(list(body['fields']).map((f) => (asNode(f, 'A_Star') ? ALL : ((asNode(f, 'String')?.['sval'] as string | undefined) ?? ''))));
  });
  const read = relations.filter((r) => !ctes.has(r.name));
  const uses: Uses = new Map(read.map((r) => [r.name, new Set<string>()]));
  for (const fields of refs) {
    const column = fields[fields.length - 1]!;
    const qualifier = fields.length >= 2 ? fields[fields.length - 2] : undefined;
    const targets = qualifier === undefined ? read : read.filter((r) => r.alias === qualifier || (r.alias === null && r.name === qualifier));
    for (const r of targets) uses.get(r.name)!.add(column);
  }
  return uses;
}

/** Every `{ Type: body }` node under `node`, depth first. */
function walk(node: unknown, visit: (type: string, body: AstNode) => void): void {
  if (Array.isArray(node)) {
    for (const n of node) walk(n, visit);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node as AstNode)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && /^[A-Z]/.test(key)) visit(key, value as AstNode);
    walk(value, visit);
  }
}
