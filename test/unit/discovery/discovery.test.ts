// Discovery, ids and ordering: order within and across sources, globbed and relative folders, files
// that are not migrations, rollback files, hooks, duplicate ids (memory sources and temp folders).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { loadMigrations } from '../../../src/core/load.js';
import { isShaleError } from '../../../src/errors.js';
import { localDirSource } from '../../../src/sources/local-dir.js';
import { memorySource } from '../../../src/sources/memory.js';

const root = mkdtempSync(join(tmpdir(), 'shale-discovery-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** Write `files` into `root/dir` and return the folder path. */
function folder(dir: string, files: Record<string, string>): string {
  const p = join(root, dir);
  mkdirSync(p, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(p, name), text);
  return p;
}

const ids = async (sources: Parameters<typeof loadMigrations>[0]): Promise<string[]> => (await loadMigrations(sources)).migrations.map((m) => m.id);

describe('A1 order within one source', () => {
  const table: [name: string, files: string[], expected: string[]][] = [
    ['names in order', ['0002.b.sql', '0001.a.sql', '0003.c.sql'], ['0001.a', '0002.b', '0003.c']],
    ['natural order of numbers (shale deviation: 2 before 10)', ['10.x.sql', '2.y.sql', '1.z.sql'], ['1.z', '2.y', '10.x']],
    ['letters compare as strings', ['b.sql', 'a.sql', 'c.sql'], ['a', 'b', 'c']],
  ];
  for (const [name, files, expected] of table) {
    test(`memory: ${name}`, async () => {
      assert.deepEqual(await ids([memorySource(Object.fromEntries(files.map((f) => [f, 'select 1;'])))]), expected);
    });
    test(`folder: ${name}`, async () => {
      const dir = folder(`a1-${expected.join('-')}`, Object.fromEntries(files.map((f) => [f, 'select 1;'])));
      assert.deepEqual(await ids([localDirSource(dir)]), expected);
    });
  }
});

describe('A2 several sources (shale deviation: one natural order across sources)', () => {
  test('dirs {1,3} and {2,4} give 1,2,3,4', async () => {
    const d1 = folder('a2/one', { '1.sql': 'select 1;', '3.sql': 'select 3;' });
    const d2 = folder('a2/two', { '2.sql': 'select 2;', '4.sql': 'select 4;' });
    assert.deepEqual(await ids([localDirSource(d1), localDirSource(d2)]), ['1', '2', '3', '4']);
  });
});

describe('A3 globbed folders', () => {
  test('dir/a* reads aa/ and ab/, not b/', async () => {
    folder('a3/aa', { '1.sql': 'select 1;' });
    folder('a3/ab', { '2.sql': 'select 2;' });
    folder('a3/b', { '3.sql': 'select 3;' });
    assert.deepEqual(await ids([localDirSource(join(root, 'a3', 'a*'))]), ['1', '2']);
  });

  test('a glob that matches no folder is E_SOURCE', async () => {
    await assert.rejects(ids([localDirSource(join(root, 'a3', 'zz*'))]), (e: unknown) => isShaleError(e, 'E_SOURCE'));
  });
});

describe('A4 relative paths resolve against the current directory', () => {
  test("'.' reads the current directory and shows relative locations", async () => {
    const dir = folder('a4', { '0001.x.sql': 'select 1;' });
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const set = await loadMigrations([localDirSource('.')]);
      assert.deepEqual(set.migrations.map((m) => [m.id, m.location]), [['0001.x', '0001.x.sql']]);
    } finally {
      process.chdir(cwd);
    }
  });

  test('a relative sub-folder keeps a relative location', async () => {
    folder('a4b/migrations', { '0001.x.sql': 'select 1;' });
    const cwd = process.cwd();
    process.chdir(join(root, 'a4b'));
    try {
      const set = await loadMigrations([localDirSource('migrations')]);
      assert.deepEqual(set.migrations.map((m) => m.location), [join('migrations', '0001.x.sql')]);
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('A6 files that are not migrations are ignored', () => {
  const ignored = ['README.md', 'notes.txt', '003_not_sql.txt', '.#0002.x.sql', '0002.x.sql~', '.0002.x.sql.swp', '#0002.x.sql#', '0002.x.sql.bak', 'types.d.ts', '.hidden.sql'];
  for (const name of ignored) {
    test(`${name} is ignored`, async () => {
      assert.deepEqual(await ids([memorySource({ '0001.a.sql': 'select 1;', [name]: 'garbage !!' })]), ['0001.a']);
    });
  }

  test('sub-folders are not read', async () => {
    const dir = folder('a6', { '0001.a.sql': 'select 1;' });
    folder('a6/nested', { '0002.b.sql': 'select 2;' });
    assert.deepEqual(await ids([localDirSource(dir)]), ['0001.a']);
  });
});

describe('A7 rollback files pair with their migration', () => {
  const table: [name: string, files: Record<string, string>, id: string, up: string, down: string | null][] = [
    ['yoyo .rollback.sql', { '0001.users.sql': 'create table u (id int);', '0001.users.rollback.sql': 'drop table u;' }, '0001.users', 'create table u (id int);', 'drop table u;'],
    ['up/down pair', { '0001_users.up.sql': 'create table u (id int);', '0001_users.down.sql': 'drop table u;' }, '0001_users', 'create table u (id int);', 'drop table u;'],
    ['no rollback', { '0001.users.sql': 'create table u (id int);' }, '0001.users', 'create table u (id int);', null],
  ];
  for (const [name, files, id, up, down] of table) {
    test(name, async () => {
      const set = await loadMigrations([memorySource(files)]);
      assert.equal(set.migrations.length, 1);
      const m = set.migrations[0]!;
      assert.equal(m.id, id);
      assert.deepEqual(m.up.kind === 'sql' ? m.up.scripts.map((s) => s.sql) : null, [up]);
      assert.deepEqual(m.down === null ? null : m.down.kind === 'sql' ? m.down.scripts.map((s) => s.sql) : 'module', down === null ? null : [down]);
    });
  }

  test('a rollback file without its migration is E_PARSE', async () => {
    await assert.rejects(loadMigrations([memorySource({ '0001.users.rollback.sql': 'drop table u;' })]), (e: unknown) => isShaleError(e, 'E_PARSE'));
  });
});

describe('A8 post-apply hooks are not migrations', () => {
  test('post-apply*.sql are hooks, in name order', async () => {
    const set = await loadMigrations([memorySource({ 'post-apply2.sql': 'select 2;', '0001.a.sql': 'select 1;', 'post-apply.sql': 'select 1;', 'post-apply10.sql': 'select 10;' })]);
    assert.deepEqual(set.migrations.map((m) => m.id), ['0001.a']);
    assert.deepEqual(set.hooks.map((h) => h.name), ['post-apply', 'post-apply2', 'post-apply10']);
  });
});

describe('A10 duplicate ids are E_DUPLICATE_ID naming both files', () => {
  const table: [name: string, sources: () => Parameters<typeof loadMigrations>[0], files: string[]][] = [
    ['same name in two sources', () => [memorySource({ '0001.a.sql': 'select 1;' }, 'one/'), memorySource({ '0001.a.sql': 'select 2;' }, 'two/')], ['one/0001.a.sql', 'two/0001.a.sql']],
    ['plain file and up file with one id', () => [memorySource({ '0001_a.sql': 'select 1;', '0001_a.up.sql': 'select 2;' }, 'm/')], ['m/0001_a.sql', 'm/0001_a.up.sql']],
    ['same id in two folders', () => [localDirSource(folder('a10/x', { '7.sql': 'select 1;' })), localDirSource(folder('a10/y', { '7.sql': 'select 1;' }))], [join(root, 'a10/x/7.sql'), join(root, 'a10/y/7.sql')]],
    ['two rollback files for one id in two sources', () => [memorySource({ '1.sql': 'select 1;', '1.rollback.sql': 'select 1;' }, 'one/'), memorySource({ '1.rollback.sql': 'select 2;' }, 'two/')], ['one/1.sql', 'two/1.rollback.sql']],
  ];
  for (const [name, sources, files] of table) {
    test(name, async () => {
      await assert.rejects(loadMigrations(sources()), (e: unknown) => {
        assert.ok(isShaleError(e, 'E_DUPLICATE_ID'), String(e));
        assert.deepEqual([...(e.details['files'] as string[])].sort(), [...files].sort());
        for (const f of files) assert.ok(e.message.includes(f), `${e.message} names ${f}`);
        return true;
      });
    });
  }
});
