import { ShaleError } from '../errors.js';
import type { Change } from './change.js';
import { tableKeyOfColumn } from './keys.js';
import type { Dependency } from './model.js';

/**
 * How a change touches its object: `drop` removes it (or the part named by `key`), `release` frees its
 * name without removing it, `create` makes it, `alter` changes it in place.
 */
export type StepOp = 'drop' | 'release' | 'create' | 'alter';

/** A change with what ordering needs to know about it. */
export interface Step {
  readonly change: Change;
  readonly op: StepOp;
  /** The name slot: a create waits for drops and releases of the same slot. */
  readonly key: string;
  /** The object whose dependencies apply (defaults to `key`). */
  readonly depKey?: string;
  /** Tie-break between independent steps: lower runs first (drops early, grants late). */
  readonly rank: number;
  /** Keys whose steps (any op) must run first, beyond what the dependency graphs say. */
  readonly needs?: readonly string[];
}

/**
 * Order steps by real dependencies:
 * - a drop or alter of P runs before the drop of anything P depended on in `from`, and a drop of P
 *   before an alter of what it depended on (dependents go first, e.g. views around a column change);
 * - a create or alter of P runs after the create or alter of anything P depends on in `to`;
 * - a create runs after the drop/release of the same name.
 * Independent steps keep rank order. "Soft" dependencies (found in function bodies) are dropped if
 * they would make a cycle.
 */
export function orderSteps(steps: readonly Step[], from: readonly Dependency[], to: readonly Dependency[]): Change[] {
  const sorted = sortSteps(steps, from, to, true);
  if (sorted.ok) return sorted.changes;
  const hard = sortSteps(steps, from, to, false);
  if (hard.ok) return hard.changes;
  throw new ShaleError('E_CYCLE', `dependency cycle between schema changes: ${hard.stuck.slice(0, 5).join(', ')}`, { stuck: hard.stuck });
}

/** The steps in order, or the steps a dependency cycle leaves unordered. */
type Sorted = { readonly ok: true; readonly changes: Change[] } | { readonly ok: false; readonly stuck: string[] };

function sortSteps(steps: readonly Step[], from: readonly Dependency[], to: readonly Dependency[], withSoft: boolean): Sorted {
  const byDep = new Map<string, number[]>();
  const bySlot = new Map<string, number[]>();
  steps.forEach((s, i) => {
    push(byDep, s.depKey ?? s.key, i);
    push(bySlot, s.key, i);
  });
  const stepsOf = (key: string, ops: readonly StepOp[]): number[] => {
    const own = byDep.get(key);
    if (own) return own.filter((i) => ops.includes(steps[i]!.op));
    const table = tableKeyOfColumn(key);
    if (table === null) return [];
    return (byDep.get(table) ?? []).filter((i) => ops.includes(steps[i]!.op) && (steps[i]!.op === 'drop' || steps[i]!.op === 'create'));
  };
  const edges: Set<number>[] = steps.map(() => new Set());
  const indeg = new Array<number>(steps.length).fill(0);
  const edge = (a: number, b: number) => {
    if (a === b || edges[a]!.has(b)) return;
    edges[a]!.add(b);
    indeg[b]!++;
  };

  // A column whose old default is dropped by a step of its own no longer calls what that default
  // called: its later alter (setting the new default) need not run before those objects are dropped.
  const defaultDropped = new Set(steps.flatMap((s) => (s.change.kind === 'dropColumnDefault' ? [s.key] : [])));
  const viaDefault = (d: Dependency) => defaultDropped.has(d.from) && !d.to.startsWith('type:') && !d.to.startsWith('coll:');
  for (const d of from) {
    const ps = stepsOf(d.from, ['drop', 'alter']);
    if (ps.length === 0) continue;
    const qDrops = stepsOf(d.to, ['drop']);
    const qChanges = stepsOf(d.to, ['alter', 'release']);
    for (const p of ps) {
      if (steps[p]!.op === 'alter' && viaDefault(d)) continue;
      for (const q of qDrops) edge(p, q);
      // A drop names its object's old dependencies (e.g. argument types), so it runs before they change or
      // are renamed; not so the drop of a type renamed aside (depKey set), which names nothing else.
      if (steps[p]!.op === 'drop' && steps[p]!.depKey === undefined) for (const q of qChanges) edge(p, q);
    }
  }
  for (const d of to) {
    if (d.soft && !withSoft) continue;
    const ps = stepsOf(d.from, ['create', 'alter']);
    if (ps.length === 0) continue;
    for (const q of stepsOf(d.to, ['create', 'alter'])) for (const p of ps) edge(q, p);
  }
  steps.forEach((s, i) => {
    if (s.op === 'create' || s.op === 'alter') {
      for (const j of bySlot.get(s.key) ?? []) if (steps[j]!.op === 'drop' || steps[j]!.op === 'release') edge(j, i);
    }
    for (const k of s.needs ?? []) for (const j of byDep.get(k) ?? []) edge(j, i);
  });

  const heap = new MinHeap((a: number, b: number) => steps[a]!.rank - steps[b]!.rank || a - b);
  indeg.forEach((d, i) => d === 0 && heap.push(i));
  const out: Change[] = [];
  while (heap.size > 0) {
    const i = heap.pop();
    out.push(steps[i]!.change);
    for (const j of edges[i]!) if (--indeg[j]! === 0) heap.push(j);
  }
  if (out.length !== steps.length) return { ok: false, stuck: steps.filter((_, i) => indeg[i]! > 0).map((s) => s.change.kind + ' ' + s.key) };
  return { ok: true, changes: out };
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
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
