// Graph shapes through the built CLI: diamonds and several roots (heads, edges, applying order,
// merging the heads), and merge refusing when there is nothing to merge.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runShale } from '../../helpers/cli.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'shale-graph-shape-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'migrations'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'migrations', name), text);
  return dir;
}

// Two roots (a, b); c and d both need a; e joins c and d (a diamond) and b.
const diamond = {
  '0001.a.sql': 'create table a (id int);\n',
  '0002.b.sql': 'create table b (id int);\n',
  '0003.c.sql': '-- depends: 0001.a\ncreate table c (id int);\n',
  '0004.d.sql': '-- depends: 0001.a\ncreate table d (id int);\n',
  '0005.e.sql': '-- depends: 0003.c 0004.d 0002.b\ncreate table e (id int);\n',
  '0006.f.sql': '-- depends: 0001.a\ncreate table f (id int);\n',
};

describe('diamonds and several roots', () => {
  test('heads: the join and the other branch, once each', () => {
    const r = runShale(project(diamond), ['heads']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n'), ['0005.e', '0006.f']);
  });

  test('graph --json: one edge per declared dependency, no implicit chain', () => {
    const r = runShale(project(diamond), ['graph', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { implicitOrder: boolean; edges: { from: string; to: string }[]; nodes: { id: string }[] };
    assert.equal(doc.implicitOrder, false);
    assert.equal(doc.nodes.length, 6);
    assert.deepEqual(
      doc.edges.map((e) => `${e.from}>${e.to}`).sort(),
      ['0001.a>0003.c', '0001.a>0004.d', '0001.a>0006.f', '0002.b>0005.e', '0003.c>0005.e', '0004.d>0005.e'],
    );
  });

  test('up applies a diamond in a dependency-respecting order and merge joins the two heads', () => {
    const dir = project(diamond);
    const m = runShale(dir, ['merge', 'join']);
    assert.equal(m.code, 0, m.stderr);
    const up = runShale(dir, ['up', '--db', `sqlite:${join(dir, 't.db')}`]);
    assert.equal(up.code, 0, up.stderr);
    const h = runShale(dir, ['heads']);
    assert.equal(h.stdout.trim().split('\n').length, 1);
    assert.match(h.stdout, /_join$/m);
  });
});

describe('merge refusals', () => {
  test('one declared head: exit 1, the message names the head, nothing written', () => {
    const dir = project({
      '0001.a.sql': 'create table a (id int);\n',
      '0002.b.sql': '-- depends: 0001.a\ncreate table b (id int);\n',
    });
    const r = runShale(dir, ['merge', 'x']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /nothing to merge: the migrations have one head \(0002\.b\)/);
    assert.equal(readdirSync(join(dir, 'migrations')).length, 2);
  });

  test('--json reports the error with the heads', () => {
    const dir = project({ '0001.a.sql': 'create table a (id int);\n' });
    const r = runShale(dir, ['merge', '--json']);
    assert.equal(r.code, 1);
    assert.equal(readdirSync(join(dir, 'migrations')).length, 1);
  });
});
