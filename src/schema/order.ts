import { ShaleError } from '../errors.js';
import { KeyMap, keyId, relationOf, type ObjectKey, type EditKey } from './keys.js';

/** `from` needs `to` to exist (e.g. a view needs its tables); `soft` when only guessed (from a function body). */
export interface Dependency {
  readonly from: ObjectKey;
  readonly to: ObjectKey;
  readonly soft?: boolean;
}

/**
 * How a change touches its object: `drop` removes it (or the part named by `key`), `release` frees its
 * name without removing it, `create` makes it, `alter` changes it in place.
 */
export type EditOp = 'drop' | 'release' | 'create' | 'alter';

/** A change (of any dialect's change union) with what ordering needs to know about it. */
export interface Edit<C> {
  readonly change: C;
  readonly op: EditOp;
  /** The name slot: a create waits for drops and releases of the same slot. */
  readonly key: EditKey;
  /** The object whose dependencies apply (defaults to `key`). */
  readonly depKey?: EditKey;
  /** Tie-break between independent edits: lower runs first (drops early, grants late). */
  readonly rank: number;
  /** Keys whose edits (any op) must run first, beyond what the dependency graphs say. */
  readonly needs?: readonly EditKey[];
}

/** Dialect knowledge that ordering needs beyond the edits and the two dependency graphs. */
export interface OrderOptions {
  /**
   * A dependency of `from` that an alter of its object no longer has by the time it runs (in
   * PostgreSQL, what a column's default called, once an edit of the plan dropped that default): it
   * does not hold the alter before the drop of what it pointed to.
   */
  readonly outlived?: (d: Dependency) => boolean;
}

/**
 * Order edits by real dependencies:
 * - a drop or alter of P runs before the drop of anything P depended on in `from`, and a drop of P
 *   before an alter of what it depended on (dependents go first, e.g. views around a column change);
 * - a create or alter of P runs after the create or alter of anything P depends on in `to`;
 * - a create runs after the drop/release of the same name.
 * Independent edits keep rank order. "Soft" dependencies (found in function bodies) are dropped if
 * they would make a cycle: first those of `from` (nothing holds them when objects are dropped: a body
 * that named a dropped relation is only checked when it runs), then those of `to` as well.
 * @example const changes = orderEdits(out.edits, from.dependencies, to.dependencies)
 */
export function orderEdits<C extends { readonly kind: string }>(
  edits: readonly Edit<C>[], from: readonly Dependency[], to: readonly Dependency[], opts: OrderOptions = {},
): C[] {
  const sorted = sortEdits(edits, from, to, opts, { from: true, to: true });
  if (sorted.ok) return sorted.changes;
  const newSoft = sortEdits(edits, from, to, opts, { from: false, to: true });
  if (newSoft.ok) return newSoft.changes;
  const hard = sortEdits(edits, from, to, opts, { from: false, to: false });
  if (hard.ok) return hard.changes;
  throw new ShaleError('E_CYCLE', `dependency cycle between schema changes: ${hard.stuck.slice(0, 5).join(', ')}`, { stuck: hard.stuck });
}

/** The edits in order, or the edits a dependency cycle leaves unordered. */
type Sorted<C> = { readonly ok: true; readonly changes: C[] } | { readonly ok: false; readonly stuck: string[] };

/** Which graphs' soft dependencies a sort honours. */
interface SoftUse {
  readonly from: boolean;
  readonly to: boolean;
}

function sortEdits<C extends { readonly kind: string }>(
  edits: readonly Edit<C>[], from: readonly Dependency[], to: readonly Dependency[], opts: OrderOptions, withSoft: SoftUse,
): Sorted<C> {
  const byDep = new KeyMap<number[]>();
  const bySlot = new KeyMap<number[]>();
  edits.forEach((s, i) => {
    push(byDep, s.depKey ?? s.key, i);
    push(bySlot, s.key, i);
  });
  const editsOf = (key: ObjectKey, ops: readonly EditOp[]): number[] => {
    const own = byDep.get(key);
    if (own) return own.filter((i) => ops.includes(edits[i]!.op));
    // A column without edits of its own is dropped and created with its table.
    const table = relationOf(key);
    if (table === null) return [];
    return (byDep.get(table) ?? []).filter((i) => ops.includes(edits[i]!.op) && (edits[i]!.op === 'drop' || edits[i]!.op === 'create'));
  };
  const edges: Set<number>[] = edits.map(() => new Set());
  const indeg = new Array<number>(edits.length).fill(0);
  const edge = (a: number, b: number) => {
    if (a === b || edges[a]!.has(b)) return;
    edges[a]!.add(b);
    indeg[b]!++;
  };

  for (const d of from) {
    if (d.soft && !withSoft.from) continue;
    const ps = editsOf(d.from, ['drop', 'alter']);
    if (ps.length === 0) continue;
    const qDrops = editsOf(d.to, ['drop']);
    const qChanges = editsOf(d.to, ['alter', 'release']);
    const outlived = opts.outlived?.(d) === true;
    for (const p of ps) {
      if (edits[p]!.op === 'alter' && outlived) continue;
      for (const q of qDrops) edge(p, q);
      // A drop names its object's old dependencies (e.g. argument types), so it runs before they change or
      // are renamed; not so the drop of a type renamed aside (depKey set), which names nothing else.
      if (edits[p]!.op === 'drop' && edits[p]!.depKey === undefined) for (const q of qChanges) edge(p, q);
    }
  }
  for (const d of to) {
    if (d.soft && !withSoft.to) continue;
    const ps = editsOf(d.from, ['create', 'alter']);
    if (ps.length === 0) continue;
    for (const q of editsOf(d.to, ['create', 'alter'])) for (const p of ps) edge(q, p);
  }
  edits.forEach((s, i) => {
    if (s.op === 'create' || s.op === 'alter') {
      for (const j of bySlot.get(s.key) ?? []) if (edits[j]!.op === 'drop' || edits[j]!.op === 'release') edge(j, i);
    }
    for (const k of s.needs ?? []) for (const j of byDep.get(k) ?? []) edge(j, i);
  });

  const heap = new MinHeap((a: number, b: number) => edits[a]!.rank - edits[b]!.rank || a - b);
  indeg.forEach((d, i) => d === 0 && heap.push(i));
  const out: C[] = [];
  while (heap.size > 0) {
    const i = heap.pop();
    out.push(edits[i]!.change);
    for (const j of edges[i]!) if (--indeg[j]! === 0) heap.push(j);
  }
  if (out.length !== edits.length) return { ok: false, stuck: edits.filter((_, i) => indeg[i]! > 0).map((s) => `${s.change.kind} ${keyId(s.key)}`) };
  return { ok: true, changes: out };
}

function push(m: KeyMap<number[]>, k: EditKey, v: number): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

class MinHeap<T> {
  private readonly items: T[] = [];
  constructor(private readonly less: (a: T, b: T) => number) {}
  get size(): number {
    return this.items.length;
  }
  push(x: T): void {
    const a = this.items;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.less(a[i]!, a[p]!) >= 0) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }
  pop(): T {
    const a = this.items;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l]!, a[m]!) < 0) m = l;
        if (r < a.length && this.less(a[r]!, a[m]!) < 0) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}
