import { canonical } from '../diff-match.js';
import type { Column, Index, Table, Trigger } from './model.js';
import { mentions, sameName, tokenize } from './tokens.js';

/**
 * How one table changes: not at all, by `ALTER TABLE … ADD/DROP COLUMN` (where SQLite allows every
 * part of the change), or by the table rebuild; `reasons` say why ALTER cannot do it.
 */
export type TablePlan =
  | { readonly kind: 'same' }
  | { readonly kind: 'alter'; readonly drop: readonly string[]; readonly add: readonly Column[] }
  | { readonly kind: 'rebuild'; readonly reasons: readonly string[] };

/** What else in the "from" schema names the table's columns (DROP COLUMN refuses such a column). */
export interface TableContext {
  readonly indexes: readonly Index[];
  readonly triggers: readonly Trigger[];
}

/** A column as compared: its written definition and the case of its name do not count. */
export function columnShape(c: Column): Omit<Column, 'definition'> {
  const { definition: _definition, ...rest } = c;
  return { ...rest, name: rest.name.toLowerCase() };
}

const lower = (names: readonly string[]) => names.map((n) => n.toLowerCase());

/** The table's options and constraints as compared (names in any case are one name). */
function constraintsShape(t: Table): unknown {
  return {
    strict: t.strict,
    withoutRowid: t.withoutRowid,
    autoincrement: t.autoincrement,
    uniques: t.uniques.map(lower).map((u) => u.join(',')).sort(),
    checks: t.checks.map((c) => `${c.name?.toLowerCase() ?? ''}|${c.expression}`).sort(),
    foreignKeys: t.foreignKeys.map((f) => canonical({ ...f, columns: lower(f.columns), table: f.table.toLowerCase(), references: lower(f.references) })).sort(),
  };
}

/** The table as compared: its CREATE text, column order and the case of names do not count. */
export function tableShape(t: Table): unknown {
  return { name: t.name.toLowerCase(), ...(constraintsShape(t) as object), columns: t.columns.map(columnShape).sort((a, b) => (a.name < b.name ? -1 : 1)) };
}

const find = (cols: readonly Column[], name: string) => cols.find((c) => sameName(c.name, name));

/** Literal defaults ADD COLUMN accepts (not CURRENT_TIME/DATE/TIMESTAMP, not an expression). */
const CONSTANT = /^(?:[-+] )?(?:'(?:[^']|'')*'|[0-9][0-9A-Za-z_.]*|\.[0-9][0-9A-Za-z_.]*|NULL|TRUE|FALSE|[Xx]'[0-9A-Fa-f]*')$/;

/** Why SQLite's ADD COLUMN cannot add `c` to `to` (null when it can). */
export function addColumnRefusal(c: Column, to: Table): string | null {
  if (c.primaryKey > 0) return `${c.name} is part of the primary key`;
  if (to.uniques.some((u) => u.some((n) => sameName(n, c.name)))) return `${c.name} is UNIQUE`;
  if (c.generated?.stored) return `${c.name} is a STORED generated column`;
  if (c.default !== null && !CONSTANT.test(c.default)) return `${c.name}'s default is not a constant`;
  if (c.notNull && c.generated === null && (c.default === null || c.default === 'NULL')) return `${c.name} is NOT NULL without a default`;
  return null;
}

/** Why SQLite's DROP COLUMN cannot drop `name` from `from` (null when it can). */
export function dropColumnRefusal(name: string, from: Table, ctx: TableContext): string | null {
  const c = find(from.columns, name);
  if (!c) return `${name} does not exist`;
  if (c.primaryKey > 0) return `${name} is part of the primary key`;
  if (from.uniques.some((u) => u.some((n) => sameName(n, name)))) return `${name} is UNIQUE`;
  if (from.foreignKeys.some((f) => f.columns.some((n) => sameName(n, name)))) return `${name} is in a foreign key`;
  const texts = [
    ...ctx.indexes.map((i) => i.sql),
    ...from.checks.map((k) => k.expression),
    ...from.columns.flatMap((o) => (o.generated && !sameName(o.name, name) ? [o.generated.expression] : [])),
    ...ctx.triggers.map((t) => t.sql),
  ];
  if (texts.some((t) => mentions(tokenize(t), name))) return `${name} is named by an index, CHECK, generated column or trigger`;
  return null;
}

/**
 * ALTER or rebuild for a table in both schemas (renames were applied before the diff). ALTER only
 * when the table's constraints and options are unchanged, every column both have is unchanged, and
 * SQLite accepts each ADD and DROP COLUMN; anything else is a rebuild.
 * @example planTable(from, to, { indexes: [], triggers: [] }).kind // 'alter'
 */
export function planTable(from: Table, to: Table, ctx: TableContext): TablePlan {
  if (canonical(tableShape(from)) === canonical(tableShape(to))) return { kind: 'same' };
  const reasons: string[] = [];
  if (canonical(constraintsShape(from)) !== canonical(constraintsShape(to))) reasons.push('its options or table constraints change');
  const drop: string[] = [];
  const add: Column[] = [];
  for (const c of from.columns) {
    const t = find(to.columns, c.name);
    if (!t) drop.push(c.name);
    else if (canonical(columnShape(c)) !== canonical(columnShape(t))) reasons.push(`column ${c.name} changes`);
  }
  for (const c of to.columns) if (!find(from.columns, c.name)) add.push(c);
  for (const name of drop) {
    const why = dropColumnRefusal(name, from, ctx);
    if (why) reasons.push(`DROP COLUMN refuses it: ${why}`);
  }
  for (const c of add) {
    const why = addColumnRefusal(c, to);
    if (why) reasons.push(`ADD COLUMN refuses it: ${why}`);
  }
  return reasons.length > 0 ? { kind: 'rebuild', reasons } : { kind: 'alter', drop, add };
}
