// Which file a SQLite URL names (relative, absolute, in memory, folders created, parameters) and
// files that cannot be used (not a database, a folder, read-only), through the CLI and the library.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseDialectUrl } from '../../src/adapters/schemes.js';
import { createMigrator, memorySource, openAdapter } from '../../src/index.js';
import { BIN, shale } from '../helpers/cli.js';
import { IN_CI } from '../helpers/databases.js';
import { applied, assertOneLineError, project, TWO } from './sqlite-project.js';

/** Run the built CLI as user `nobody` (permissions mean nothing to root). */
function asNobody(cwd: string, args: readonly string[]): { code: number | null; stderr: string } | null {
  if (process.getuid?.() !== 0) {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    return { code: r.status, stderr: r.stderr };
  }
  const r = spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return r.error ? null : { code: r.status, stderr: r.stderr };
}

describe('sqlite: database URLs', () => {
  it('sqlite:rel, sqlite://rel and sqlite:///abs name the same kind of file; a later process sees what an earlier one applied', async () => {
    const dir = project(TWO);
    for (const [url, file] of [
      ['sqlite:rel.db', join(dir, 'rel.db')],
      ['sqlite://rel2.db', join(dir, 'rel2.db')],
      [`sqlite://${join(dir, 'abs.db')}`, join(dir, 'abs.db')],
      [`sqlite:${join(dir, 'plain-abs.db')}`, join(dir, 'plain-abs.db')],
    ] as const) {
      const up = await shale(['--db', url, 'up'], { cwd: dir });
      assert.equal(up.code, 0, `${url}: ${up.stderr}`);
      assert.deepEqual(applied(file), ['0001_a', '0002_b'], url);
      const st = await shale(['--db', url, '--json', 'status'], { cwd: dir });
      assert.equal(st.code, 0, st.stderr);
      assert.deepEqual((JSON.parse(st.stdout) as { counts: Record<string, number> }).counts.applied, 2, url);
    }
    const abs = parseDialectUrl('sqlite:///abs/x.db');
    assert.equal(abs.kind === 'sqlite' ? abs.path : null, '/abs/x.db');
    const rel = parseDialectUrl('sqlite://rel/x.db');
    assert.equal(rel.kind === 'sqlite' ? rel.path : null, 'rel/x.db');
  });

  it('sqlite::memory: through the CLI: up applies everything to a database that ends with the process, writes no file', async () => {
    const dir = project(TWO);
    const up = await shale(['--db', 'sqlite::memory:', '--json', 'up'], { cwd: dir });
    assert.equal(up.code, 0, up.stderr);
    assert.deepEqual((JSON.parse(up.stdout) as { results: { status: string }[] }).results.map((r) => r.status), ['applied', 'applied']);
    const st = await shale(['--db', 'sqlite::memory:', '--json', 'status'], { cwd: dir });
    assert.equal((JSON.parse(st.stdout) as { counts: Record<string, number> }).counts.pending, 2, 'a new process gets a new, empty database');
    assert.deepEqual(readdirSync(dir), ['migrations']);
  });

  it('sqlite::memory: in the library lives as long as the migrator', async () => {
    const m = createMigrator({ db: 'sqlite::memory:', sources: [memorySource(TWO)] });
    try {
      assert.equal((await m.up()).error, null);
      assert.deepEqual((await m.status()).entries.map((e) => e.state), ['applied', 'applied']);
    } finally {
      await m.close();
    }
  });

  it('a path whose folders do not exist yet is created', async () => {
    const dir = project(TWO);
    const r = await shale(['--db', 'sqlite:data/nested/app.db', 'up'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(applied(join(dir, 'data', 'nested', 'app.db')), ['0001_a', '0002_b']);
  });

  it('URL parameters: foreign_keys=on enforces keys, the default does not; unknown parameters and values are errors', async () => {
    const files = { ...TWO, '0003_orphan.sql': 'insert into b (id, a_id) values (1, 42);\n' };
    const dir = project(files);
    const on = await shale(['--db', 'sqlite:on.db?foreign_keys=on', 'up'], { cwd: dir });
    assert.equal(on.code, 1);
    assert.match(on.stderr, /0003_orphan\.sql:1:1: FOREIGN KEY constraint failed/);
    assert.deepEqual(applied(join(dir, 'on.db')), ['0001_a', '0002_b']);
    const off = await shale(['--db', 'sqlite:off.db', 'up'], { cwd: dir });
    assert.equal(off.code, 0, off.stderr);
    assertOneLineError(await shale(['--db', 'sqlite:x.db?mode=ro', 'up'], { cwd: dir }), 1, /unknown parameter "mode" in sqlite:x\.db\?mode=ro/);
    assertOneLineError(await shale(['--db', 'sqlite:x.db?foreign_key=on', 'up'], { cwd: dir }), 1, /unknown parameter "foreign_key"/);
    assertOneLineError(await shale(['--db', 'sqlite:x.db?foreign_keys=maybe', 'up'], { cwd: dir }), 1, /invalid value "maybe" for foreign_keys/);
    assert.equal(existsSync(join(dir, 'x.db')), false, 'a bad URL creates nothing');
    const a = await openAdapter('sqlite::memory:?foreign_keys=ON');
    try {
      assert.deepEqual((await a.query('pragma foreign_keys')).rows, [{ foreign_keys: 1 }]);
    } finally {
      await a.close();
    }
  });
});

describe('sqlite: files that cannot be used', () => {
  it('a file that is not a SQLite database: one line naming it, exit 1, the file untouched', async () => {
    const dir = project(TWO);
    const file = join(dir, 'notes.db');
    const text = 'these are my notes, not a database\n'.repeat(20);
    writeFileSync(file, text);
    for (const cmd of ['up', 'status', 'unlock']) {
      const r = await shale(['--db', 'sqlite:notes.db', cmd], { cwd: dir });
      assertOneLineError(r, 1, /cannot open SQLite database sqlite:notes\.db: file is not a database/);
    }
    assert.equal(readFileSync(file, 'utf8'), text);
    assert.deepEqual(readdirSync(dir).sort(), ['migrations', 'notes.db']);
  });

  it('a folder given as the file: one line', async () => {
    const dir = project(TWO);
    mkdirSync(join(dir, 'adir'));
    assertOneLineError(await shale(['--db', 'sqlite:adir', 'up'], { cwd: dir }), 1, /cannot open SQLite database sqlite:adir: /);
  });

  it('a read-only file, a read-only folder: up is one line naming the database; status still reads', async (t) => {
    const dir = project(TWO);
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'migrations'), 0o755);
    for (const f of ['0001_a.sql', '0002_b.sql']) chmodSync(join(dir, 'migrations', f), 0o644);
    const seed = await shale(['--db', 'sqlite:ro.db', 'up'], { cwd: dir });
    assert.equal(seed.code, 0, seed.stderr);
    writeFileSync(join(dir, 'migrations', '0003_c.sql'), 'create table c (id integer);\n');
    chmodSync(join(dir, 'migrations', '0003_c.sql'), 0o644);
    chmodSync(join(dir, 'ro.db'), 0o444);
    const r = asNobody(dir, ['--db', 'sqlite:ro.db', 'up']);
    if (!r) {
      // Under CI a missing setpriv is a failure, never a skip: the permission checks must run.
      if (IN_CI) assert.fail('running as root without setpriv (util-linux): read-only files cannot be tested');
      return t.skip('running as root without setpriv: permissions cannot be tested');
    }
    assertOneLineError(r, 1, /sqlite:ro\.db: attempt to write a readonly database .*writable/);
    const st = asNobody(dir, ['--db', 'sqlite:ro.db', 'status']);
    assert.equal(st?.code, 0, st?.stderr);
    mkdirSync(join(dir, 'locked'));
    chmodSync(join(dir, 'locked'), 0o555);
    const nf = asNobody(dir, ['--db', 'sqlite:locked/new.db', 'up']);
    assertOneLineError(nf!, 1, /cannot open SQLite database sqlite:locked\/new\.db: unable to open database file/);
    assert.deepEqual(applied(join(dir, 'ro.db')), ['0001_a', '0002_b']);
  });
});
