/**
 * Enum types as the run changes them, for the enum rules: their values where known (created by the
 * run, or read from the target with `--db`), which type a rename moved aside, and which columns
 * still have each type. Keyed by unqualified name, as {@link RunObjects} is.
 */
import { asNode, type AstNode, list, names, relName, type RelName } from './ast.js';
import type { PgRuleContext, PgStatement } from './rule.js';
import { alterTable } from './table-alter.js';

/** One enum type as the run left it so far. */
export interface EnumState {
  /** Its values in order; null when shale does not know them (it existed before the run, no `--db`). */
  values: string[] | null;
  /** The run created it: no client uses it yet. */
  readonly created: boolean;
  /** Its name in the target before the run (to ask `--db` which columns use it); null when created by the run. */
  readonly before: RelName | null;
  /** Columns of the run given this type (`table.column`). */
  readonly columns: Set<string>;
}

/** A type renamed aside (`ALTER TYPE mood RENAME TO mood_old`): its old name is free for a new type. */
export interface ReplacedEnum {
  readonly state: EnumState;
  readonly aside: string;
}

/** A type name list (`typeName`, a `List` of a `DROP TYPE`/`RENAME`) as a relation-style name. */
export function typeRel(parts: readonly string[]): RelName | null {
  const name = parts[parts.length - 1];
  return name ? { schema: parts.length > 1 ? parts[parts.length - 2]! : null, name } : null;
}

/** The type names of a `DROP TYPE` (each object a `TypeName`). */
export function droppedTypes(node: AstNode): RelName[] {
  return list(node['objects']).flatMap((o) => {
    const rel = typeRel(names(asNode(o, 'TypeName')?.['names']));
    return rel ? [rel] : [];
  });
}

/** The statements that change enum types or the columns that use them: {@link RunEnums.record} ignores the rest. */
export const ENUM_STATEMENTS: ReadonlySet<string> = new Set(['CreateEnumStmt', 'AlterEnumStmt', 'RenameStmt', 'DropStmt', 'CreateStmt', 'AlterTableStmt']);

/**
 * Values by type name, where `a.e` and `b.e` are two types and an unqualified `e` is either (the
 * run's search_path is not known statically).
 */
class TypeNames<T> {
  readonly #byName = new Map<string, { schema: string | null; value: T }[]>();

  get size(): number {
    return this.#byName.size;
  }

  get(rel: RelName): T | undefined {
    const entries = this.#byName.get(rel.name) ?? [];
    return (entries.find((e) => e.schema === rel.schema) ?? entries.find((e) => e.schema === null || rel.schema === null))?.value;
  }

