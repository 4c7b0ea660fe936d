import { KeyMap, type EditKey } from './keys.js';

/** Two lists of keyed objects paired up: only in `to`, only in `from`, in both (`[from, to]`). */
export interface Matched<T> {
  readonly added: T[];
  readonly removed: T[];
  readonly both: [T, T][];
}

/**
 * Pair up the objects of two models by key, keeping each list's order.
 * @example const { added, removed, both } = matchByKey(from.tables, to.tables)
 */
export function matchByKey<T extends { readonly key: EditKey }>(from: readonly T[], to: readonly T[]): Matched<T> {
  const a = new KeyMap<T>(from.map((x) => [x.key, x]));
  const b = new KeyMap<T>(to.map((x) => [x.key, x]));
  const out: Matched<T> = { added: [], removed: [], both: [] };
  for (const x of from) {
    const y = b.get(x.key);
    if (y) out.both.push([x, y]);
    else out.removed.push(x);
  }
  for (const y of to) if (!a.has(y.key)) out.added.push(y);
  return out;
}

/** Structural equality of plain data (key order insensitive). */
export function sameData(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/** JSON text of plain data with object keys sorted: equal for structurally equal data. */
export function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) =>
    val && typeof val === 'object' && !Array.isArray(val)
      ? Object.fromEntries(Object.entries(val as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : val,
  );
}
