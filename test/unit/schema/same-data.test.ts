// sameData must give exactly the answer of comparing canonical texts, for every value a model can
// hold and for the odd ones (undefined, NaN, functions, Dates) where JSON's rules decide.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonical, sameData } from '../../../src/schema/diff-match.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const fn = (): number => 1;
const date = new Date(0);
const ATOMS: unknown[] = ['', 'a', 'b', 'A', '"', 0, -0, 1, 2.5, NaN, Infinity, -Infinity, true, false, null, undefined, fn, date];

function gen(r: () => number, depth: number): unknown {
  const x = r();
  if (depth <= 0 || x < 0.45) return ATOMS[Math.floor(r() * ATOMS.length)];
  if (x < 0.7) return Array.from({ length: Math.floor(r() * 3) }, () => gen(r, depth - 1));
  const o: Record<string, unknown> = {};
  for (const k of ['a', 'b', 'c', 'toJSON'].slice(0, 3 + (r() < 0.05 ? 1 : 0))) if (r() < 0.6) o[k] = gen(r, depth - 1);
  return o;
}

/** A copy with object keys in reverse order (equal data, other insertion order). */
function reorder(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reorder);
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).reverse().map(([k, w]) => [k, reorder(w)]));
  }
  return v;
}

function byText(a: unknown, b: unknown): boolean | 'throws' {
  try {
    return canonical(a) === canonical(b);
  } catch {
    return 'throws';
  }
}

function bySame(a: unknown, b: unknown): boolean | 'throws' {
  try {
    return sameData(a, b);
  } catch {
    return 'throws';
  }
}

test('sameData agrees with canonical texts on 30,000 random pairs (equal, reordered, near and unrelated)', () => {
  const r = rng(20261204);
  let equal = 0;
  for (let i = 0; i < 30_000; i++) {
    const a = gen(r, 4);
    const b = i % 3 === 0 ? reorder(a) : i % 3 === 1 ? gen(r, 4) : reorder(structuredCloneLoose(a, r));
    const want = byText(a, b);
    if (want === true) equal++;
    assert.equal(bySame(a, b), want, `pair ${i}`);
  }
  assert.ok(equal > 5_000, `only ${equal} equal pairs: the generator does not exercise equality`);
});

/** A copy of `v` with one leaf perhaps changed. */
function structuredCloneLoose(v: unknown, r: () => number): unknown {
  if (Array.isArray(v)) return v.map((w) => structuredCloneLoose(w, r));
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).map(([k, w]) => [k, structuredCloneLoose(w, r)]));
  }
  return r() < 0.1 ? ATOMS[Math.floor(r() * ATOMS.length)] : v;
}

test('JSON rules: an undefined property is absent, an undefined item is null, NaN is null', () => {
  assert.equal(sameData({ a: 1, b: undefined }, { a: 1 }), true);
  assert.equal(sameData([undefined], [null]), true);
  assert.equal(sameData({ a: NaN }, { a: null }), true);
  assert.equal(sameData({ a: fn }, {}), true);
  assert.equal(sameData({}, { a: fn }), true);
  assert.equal(sameData({ a: 1, b: 2 }, { b: 2, a: 1 }), true);
  assert.equal(sameData({ a: [1, { x: 'y' }] }, { a: [1, { x: 'z' }] }), false);
  assert.equal(sameData([], {}), false);
  assert.equal(sameData('1', 1), false);
});
