// The heap-based stable topological sort gives exactly the order of the simple definition (take the
// smallest ready index; a node whose dependencies are not all emitted waits until they are), on
// random graphs large enough to have every shape; and Flyway's versionKey is equal exactly when
// compareVersions says two versions are the same.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stableTopoSort, type GraphNode } from '../../../src/core/graph.js';
import { compareVersions, versionKey } from '../../../src/core/natural-order.js';

/** The definition, quadratic and obviously right: repeatedly emit the first node (in input order) whose dependencies are all emitted. */
function reference(nodes: readonly GraphNode[]): string[] {
  const known = new Set(nodes.map((n) => n.id));
  const emitted = new Set<string>();
  const out: string[] = [];
  const left = [...nodes];
  while (left.length > 0) {
    const i = left.findIndex((n) => n.depends.every((d) => !known.has(d) || emitted.has(d)));
    assert.ok(i >= 0, 'the random graphs have no cycles');
    const [n] = left.splice(i, 1);
    emitted.add(n!.id);
    out.push(n!.id);
  }
  return out;
}

/** A seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

test('the heap-based sort gives the order of the definition on random acyclic graphs', () => {
  for (let seed = 1; seed <= 40; seed++) {
    const r = random(seed);
    const n = 50 + Math.floor(r() * 400);
    // Dependencies point to a random other node of a hidden order, so there is no cycle; the input
    // order is a shuffle of it, so nodes wait on later ones too; some depend on unknown ids.
    const hidden = Array.from({ length: n }, (_, i) => `m${i}`);
    const nodes = hidden.map((id, i) => ({
      id,
      depends: [
        ...Array.from({ length: Math.floor(r() * 3) }, () => (i > 0 ? hidden[Math.floor(r() * i)]! : 'gone')),
        ...(r() < 0.05 ? ['not-a-migration'] : []),
      ],
    }));
    for (let i = nodes.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [nodes[i], nodes[j]] = [nodes[j]!, nodes[i]!];
    }
    assert.deepEqual(stableTopoSort(nodes).map((x) => x.id), reference(nodes), `seed ${seed}`);
  }
});

test('versionKey(a) === versionKey(b) exactly when compareVersions(a, b) === 0', () => {
  const r = random(7);
  const part = () => ['0', '00', '1', '01', '2', '10', '010', 'a', ''][Math.floor(r() * 9)]!;
  const version = () => Array.from({ length: 1 + Math.floor(r() * 4) }, part).join('.');
  for (let k = 0; k < 5000; k++) {
    const [a, b] = [version(), version()];
    assert.equal(versionKey(a) === versionKey(b), compareVersions(a, b) === 0, `${a} vs ${b}`);
  }
});
