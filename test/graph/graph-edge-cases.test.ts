// Graph shapes and output escaping through the built CLI: diamonds, several roots, odd ids, merge refusals.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runShale } from '../helpers/cli.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'shale-graph-edge-'));
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

describe('graph output escaping', () => {
  // `-- depends:` splits on spaces; a module's `depends` array can name ids with spaces.
  const mod = (dep: string, table: string) =>
    `export const depends = [${JSON.stringify(dep)}];\nexport async function up(ctx) { await ctx.query('create table ${table} (id int)'); }\n`;
  const odd = {
    '0001 first "quoted" one.sql': 'create table q (id int);\n',
    "0002 it's #1 <b>.mjs": mod('0001 first "quoted" one', 'r'),
    '0003 back\\slash.sql': 'create table s (id int);\n', // no module: Node refuses to import a path with a backslash
  };

  test('mermaid: labels keep ids whole, with " # < > written as entities', () => {
    const r = runShale(project(odd), ['graph', '--format', 'mermaid']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines[0], 'flowchart TD');
    assert.ok(lines.includes('  m0["0001 first #quot;quoted#quot; one"]'), r.stdout);
    assert.ok(lines.includes(`  m1["0002 it's #35;1 #lt;b#gt;"]`), r.stdout);
    assert.ok(lines.includes('  m2["0003 back\\slash"]'), r.stdout);
    assert.deepEqual(lines.filter((l) => l.includes('-->')), ['  m0 --> m1']);
    // Every label is one quoted string: exactly two raw double quotes per node line.
    for (const l of lines.filter((x) => /^\s+m\d+\[/.test(x))) assert.equal(l.split('"').length, 3, l);
  });

  test('dot: ids are quoted with " and \\ escaped', () => {
    const r = runShale(project(odd), ['graph', '--format', 'dot']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^digraph migrations \{/);
    assert.ok(r.stdout.includes('  "0001 first \\"quoted\\" one" -> "0002 it\'s #1 <b>";'), r.stdout);
    assert.ok(r.stdout.includes('  "0003 back\\\\slash";'), r.stdout);
  });

  test('a dependency on a repeatable migration draws no dangling edge', () => {
    const dir = project({
      'R__views.sql': 'select 1;\n',
      '0001.a.sql': 'create table a (id int);\n',
      '0002.b.sql': '-- depends: 0001.a R__views\ncreate table b (id int);\n',
    });
    const r = runShale(dir, ['graph']);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /undefined/);
    assert.ok(r.stdout.includes('  m0 --> m1'), r.stdout);
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
