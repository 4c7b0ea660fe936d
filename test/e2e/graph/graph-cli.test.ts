// `shale heads`, `shale graph`, `shale merge` through the built CLI (run `npm run build` first).
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runShale } from '../../helpers/cli.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'shale-graph-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'migrations'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'migrations', name), text);
  return dir;
}

const branched = {
  '0001.base.sql': 'create table base (id int);\n',
  '0002.left.sql': '-- depends: 0001.base\ncreate table left_t (id int);\n',
  '0003.right.sql': '-- depends: 0001.base\ncreate table right_t (id int);\n',
};

describe('heads', () => {
  test('lists every migration nothing depends on', () => {
    const dir = project(branched);
    const r = runShale(dir, ['heads']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n'), ['0002.left', '0003.right']);
  });

  test('--json', () => {
    const dir = project(branched);
    const r = runShale(dir, ['heads', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { heads: { id: string; depends: string[] }[] };
    assert.deepEqual(doc.heads.map((h) => h.id), ['0002.left', '0003.right']);
    assert.deepEqual(doc.heads[0]!.depends, ['0001.base']);
  });

  test('a set without dependencies is a chain: its head is the last migration', () => {
    const dir = project({ '0001.a.sql': 'select 1;\n', '0002.b.sql': 'select 1;\n', '0010.c.sql': 'select 1;\n' });
    const r = runShale(dir, ['heads']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), '0010.c');
  });
});

describe('graph', () => {
  test('mermaid: one node per migration, one edge per dependency', () => {
    const dir = project(branched);
    const r = runShale(dir, ['graph', '--format', 'mermaid']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      ['flowchart TD', '  m0["0001.base"]', '  m1["0002.left"]', '  m2["0003.right"]', '  m0 --> m1', '  m0 --> m2', ''].join('\n'),
    );
  });

  test('dot', () => {
    const dir = project(branched);
    const r = runShale(dir, ['graph', '--format', 'dot']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^digraph migrations \{/);
    assert.match(r.stdout, /"0001\.base" -> "0002\.left";/);
    assert.match(r.stdout, /"0001\.base" -> "0003\.right";/);
    assert.equal((r.stdout.match(/->/g) ?? []).length, 2);
  });

  test('without declared dependencies the natural order chain is drawn (--json)', () => {
    const dir = project({ '0002.b.sql': 'select 1;\n', '0001.a.sql': 'select 1;\n', '0010.c.sql': 'select 1;\n' });
    const r = runShale(dir, ['graph', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { implicitOrder: boolean; nodes: { id: string }[]; edges: { from: string; to: string }[] };
    assert.equal(doc.implicitOrder, true);
    assert.deepEqual(doc.nodes.map((n) => n.id), ['0001.a', '0002.b', '0010.c']);
    assert.deepEqual(doc.edges, [
      { from: '0001.a', to: '0002.b' },
      { from: '0002.b', to: '0010.c' },
    ]);
  });

  test('the help text documents the chain choice', () => {
    const r = runShale(tmpdir(), ['graph', '--help']);
    assert.match(r.stdout.replace(/\s+/g, ' '), /no migration declares a dependency/);
  });

  test('an unknown format is a usage error', () => {
    const dir = project(branched);
    const r = runShale(dir, ['graph', '--format', 'svg']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /unknown --format "svg"/);
  });
});

describe('merge', () => {
  test('writes a migration depending on all heads; it applies and leaves one head', () => {
    const dir = project(branched);
    const r = runShale(dir, ['merge', 'join branches']);
    assert.equal(r.code, 0, r.stderr);
    const created = readdirSync(join(dir, 'migrations')).filter((f) => /join_branches\.sql$/.test(f));
    assert.equal(created.length, 1);
    const text = readFileSync(join(dir, 'migrations', created[0]!), 'utf8');
    assert.match(text, /^-- depends: 0002\.left 0003\.right$/m);
    const id = created[0]!.slice(0, -4);

    const heads = runShale(dir, ['heads']);
    assert.equal(heads.stdout.trim(), id);
    const again = runShale(dir, ['merge']);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /nothing to merge: the migrations have one head/);

    const db = `sqlite:${join(dir, 'app.db')}`;
    const up = runShale(dir, ['--db', db, 'up']);
    assert.equal(up.code, 0, up.stderr);
    const status = JSON.parse(runShale(dir, ['--db', db, 'status', '--json']).stdout) as { counts: { applied: number; pending: number } };
    assert.equal(status.counts.applied, 4);
    assert.equal(status.counts.pending, 0);
  });

  test('refused with one head: nothing written', () => {
    const dir = project({ '0001.a.sql': 'select 1;\n', '0002.b.sql': '-- depends: 0001.a\nselect 1;\n' });
    const r = runShale(dir, ['merge']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /nothing to merge: the migrations have one head \(0002\.b\)/);
    assert.equal(readdirSync(join(dir, 'migrations')).length, 2);
  });

  test('refused for a plain chain and for an empty set', () => {
    const chain = project({ '0001.a.sql': 'select 1;\n', '0002.b.sql': 'select 1;\n' });
    assert.equal(runShale(chain, ['merge']).code, 1);
    const empty = project({});
    const r = runShale(empty, ['merge']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no head/);
  });
});
