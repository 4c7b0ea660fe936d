// Graph output through the built CLI: ids with quotes, #, <, > and backslashes in mermaid and dot,
// and no dangling edge to a repeatable migration.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runShale } from '../../helpers/cli.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'shale-graph-escape-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'migrations'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'migrations', name), text);
  return dir;
}

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
