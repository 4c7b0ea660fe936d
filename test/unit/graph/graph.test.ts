// The dependency graph and the stable topological sort, as data tables (yoyo's expected orders among them).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ancestors, descendants, heads, stableTopoSort, type GraphNode } from '../../../src/core/graph.js';
import { loadMigrations } from '../../../src/core/load.js';
import { isShaleError } from '../../../src/errors.js';
import { memorySource } from '../../../src/sources/memory.js';

/** Nodes named by single letters, in `order`; `edges` like "BA DA" (X depends on Y). */
function nodes(order: string, edges: string): GraphNode[] {
  const deps = new Map<string, string[]>();
  for (const e of edges.split(/\s+/).filter(Boolean)) deps.set(e[0]!, [...(deps.get(e[0]!) ?? []), e[1]!]);
  return [...order].map((id) => ({ id, depends: deps.get(id) ?? [] }));
}
const sorted = (order: string, edges: string): string => stableTopoSort(nodes(order, edges)).map((n) => n.id).join('');

function permutations(s: string): string[] {
  if (s.length <= 1) return [s];
  return [...s].flatMap((c, i) => permutations(s.slice(0, i) + s.slice(i + 1)).map((p) => c + p));
}

describe('B3 stable order without edges', () => {
  const all = permutations('ABCD');
  test('all 24 permutations of 4 items keep their input order', () => {
    assert.equal(all.length, 24);
    for (const p of all) assert.equal(sorted(p, ''), p, p);
  });
});

describe('B4 expected-order table (verbatim from yoyo)', () => {
  const table: [input: string, edges: string, expected: string][] = [
    ['ABCD', 'BA', 'ABCD'],
    ['BACD', 'BA', 'ABCD'],
    ['CABD', 'BA', 'CABD'],
    ['CBAD', 'BA', 'CABD'],
    ['ABCD', 'BA DA', 'ABCD'],
    ['DBCA', 'BA DA', 'CADB'],
    ['ABCDEF', 'BC DE', 'ACBEDF'],
    ['ADEBCF', 'BC DE', 'AEDCBF'],
    ['ADEFBC', 'BC DE', 'AEDFCB'],
    ['DBAFEC', 'BC DE', 'AFEDCB'],
    ['ABCD', 'BA CA DA', 'ABCD'],
    ['DCBA', 'BA CA DA', 'ADCB'],
    ...permutations('ABC').map((p): [string, string, string] => [p, 'BA CA BC', 'ACB']),
    ['ABC', 'CA', 'ABC'],
  ];
  for (const [input, edges, expected] of table) {
    test(`${input} with ${edges} -> ${expected}`, () => assert.equal(sorted(input, edges), expected));
  }
});

describe('B5 dependencies outside the sorted set are ignored', () => {
  const table: [string, GraphNode[], string][] = [
    ['one missing dep', [{ id: 'A', depends: ['Z'] }, { id: 'B', depends: [] }], 'AB'],
    ['missing and present', [{ id: 'B', depends: ['Z', 'A'] }, { id: 'A', depends: [] }], 'AB'],
  ];
  for (const [name, input, expected] of table) {
    test(name, () => assert.equal(stableTopoSort(input).map((n) => n.id).join(''), expected));
  }
});

describe('B6 cycles raise E_CYCLE', () => {
  const table: [string, string, string][] = [
    ['self-loop', 'A', 'AA'],
    ['2-cycle', 'AB', 'AB BA'],
    ['cycle not involving the first node', 'ABC', 'AB BC CB'],
    ['3-cycle', 'ABC', 'AB BC CA'],
  ];
  for (const [name, order, edges] of table) {
    test(`${name}: ${edges}`, () => {
      assert.throws(
        () => sorted(order, edges),
        (e: unknown) => isShaleError(e, 'E_CYCLE') && Array.isArray(e.details['ids']) && (e.details['ids'] as string[]).length > 0,
      );
    });
  }
});

