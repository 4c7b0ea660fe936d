/**
 * Whether `ALTER COLUMN … TYPE` rewrites the table. PostgreSQL skips the rewrite when the new type is
 * binary-compatible with the old and its limit is not tighter (varchar(n) → varchar(m ≥ n), → text,
 * numeric(p, s) → numeric(q ≥ p, s)…); every other change rewrites the table and its indexes.
 */
import { asNode, type AstNode, list, names, typeNameOf } from './ast.js';

/** A column type as {@link typeNameOf} reads it. */
export type ColumnType = ReturnType<typeof typeNameOf>;

/** The verdict on a type change: `no` rewrite, a `yes`, or `maybe` when it depends on the unknown old type. */
export interface TypeChange {
  readonly rewrite: 'yes' | 'no' | 'maybe';
  /** Why, for the message (`varchar(20) → varchar(50) only raises the limit`). */
  readonly why: string;
}

const STRINGS = new Set(['varchar', 'text']);
/** Types whose only modifier is a precision or length that may be raised without a rewrite. */
const RAISABLE = new Set(['varchar', 'varbit', 'timestamp', 'timestamptz', 'time', 'timetz']);

/** `varchar(20)`, `numeric(10,2)`, `int4[]` for messages. */
export function typeText(t: ColumnType): string {
  return `${t.name}${t.mods.length > 0 ? `(${t.mods.join(',')})` : ''}${t.array ? '[]' : ''}`;
}

function sameType(a: ColumnType, b: ColumnType): boolean {
  return a.name === b.name && a.array === b.array && a.mods.length === b.mods.length && a.mods.every((m, i) => m === b.mods[i]);
}

/** Whether `from` → `to` keeps every stored value's bytes (the rewrite-free changes). */
function binaryCompatible(from: ColumnType, to: ColumnType): boolean {
  if (from.array || to.array) return sameType(from, to);
  if (STRINGS.has(from.name) && to.name === 'text') return true;
  if (from.name === 'cidr' && to.name === 'inet') return true;
  if (from.name !== to.name) return from.name === 'text' && to.name === 'varchar' && to.mods.length === 0;
  if (to.mods.length === 0) return true; // the limit is dropped
  if (from.mods.length === 0) return false; // a limit is added: every row is checked and rewritten
  if (RAISABLE.has(to.name)) return to.mods[0]! >= from.mods[0]!;
  if (to.name === 'numeric') return to.mods[0]! >= from.mods[0]! && (to.mods[1] ?? 0) === (from.mods[1] ?? 0);
  return sameType(from, to);
}

/** Whether no old type of the column could make the change rewrite-free (the target family is never binary-compatible). */
function couldBeFree(to: ColumnType): boolean {
  return !to.array && (STRINGS.has(to.name) || RAISABLE.has(to.name) || to.name === 'numeric' || to.name === 'inet');
}

/**
 * The rewrite verdict for changing a column of type `from` (undefined when shale did not see it
 * defined) to `to`; `plainUsing` is false when a `USING` expression computes new values.
 * @example typeChange({ name: 'varchar', mods: [20], array: false }, { name: 'text', mods: [], array: false }, true).rewrite // 'no'
 */
export function typeChange(from: ColumnType | undefined, to: ColumnType, plainUsing: boolean): TypeChange {
  if (!plainUsing) return { rewrite: 'yes', why: 'the USING expression computes a new value for every row' };
  if (from) {
    const change = `${typeText(from)} → ${typeText(to)}`;
    return binaryCompatible(from, to)
      ? { rewrite: 'no', why: `${change} is binary-compatible and does not tighten a limit, so no rewrite` }
      : { rewrite: 'yes', why: `${change} rewrites the table and rebuilds its indexes` };
  }
  return couldBeFree(to)
    ? { rewrite: 'maybe', why: `shale did not see the column's current type: → ${typeText(to)} does not rewrite from a binary-compatible type with a lower limit, and rewrites the table from any other` }
    : { rewrite: 'yes', why: `→ ${typeText(to)} rewrites the table and rebuilds its indexes (unless the type is unchanged)` };
}

/** Whether a `USING` clause only casts the column itself (or is absent): the change is then decided by the types. */
export function isPlainUsing(using: unknown, column: string): boolean {
  if (using === undefined) return true;
  const cast = asNode(using, 'TypeCast');
  const target = cast ? cast['arg'] : using;
  const ref = asNode(target, 'ColumnRef') as AstNode | null;
  const fields = names(ref?.['fields']);
  return ref !== null && list(ref['fields']).length === fields.length && fields[fields.length - 1] === column;
}
