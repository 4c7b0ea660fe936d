// The dependency graph on diamonds and several roots: topological order, ancestors and descendants,
// heads, a cycle named without the innocent nodes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ancestors, descendants, heads, stableTopoSort, type GraphNode } from '../../../src/core/graph.js';
import { isShaleError } from '../../../src/errors.js';

const node = (id: string, ...depends: string[]): GraphNode => ({ id, depends });
const ids = (ns: readonly GraphNode[]) => ns.map((n) => n.id).join(' ');

describe('diamonds and several roots', () => {
  // r1 and r2 are roots; l and r both need r1; j joins l, r and r2.
  const nodes = [node('j', 'l', 'r', 'r2'), node('l', 'r1'), node('r', 'r1'), node('r1'), node('r2'), node('x', 'r2')];

  test('each node comes after all of its dependencies, otherwise input order is kept', () => {
    assert.equal(ids(stableTopoSort(nodes)), 'r1 l r r2 j x');
  });

  test('ancestors of the join include the shared root once; descendants of a root cover both arms', () => {
    assert.deepEqual([...ancestors(nodes, 'j')].sort(), ['l', 'r', 'r1', 'r2']);
    assert.deepEqual([...descendants(nodes, 'r1')].sort(), ['j', 'l', 'r']);
    assert.deepEqual([...descendants(nodes, 'r2')].sort(), ['j', 'x']);
    assert.deepEqual([...descendants(nodes, 'j')], []);
  });

  test('heads: the join and the second root’s other child', () => {
    assert.equal(ids(heads(nodes)), 'j x');
  });

  test('a cycle hanging off a diamond is named without the innocent nodes', () => {
    try {
      stableTopoSort([node('a'), node('b', 'a', 'd'), node('c', 'a'), node('d', 'c', 'b')]);
      assert.fail('no cycle error');
    } catch (e) {
      assert.ok(isShaleError(e, 'E_CYCLE'));
      const cycle = e.details['cycle'] as string[];
      assert.deepEqual(new Set(cycle), new Set(['b', 'd']));
      assert.equal(cycle[0], cycle[cycle.length - 1]);
    }
  });

  test('duplicate dependencies are harmless', () => {
    assert.equal(ids(stableTopoSort([node('b', 'a', 'a'), node('a')])), 'a b');
  });
});