  set(rel: RelName, value: T): void {
    const entries = (this.#byName.get(rel.name) ?? []).filter((e) => e.schema !== rel.schema);
    this.#byName.set(rel.name, [...entries, { schema: rel.schema, value }]);
  }

  delete(rel: RelName): void {
    const entries = (this.#byName.get(rel.name) ?? []).filter((e) => !(e.schema === rel.schema || e.schema === null || rel.schema === null));
    if (entries.length > 0) this.#byName.set(rel.name, entries);
    else this.#byName.delete(rel.name);
  }

  *values(): IterableIterator<T> {
    for (const entries of this.#byName.values()) for (const e of entries) yield e.value;
  }
}

export class RunEnums {
  readonly #types = new TypeNames<EnumState>();
  /** Types the run dropped or renamed: the target's type of that name is gone. */
  readonly #gone = new TypeNames<true>();
  readonly #replaced = new TypeNames<ReplacedEnum>();
  /** Columns of the target the run moved off their type, dropped, or dropped with their table (`table.*`). */
  readonly #moved = new Set<string>();

  constructor(private readonly ctx: PgRuleContext) {}

  /** The enum of that name as the run left it; null when it is not an enum the run or the target knows as one. */
  get(type: RelName): EnumState | null {
    const known = this.#types.get(type);
    if (known || this.#gone.get(type)) return known ?? null;
    const facts = this.ctx.enumType(type);
    if (facts === null) return null;
    const state: EnumState = { values: facts ? [...facts.values] : null, created: false, before: type, columns: new Set() };
    this.#types.set(type, state);
    return state;
  }

  /** The type the run renamed away from this name, if the name is free since. */
  replaced(type: RelName): ReplacedEnum | undefined {
    return this.#replaced.get(type);
  }

  /** Columns that still have the type: the run's own, and the target's (`--db`) the run did not move. */
  columnsOf(state: EnumState): string[] {
    const before = (state.before ? (this.ctx.enumType(state.before)?.columns ?? []) : []).filter((c) => !this.#moved.has(c) && !this.#moved.has(`${c.slice(0, c.lastIndexOf('.'))}.*`));
    return [...new Set([...state.columns, ...before])].sort();
  }

  /** Record what a statement does to enum types and to the columns that use them. */
  record(s: PgStatement): void {
    switch (s.type) {
      case 'CreateEnumStmt': {
        const rel = typeRel(names(s.node['typeName']));
        if (!rel) return;
        this.#types.set(rel, { values: names(s.node['vals']), created: true, before: null, columns: new Set() });
        this.#replaced.delete(rel);
        return;
      }
      case 'AlterEnumStmt': {
        const rel = typeRel(names(s.node['typeName']));
        const state = rel ? this.get(rel) : null;
        const to = s.node['newVal'] as string | undefined;
        if (!state?.values || to === undefined) return;
        const from = s.node['oldVal'] as string | undefined;
        if (from !== undefined) state.values = state.values.map((v) => (v === from ? to : v));
        else if (!state.values.includes(to)) state.values.push(to);
        return;
      }
      case 'RenameStmt': {
        if (s.node['renameType'] !== 'OBJECT_TYPE') return;
        const rel = typeRel(names(asNode(s.node['object'], 'List')?.['items']));
        const to = s.node['newname'] as string | undefined;
        const state = rel ? this.get(rel) : null;
        if (!rel || !state || to === undefined) return;
        const renamed = { schema: rel.schema, name: to };
        this.#types.delete(rel);
        this.#gone.set(rel, true);
        this.#types.set(renamed, state);
        this.#gone.delete(renamed);
        this.#replaced.set(rel, { state, aside: to });
        return;
      }
      case 'DropStmt':
        if (s.node['removeType'] === 'OBJECT_TYPE') {
          for (const rel of droppedTypes(s.node)) {
            this.#types.delete(rel);
            this.#gone.set(rel, true);
          }
        } else if (s.node['removeType'] === 'OBJECT_TABLE') {
          for (const o of list(s.node['objects'])) {
            const parts = names(asNode(o, 'List')?.['items']);
            const table = parts[parts.length - 1];
            if (table === undefined) continue;
            this.#moved.add(`${table}.*`);
            for (const t of this.#types.values()) for (const c of t.columns) if (c.startsWith(`${table}.`)) t.columns.delete(c);
          }
        }
        return;
      case 'CreateStmt': {
        const table = relName(s.node['relation']);
        // Only types the run knows get columns: with none yet, no column to look at.
        if (!table || this.#types.size === 0) return;
        for (const e of list(s.node['tableElts'])) {
          const col = asNode(e, 'ColumnDef');
          if (col) this.#use(`${table.name}.${String(col['colname'])}`, col['typeName']);
        }
        return;
      }
      case 'AlterTableStmt': {
        const alter = alterTable(s);
        if (!alter) return;
        for (const cmd of alter.cmds) {
          if (cmd.subtype !== 'AT_AddColumn' && cmd.subtype !== 'AT_AlterColumnType' && cmd.subtype !== 'AT_DropColumn') continue;
          const column = `${alter.table.name}.${cmd.subtype === 'AT_AddColumn' ? String(cmd.def['colname']) : (cmd.name ?? '')}`;
          if (cmd.subtype !== 'AT_AddColumn') {
            for (const t of this.#types.values()) t.columns.delete(column);
            this.#moved.add(column);
          }
          if ((cmd.subtype === 'AT_AddColumn' || cmd.subtype === 'AT_AlterColumnType') && cmd.defType === 'ColumnDef' && this.#types.size > 0) this.#use(column, cmd.def['typeName']);
        }
        return;
      }
    }
  }

  #use(column: string, typeName: unknown): void {
    const rel = typeRel(names((typeName as AstNode | undefined)?.['names']));
    // Only types the run knows: asking the target about every built-in type would be a lookup per column.
    if (rel) this.#types.get(rel)?.columns.add(column);
  }
}
