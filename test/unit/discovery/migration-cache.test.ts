// The cache of built migrations (core/migration-cache.ts): a hit gives the same migration as a fresh
// read, and a changed file is always seen, even one edited to the same size with its mtime put back,
// or edited within the timestamp granularity of the entry ("racy"); a damaged cache file is ignored.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { loadMigrations } from '../../../src/core/load.js';
import { RACY_MS } from '../../../src/core/migration-cache.js';
import type { Migration } from '../../../src/core/migration.js';
import { localDirSource } from '../../../src/sources/local-dir.js';

const root = mkdtempSync(join(tmpdir(), 'shale-cache-'));
after(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
function project(files: Record<string, string>): { dir: string; cacheDir: string; load(): Promise<readonly Migration[]>; reads(): number } {
  const base = join(root, `p${++n}`);
  const dir = join(base, 'migrations');
  const cacheDir = join(base, 'cache');
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFile(join(dir, name), text);
  let reads = 0;
  const src = localDirSource(dir);
  // Counts the files the loader reads: a cache hit reads none.
  const counting = { location: src.location, list: async () => (await src.list()).map((f) => ({ ...f, read: () => (reads++, f.read()) })) };
  return { dir, cacheDir, load: async () => (await loadMigrations([counting], { cacheDir })).migrations, reads: () => reads };
}

function writeFile(path: string, text: string): void {
  writeFileSync(path, text, { flag: 'w' });
}

/** Put the file's mtime (and so, on the next stat, its identity's age) well before the racy window. */
function age(path: string, msAgo = 10 * RACY_MS): void {
  const t = new Date(Date.now() - msAgo);
  utimesSync(path, t, t);
}

/** Wait until the file's ctime (set by the last change, utimes included) is older than the racy window. */
async function settle(path: string): Promise<void> {
  const wait = Number(statSync(path, { bigint: true }).ctimeNs / 1_000_000n) + RACY_MS + 50 - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}

const plain = (m: readonly Migration[]) => JSON.parse(JSON.stringify(m));

describe('migration cache', () => {
  test('a second load of unchanged files reads none of them and gives the same migrations', async (t) => {
    const p = project({
      '0001_a.sql': '-- migrate:up\ncreate table a (id int);\n-- migrate:down\ndrop table a;\n',
      '0002.b.sql': '-- depends: 0001_a\n-- the b table\ncreate table b (id int);\n',
      '0002.b.rollback.sql': 'drop table b;\n',
      '0003_c.up.sql': '-- transaction: false\ncreate index concurrently c on a (id);\n',
      '0003_c.down.sql': 'drop index c;\n',
    });
    for (const f of readdirSync(p.dir)) age(join(p.dir, f));
    for (const f of readdirSync(p.dir)) await settle(join(p.dir, f));
    t.diagnostic(`waited for ctime to age past ${RACY_MS} ms`);
    const first = await p.load();
    assert.equal(p.reads(), 5);
    const second = await p.load();
    assert.equal(p.reads(), 5, 'the second load read files');
    assert.deepEqual(plain(second), plain(first));
  });

  test('an edit to the same size, with mtime forced back by utimes, is seen (ctime moved)', async () => {
    const p = project({ '0001.a.sql': 'create table a (id int);\n' });
    const file = join(p.dir, '0001.a.sql');
    age(file);
    await settle(file);
    const [before] = await p.load();
    await p.load();
    assert.equal(p.reads(), 1, 'the cache was not used');
    const st = statSync(file);
    writeFile(file, 'create table b (id int);\n');
    utimesSync(file, st.atime, st.mtime);
    assert.equal(statSync(file).size, st.size);
    assert.equal(statSync(file).mtimeMs, st.mtimeMs);
    const [after] = await p.load();
    assert.equal(p.reads(), 2, 'the edited file was not read');
    assert.notEqual(after!.checksum, before!.checksum);
    assert.equal(after!.up.kind === 'sql' && after!.up.scripts[0]!.sql, 'create table b (id int);\n');
  });

  test('a file changed shortly before the entry was written is read again (racy entry)', async () => {
    const p = project({ '0001.a.sql': 'create table a (id int);\n' });
    await p.load();
    await p.load();
    // Just written: no entry can be trusted yet, every load reads it.
    assert.equal(p.reads(), 2);
  });

  test('a rollback file that changes is seen; one that appears is seen', async () => {
    const p = project({ '0001.a.sql': 'create table a (id int);\n' });
    const file = join(p.dir, '0001.a.sql');
    age(file);
    await settle(file);
    await p.load();
    writeFile(join(p.dir, '0001.a.rollback.sql'), 'drop table a;\n');
    const [m] = await p.load();
    assert.ok(m!.down && m!.down.kind === 'sql');
    assert.equal(m!.down.scripts[0]!.sql, 'drop table a;\n');
  });

  test('a damaged cache file is ignored: the files are read and the answer is right', async () => {
    const p = project({ '0001.a.sql': 'create table a (id int);\n' });
    const file = join(p.dir, '0001.a.sql');
    age(file);
    await settle(file);
    const [fresh] = await p.load();
    const [cacheFile] = readdirSync(p.cacheDir);
    const path = join(p.cacheDir, cacheFile!);
    const good = readFileSync(path, 'utf8');
    const damaged = [
      good.slice(0, good.length / 2),
      '\0\0\0',
      '{"format":1}',
      good.replace('"versioned"', '"sideways"'),
      good.replace(/"entries":\[\[/, '"entries":[[42,'),
      good.replace(/\[("create table a[^"]*")/, '[{"sql":$1}'),
    ];
    for (const text of damaged) {
      assert.notEqual(text, good);
      writeFile(path, text);
      const reads = p.reads();
      const [m] = await p.load();
      assert.equal(p.reads(), reads + 1, `a damaged cache was used: ${text.slice(0, 60)}`);
      assert.deepEqual(plain([m!]), plain([fresh!]));
    }
  });

  test('a cache folder that cannot be written costs speed, not the answer', async () => {
    const p = project({ '0001.a.sql': 'create table a (id int);\n' });
    const file = join(p.dir, '0001.a.sql');
    age(file);
    await settle(file);
    // The cache folder's place is taken by a file: nothing can be written there.
    writeFile(p.cacheDir, 'not a folder');
    const [m] = await p.load();
    assert.equal(m!.id, '0001.a');
  });
});
