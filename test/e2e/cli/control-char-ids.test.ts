// A migration file name with a newline (or another control character) gives an id that, printed raw,
// would split a line in two: the CLI shows such ids escaped, JSON-style, wherever it prints an id.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { displayId } from '../../../src/cli/display-id.js';
import { shale, tempDir } from '../../helpers/cli.js';

const NL = '0002_two\nlines';
const TAB = '0003_tab\there';

function project(files: Record<string, string>): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'migrations'));
  for (const [n, t] of Object.entries(files)) writeFileSync(join(dir, 'migrations', n), t);
  return dir;
}

const db = (dir: string) => ['--db', `sqlite:${join(dir, 'app.db')}`];

/** Every output line that mentions a part of the id stands alone: the id never spans two lines. */
function assertEscaped(text: string, id: string): void {
  const escaped = displayId(id);
  assert.ok(text.includes(escaped), `expected ${JSON.stringify(escaped)} in:\n${text}`);
  assert.ok(!text.includes(id), `raw id printed in:\n${text}`);
}

describe('ids with control characters', { concurrency: true }, () => {
  it('displayId escapes control characters only', () => {
    assert.equal(displayId('0001_plain "quoted" \\ é'), '0001_plain "quoted" \\ é');
    assert.equal(displayId(NL), '0002_two\\nlines');
    assert.equal(displayId(TAB), '0003_tab\\there');
    assert.equal(displayId('a\u001bb"\\'), 'a\\u001bb\\"\\\\');
  });

  it('up progress, status, history, heads and graph print the id escaped, on one line', async () => {
    const dir = project({ '0001_a.sql': 'create table a (id int);', [`${NL}.sql`]: 'create table b (id int);', [`${TAB}.sql`]: 'create table c (id int);' });
    const up = await shale([...db(dir), 'up'], { cwd: dir });
    assert.equal(up.code, 0, up.stderr);
    assertEscaped(up.stdout, NL);
    assertEscaped(up.stdout, TAB);
    assert.match(up.stdout, /^applied 0002_two\\nlines \(\d+ ms\)$/m);
    const st = await shale([...db(dir), 'status'], { cwd: dir });
    assert.equal(st.code, 0, st.stderr);
    assertEscaped(st.stdout, NL);
    assert.match(st.stdout, /^ {2}applied {2}0002_two\\nlines {2}/m);
    assert.equal(st.stdout.trim().split('\n').length, 5, st.stdout); // database line, 3 rows, counts
    for (const args of [['history'], ['heads'], ['graph']]) {
      const r = await shale([...db(dir), ...args], { cwd: dir });
      assert.equal(r.code, 0, r.stderr);
      assertEscaped(r.stdout, TAB);
    }
    // DOT escapes the escape's backslash again, so Graphviz draws the label as `0003_tab\there`.
    const dot = await shale([...db(dir), 'graph', '--format', 'dot'], { cwd: dir });
    assert.ok(dot.stdout.includes('"0003_tab\\\\there"') && !dot.stdout.includes(TAB), dot.stdout);
    // JSON keeps the real id (JSON escapes it already).
    const json = JSON.parse((await shale([...db(dir), 'status', '--json'], { cwd: dir })).stdout) as { migrations: { id: string }[] };
    assert.deepEqual(json.migrations.map((m) => m.id), ['0001_a', NL, TAB]);
  });

  it('errors naming such an id are one line with the id escaped', async () => {
    const dir = project({ [`${NL}.sql`]: 'insert into nope values (1);' });
    const up = await shale([...db(dir), 'up'], { cwd: dir });
    assert.equal(up.code, 1);
    assert.equal(up.stderr.trim().split('\n').length, 1, up.stderr);
    assert.match(up.stderr, /^shale: error: .*0002_two\\nlines\.sql:.*nope/);
    assertEscaped(up.stdout, NL);
    assert.match(up.stdout, /^failed 0002_two\\nlines \(up\)$/m);

    const unknown = await shale([...db(dir), 'up', '--to', 'x\ny'], { cwd: dir });
    assert.equal(unknown.code, 1);
    assert.equal(unknown.stderr, 'shale: error: no migration with id "x\\ny"\n');
  });
});