describe('B2 ancestors and descendants', () => {
  // m1 -> {m2, m3}, m2 -> m3, m3 -> m5, m4 -> m5 (X -> Y: X depends on Y)
  const g: GraphNode[] = [
    { id: 'm1', depends: ['m2', 'm3'] },
    { id: 'm2', depends: ['m3'] },
    { id: 'm3', depends: ['m5'] },
    { id: 'm4', depends: ['m5'] },
    { id: 'm5', depends: [] },
  ];
  const table: [fn: 'ancestors' | 'descendants', id: string, expected: string[]][] = [
    ['ancestors', 'm1', ['m2', 'm3', 'm5']],
    ['ancestors', 'm2', ['m3', 'm5']],
    ['ancestors', 'm4', ['m5']],
    ['ancestors', 'm5', []],
    ['descendants', 'm5', ['m1', 'm2', 'm3', 'm4']],
    ['descendants', 'm3', ['m1', 'm2']],
    ['descendants', 'm1', []],
  ];
  for (const [fn, id, expected] of table) {
    test(`${fn}(${id})`, () => {
      const got = fn === 'ancestors' ? ancestors(g, id) : descendants(g, id);
      assert.deepEqual([...got].sort(), expected);
    });
  }
});

describe('B7 heads', () => {
  test('m1, m2 -> m1, m3: heads are m2 and m3', () => {
    const g: GraphNode[] = [
      { id: 'm1', depends: [] },
      { id: 'm2', depends: ['m1'] },
      { id: 'm3', depends: [] },
    ];
    assert.deepEqual(heads(g).map((n) => n.id), ['m2', 'm3']);
  });
});

describe('B1 depends directives through loadMigrations', () => {
  const table: [name: string, files: Record<string, string>, expected: Record<string, string[]>][] = [
    ['one line, two ids', { '1.sql': 'select 1;', '2.sql': 'select 2;', '3.sql': '-- depends: 1 2\nselect 3;' }, { '3': ['1', '2'] }],
    ['repeated lines accumulate', { '1.sql': 'select 1;', '2.sql': 'select 2;', '3.sql': '-- depends: 1\n-- depends: 2\nselect 3;' }, { '3': ['1', '2'] }],
    ['spaces around the colon', { '1.sql': 'select 1;', '2.sql': '-- depends : 1\nselect 2;' }, { '2': ['1'] }],
    ['case-insensitive, CRLF', { '1.sql': 'select 1;', '2.sql': '-- DEPENDS: 1\r\nselect 2;\r\n' }, { '2': ['1'] }],
    ['after a description line', { '1.sql': 'select 1;', '2.sql': '-- add things\n-- depends: 1\nselect 2;' }, { '2': ['1'] }],
    ['empty depends', { '1.sql': '-- depends:\nselect 1;' }, { '1': [] }],
  ];
  for (const [name, files, expected] of table) {
    test(name, async () => {
      const set = await loadMigrations([memorySource(files)]);
      for (const [id, deps] of Object.entries(expected)) assert.deepEqual(set.migrations.find((m) => m.id === id)?.depends, deps);
    });
  }

  test('dependencies reorder the run order (stable sort over natural id order)', async () => {
    const set = await loadMigrations([memorySource({ '1.sql': '-- depends: 3\nselect 1;', '2.sql': 'select 2;', '3.sql': 'select 3;' })]);
    assert.deepEqual(set.migrations.map((m) => m.id), ['2', '3', '1']);
  });

  test('unknown dependency is E_UNKNOWN_DEPENDENCY naming the file and the id', async () => {
    await assert.rejects(loadMigrations([memorySource({ '1.sql': '-- depends: nope\nselect 1;' })]), (e: unknown) => {
      return isShaleError(e, 'E_UNKNOWN_DEPENDENCY') && e.details['dependency'] === 'nope' && e.details['file'] === 'memory:1.sql';
    });
  });

  test('a cycle between files is E_CYCLE naming the files', async () => {
    const files = { 'a.sql': '-- depends: b\nselect 1;', 'b.sql': '-- depends: a\nselect 1;', 'c.sql': '-- depends: a\nselect 1;', 'd.sql': 'select 1;' };
    await assert.rejects(loadMigrations([memorySource(files)]), (e: unknown) => {
      assert.ok(isShaleError(e, 'E_CYCLE'));
      assert.deepEqual([...(e.details['files'] as string[])].sort(), ['memory:a.sql', 'memory:b.sql']);
      assert.ok(e.message.includes('memory:a.sql') && e.message.includes('memory:b.sql'), e.message);
      return true;
    });
  });
});
