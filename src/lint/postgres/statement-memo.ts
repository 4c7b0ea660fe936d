/**
 * What several rules read of the same statement (its ALTER TABLE commands, column types, locks),
 * worked out once per statement: every rule sees the same `PgStatement` object, so the memo rides on
 * it, under a symbol no rule reads (a WeakMap lookup per call cost more than the work it saved).
 */
const MEMO = Symbol('statement memo');

// A Map per statement: the keys come in whatever order the rules ask, and an object given them in
// many orders makes as many shapes, which left the `in` test megamorphic.
type Memoized = { [MEMO]?: Map<string, unknown> };

/**
 * `compute(s)` the first time `key` is asked for `s`, the same value after. The value must be treated
 * as read-only by every caller (they share it).
 * @example const alter = statementMemo(s, 'alterTable', readAlterTable);
 */
export function statementMemo<S extends object, T>(s: S, key: string, compute: (s: S) => T): T {
  const memo = ((s as Memoized)[MEMO] ??= new Map());
  if (memo.has(key)) return memo.get(key) as T;
  const value = compute(s);
  memo.set(key, value);
  return value;
}
