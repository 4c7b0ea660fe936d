// SQLite through the CLI and the library: URL forms, bad files, foreign keys and the table-rebuild
// recipe, triggers, statements that cannot run in a transaction, ATTACH, WAL.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { createMigrator, memorySource, openAdapter, parseDatabaseUrl } from '../../src/index.js';
import { BIN, shale, tempDir } from '../helpers/cli.js';
import { IN_CI } from '../helpers/databases.js';

function project(files: Record<string, string>): string {
  const dir = tempDir('shale-sqlite-edge-');
  mkdirSync(join(dir, 'migrations'));
  for (const [n, t] of Object.entries(files)) writeFileSync(join(dir, 'migrations', n), t);
  return dir;
}

function assertOneLineError(r: { code: number | null; stderr: string }, code: number, pattern: RegExp): void {
  assert.equal(r.code, code, `exit code; stderr: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line, got: ${r.stderr}`);
  assert.match(lines[0]!, pattern);
}

function read<T>(file: string, sql: string): T[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

const applied = (file: string) => read<{ id: string }>(file, 'select id from shale_migrations order by id').map((r) => r.id);

const TWO = { '0001_a.sql': 'create table a (id integer primary key);\n', '0002_b.sql': 'create table b (id integer primary key, a_id integer references a (id));\n' };

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
    const abs = parseDatabaseUrl('sqlite:///abs/x.db');
    assert.equal(abs.kind === 'sqlite' ? abs.path : null, '/abs/x.db');
    const rel = parseDatabaseUrl('sqlite://rel/x.db');
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

describe('sqlite: foreign keys and the table-rebuild recipe', () => {
  const init = 'create table parent (id integer primary key, name text);\ncreate table child (id integer primary key, parent_id integer not null references parent (id) on delete cascade);\ninsert into parent values (1, \'a\'), (2, null);\ninsert into child values (10, 1), (11, 2);\n';
  const rebuild = 'create table parent_new (id integer primary key, name text not null default \'\');\ninsert into parent_new (id, name) select id, coalesce(name, \'\') from parent;\ndrop table parent;\nalter table parent_new rename to parent;\n';

  it('PRAGMA foreign_keys = OFF inside a transaction while keys are on: an error that says to use transaction: false, nothing changed', async () => {
    const dir = project({ '0001_init.sql': init, '0002_rebuild.sql': `PRAGMA foreign_keys = OFF;\n${rebuild}PRAGMA foreign_keys = ON;\n` });
    const r = await shale(['--db', 'sqlite:app.db?foreign_keys=on', 'up'], { cwd: dir });
    assertOneLineError(r, 1, /0002_rebuild\.sql:1:1: PRAGMA foreign_keys = OFF has no effect inside a transaction .*-- transaction: false/);
    const file = join(dir, 'app.db');
    assert.deepEqual(applied(file), ['0001_init']);
    assert.equal(read<{ n: number }>(file, 'select count(*) as n from child')[0]!.n, 2, 'no cascade deleted the children');
  });

  it('the recipe with -- transaction: false and keys on: children keep their rows and their key, keys are on afterwards', async () => {
    const recipe = `-- transaction: false\nPRAGMA foreign_keys = OFF;\nBEGIN;\n${rebuild}PRAGMA foreign_key_check;\nCOMMIT;\nPRAGMA foreign_keys = ON;\n`;
    const dir = project({ '0001_init.sql': init, '0002_rebuild.sql': recipe, '0003_orphan.sql': 'insert into child values (12, 99);\n' });
    const r = await shale(['--db', 'sqlite:app.db?foreign_keys=on', 'up'], { cwd: dir });
    assert.equal(r.code, 1, 'the orphan of 0003 is refused: keys are on again');
    assert.match(r.stderr, /0003_orphan\.sql:1:1: FOREIGN KEY constraint failed/);
    const file = join(dir, 'app.db');
    assert.deepEqual(applied(file), ['0001_init', '0002_rebuild']);
    assert.deepEqual(read<{ id: number; parent_id: number }>(file, 'select id, parent_id from child order by id'), [{ id: 10, parent_id: 1 }, { id: 11, parent_id: 2 }]);
    assert.deepEqual(read<{ name: string }>(file, 'select name from parent order by id').map((x) => x.name), ['a', '']);
    assert.match(read<{ sql: string }>(file, "select sql from sqlite_master where name = 'child'")[0]!.sql, /references parent \(id\)/);
    assert.deepEqual(read(file, 'pragma foreign_key_check'), []);
  });

  it('with keys off (the default) the recipe runs in a transaction as written', async () => {
    const dir = project({ '0001_init.sql': init, '0002_rebuild.sql': `PRAGMA foreign_keys = OFF;\n${rebuild}PRAGMA foreign_keys = ON;\n` });
    const r = await shale(['--db', 'sqlite:app.db', 'up'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(read<{ n: number }>(join(dir, 'app.db'), 'select count(*) as n from child')[0]!.n, 2);
  });
});

describe('sqlite: statements', () => {
  it('a trigger body with CASE … END and semicolons in strings is one statement', async () => {
    const trigger = [
      'create table t (id integer primary key, v text, kind text);',
      'create table audit (msg text);',
      '-- a trigger; with a comment',
      'create trigger tr after insert on t',
      'when case when new.v is null then 0 else 1 end',
      'begin',
      "  insert into audit (msg) values (case when new.v = 'a;b' then 'semi; colon' when new.v like '%end%' then 'END;' else 'x' end);",
      "  update t set kind = case new.id when 1 then 'one' else 'many' end where id = new.id; /* ; */",
      'end;',
      "insert into t (id, v) values (1, 'a;b'), (2, 'the end'), (3, null);",
      '',
    ].join('\n');
    const m = createMigrator({ db: 'sqlite::memory:', sources: [memorySource({ '0001_trig.sql': trigger })] });
    try {
      assert.equal((await m.up()).error, null);
      assert.equal((await m.status()).entries[0]!.record!.statementsTotal, 4);
      const a = await m.adapter();
      assert.deepEqual((await a.query('select msg from audit order by rowid')).rows, [{ msg: 'semi; colon' }, { msg: 'END;' }]);
      assert.deepEqual((await a.query('select kind from t order by id')).rows, [{ kind: 'one' }, { kind: 'many' }, { kind: null }]);
    } finally {
      await m.close();
    }
  });

  it('VACUUM in a transaction: one line suggesting transaction: false, nothing recorded; with it, it runs', async () => {
    const dir = project({ '0001_a.sql': TWO['0001_a.sql'], '0002_vacuum.sql': 'vacuum;\n' });
    const r = await shale(['--db', 'sqlite:app.db', 'up'], { cwd: dir });
    assertOneLineError(r, 1, /0002_vacuum\.sql:1:1: cannot VACUUM from within a transaction.*-- transaction: false/);
    assert.deepEqual(applied(join(dir, 'app.db')), ['0001_a']);
    writeFileSync(join(dir, 'migrations', '0002_vacuum.sql'), '-- transaction: false\nvacuum;\n');
    const ok = await shale(['--db', 'sqlite:app.db', 'up'], { cwd: dir });
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(applied(join(dir, 'app.db')), ['0001_a', '0002_vacuum']);
  });

  it('WAL mode set by a migration (transaction: false) stays on the file; later runs and readers work', async () => {
    const dir = project({ '0001_wal.sql': 'pragma journal_mode = wal;\n' });
    const bad = await shale(['--db', 'sqlite:app.db', 'up'], { cwd: dir });
    assertOneLineError(bad, 1, /cannot change into wal mode from within a transaction.*-- transaction: false/);
    writeFileSync(join(dir, 'migrations', '0001_wal.sql'), '-- transaction: false\npragma journal_mode = wal;\n');
    writeFileSync(join(dir, 'migrations', '0002_t.sql'), 'create table t (id integer);\n');
    const r = await shale(['--db', 'sqlite:app.db', 'up'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const file = join(dir, 'app.db');
    assert.deepEqual(read(file, 'pragma journal_mode'), [{ journal_mode: 'wal' }]);
    writeFileSync(join(dir, 'migrations', '0003_u.sql'), 'create table u (id integer);\n');
    const again = await shale(['--db', 'sqlite:app.db', 'up'], { cwd: dir });
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(applied(file), ['0001_wal', '0002_t', '0003_u']);
  });

  it('ATTACH DATABASE in a migration writes to the attached file', async () => {
    const dir = project({ '0001_attach.sql': "-- transaction: false\nattach database 'aux.db' as aux;\ncreate table aux.extra (id integer);\ninsert into aux.extra values (7);\ndetach database aux;\n" });
    const r = await shale(['--db', 'sqlite:app.db', 'up'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(read(join(dir, 'aux.db'), 'select id from extra'), [{ id: 7 }]);
    assert.deepEqual(applied(join(dir, 'app.db')), ['0001_attach']);
  });
});
