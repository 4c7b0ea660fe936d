// SQLite statements that behave differently inside a transaction: PRAGMA foreign_keys and the
// table-rebuild recipe, journal_mode = wal, ATTACH; each needs `-- transaction: false`.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { shale } from '../helpers/cli.js';
import { applied, assertOneLineError, project, read } from './sqlite-project.js';

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

describe('sqlite: statements that need -- transaction: false', () => {
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
