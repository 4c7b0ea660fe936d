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

/**
 * Structural equality of plain data (key order insensitive): the same answer as comparing their
 * {@link canonical} texts, without building them. Strings, finite numbers, booleans, null, arrays and
 * plain objects are compared in place (a property that is undefined counts as absent, an undefined
 * array item as null, as in JSON); anything else is compared by its canonical text.
 */
export function sameData(a: unknown, b: unknown): boolean {
  const r = equalPlain(a, b);
  return r === UNSURE ? canonical(a) === canonical(b) : r;
}

const UNSURE = 2;

/** true/false where both values are plain JSON data, UNSURE where JSON's own rules would have to decide. */
function equalPlain(a: unknown, b: unknown): boolean | typeof UNSURE {
  if (a === b) return typeof a === 'number' && !Number.isFinite(a) ? UNSURE : true;
  if (a === null || b === null) return a === null ? isNullInJson(b) : isNullInJson(a);
  const ta = typeof a;
  if (ta !== typeof b) return plainScalar(a) && plainScalar(b) ? false : UNSURE;
  if (ta === 'string' || ta === 'boolean') return false;
  if (ta === 'number') return Number.isFinite(a) && Number.isFinite(b) ? false : UNSURE;
  if (ta !== 'object') return UNSURE;
  const aa = Array.isArray(a);
  if (aa !== Array.isArray(b)) return plainObject(a) && plainObject(b) ? false : UNSURE;
  if (aa) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) {
      const r = equalPlain(x[i] === undefined ? null : x[i], y[i] === undefined ? null : y[i]);
      if (r !== true) return r;
    }
    return true;
  }
  if (!plainObject(a) || !plainObject(b)) return UNSURE;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let n = 0;
  for (const k in x) {
    const v = x[k];
    if (v === undefined) continue;
    n++;
    const w = y[k];
    if (w === undefined) return plainValue(v) ? false : UNSURE;
    const r = equalPlain(v, w);
    if (r !== true) return r;
  }
  let m = 0;
  for (const k in y) {
    const w = y[k];
    if (w === undefined) continue;
    m++;
    if (x[k] === undefined && !plainValue(w)) return UNSURE;
  }
  return n === m;
}

function isNullInJson(v: unknown): boolean | typeof UNSURE {
  if (v === null) return true;
  return plainScalar(v) || (typeof v === 'object' && plainObject(v)) ? false : UNSURE;
}

function plainScalar(v: unknown): boolean {
  return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

function plainObject(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  if (Array.isArray(v)) return true;
  const proto = Object.getPrototypeOf(v) as unknown;
  return (proto === Object.prototype || proto === null) && (v as { toJSON?: unknown }).toJSON === undefined;
}

function plainValue(v: unknown): boolean {
  return v === null || plainScalar(v) || plainObject(v);
}

/** JSON text of plain data with object keys sorted: equal for structurally equal data. */
export function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) =>
    val && typeof val === 'object' && !Array.isArray(val)
      ? Object.fromEntries(Object.entries(val as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : val,
  );
}
