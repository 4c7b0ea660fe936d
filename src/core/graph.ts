import { ShaleError } from '../errors.js';

/** The smallest thing the graph needs: an id and what it depends on. */
export interface GraphNode {
  readonly id: string;
  readonly depends: readonly string[];
}

/**
 * Stable topological sort (yoyo 8 behaviour, specs/yoyo-behaviours.md §B): each node is emitted as
 * early as its dependencies allow, otherwise input order is kept. Dependencies on ids not in `nodes`
 * are ignored (B5). A cycle throws E_CYCLE naming the nodes involved.
 */
export function stableTopoSort<T extends GraphNode>(nodes: readonly T[]): T[] {
  const index = new Map<string, number>();
  nodes.forEach((n, i) => index.set(n.id, i));
  const emitted = new Set<string>();
  const blockedOn = new Map<string, number[]>(); // dependency id → indexes waiting on it
  const out: T[] = [];
  // The smallest ready index comes first; a heap keeps that O(log n) at 10,000 migrations (a sorted
  // list with shift/includes made the sort quadratic). 0…n-1 in order is already a heap.
  const ready = new MinHeap(nodes.map((_, i) => i));
  const queued = new Uint8Array(nodes.length).fill(1);
  const waiting = new Uint8Array(nodes.length);
  while (ready.size > 0) {
    const i = ready.pop();
    queued[i] = 0;
    const node = nodes[i]!;
    const unmet = node.depends.filter((d) => index.has(d) && !emitted.has(d));
    if (unmet.length === 0) {
      emitted.add(node.id);
      waiting[i] = 0;
      out.push(node);
      const unblocked = blockedOn.get(node.id) ?? [];
      blockedOn.delete(node.id);
      for (const j of unblocked) {
        if (waiting[j] && !queued[j]) {
          queued[j] = 1;
          ready.push(j);
        }
      }
    } else {
      waiting[i] = 1;
      for (const d of unmet) {
        const list = blockedOn.get(d) ?? [];
        list.push(i);
        blockedOn.set(d, list);
      }
    }
  }
  if (out.length < nodes.length) {
    const stuck = nodes.filter((n) => !emitted.has(n.id)).map((n) => n.id);
    const cycle = findCycle(nodes, index, stuck);
    throw new ShaleError('E_CYCLE', `dependency cycle among migrations: ${cycle.join(' -> ')}`, { ids: stuck, cycle });
  }
  return out;
}

/** A binary min-heap of numbers. */
class MinHeap {
  readonly #a: number[];
  constructor(sorted: number[]) {
    this.#a = sorted;
  }
  get size(): number {
    return this.#a.length;
  }
  push(v: number): void {
    const a = this.#a;
    let i = a.push(v) - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]! <= v) break;
      a[i] = a[p]!;
      i = p;
    }
    a[i] = v;
  }
  /** The smallest value; only called when size > 0. */
  pop(): number {
    const a = this.#a;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= a.length) break;
      const c = l + 1 < a.length && a[l + 1]! < a[l]! ? l + 1 : l;
      if (a[c]! >= last) break;
      a[i] = a[c]!;
      i = c;
    }
    a[i] = last;
    return top;
  }
}

function findCycle(nodes: readonly GraphNode[], index: Map<string, number>, stuck: string[]): string[] {
  const stuckSet = new Set(stuck);
  const start = stuck[0]!;
  const path: string[] = [];
  const seen = new Map<string, number>();
  let cur: string | undefined = start;
  while (cur !== undefined && !seen.has(cur)) {
    seen.set(cur, path.length);
    path.push(cur);
    const node: GraphNode = nodes[index.get(cur)!]!;
    cur = node.depends.find((d) => stuckSet.has(d));
  }
  if (cur === undefined) return stuck;
  return [...path.slice(seen.get(cur)!), cur];
}

/** Ids reachable through `depends` (transitive dependencies), not including `id`. */
export function ancestors(nodes: readonly GraphNode[], id: string): Set<string> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const out = new Set<string>();
  const stack = [...(byId.get(id)?.depends ?? [])];
  while (stack.length) {
    const d = stack.pop()!;
    if (out.has(d) || !byId.has(d)) continue;
    out.add(d);
    stack.push(...byId.get(d)!.depends);
  }
  return out;
}

/** Ids that depend on `id`, transitively, not including `id`. */
export function descendants(nodes: readonly GraphNode[], id: string): Set<string> {
  const dependents = new Map<string, string[]>();
  for (const n of nodes) {
    for (const d of n.depends) {
      const list = dependents.get(d);
      if (list) list.push(n.id);
      else dependents.set(d, [n.id]);
    }
  }
  const out = new Set<string>();
  const stack = [...(dependents.get(id) ?? [])];
  while (stack.length) {
    const d = stack.pop()!;
    if (out.has(d)) continue;
    out.add(d);
    stack.push(...(dependents.get(d) ?? []));
  }
  return out;
}

/** Nodes nobody depends on (yoyo B7), in input order. */
export function heads<T extends GraphNode>(nodes: readonly T[]): T[] {
  const depended = new Set(nodes.flatMap((n) => n.depends));
  return nodes.filter((n) => !depended.has(n.id));
}
