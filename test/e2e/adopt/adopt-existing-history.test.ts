// `shale adopt` (CLI, SQLite) on a database where shale already records some migrations itself.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { runShale } from '../../helpers/cli.js';

describe('adopt when shale already records some migrations (SQLite, CLI)', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  test('recorded ones are left as they are, the rest adopted, one adopt log row each', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shale-adopt-history-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'migrations'));
    for (const n of [1, 2, 3, 4]) writeFileSync(join(dir, 'migrations', `2024010100000${n}_t${n}.sql`), `create table t${n} (id int);\n`);
    const db = `sqlite:${join(dir, 'app.db')}`;
    // shale applied the first migration itself; dbmate (before shale) applied 1–3 and a file since deleted.
    const first = runShale(dir, ['up', '--db', db, '--to', '20240101000001_t1']);
    assert.equal(first.code, 0, first.stderr);
    const sqlite = new Database(join(dir, 'app.db'));
    sqlite.exec(`create table t2 (id int); create table t3 (id int);
      create table schema_migrations (version varchar(128) primary key);
      insert into schema_migrations (version) values ('20240101000001'), ('20240101000002'), ('20240101000003'), ('20231231000000');`);
    sqlite.close();

    const dry = runShale(dir, ['adopt', '--from', 'dbmate', '--db', db, '--dry-run', '--json']);
    assert.equal(dry.code, 0, dry.stderr);
    const plan = (JSON.parse(dry.stdout) as { plan: Record<string, string[]> }).plan;
    assert.deepEqual(plan['adopt'], ['20240101000002_t2', '20240101000003_t3']);
    assert.deepEqual(plan['alreadyRecorded'], ['20240101000001_t1']);
    assert.deepEqual(plan['unmatchedRows'], ['20231231000000']);
    assert.deepEqual(plan['pending'], ['20240101000004_t4']);

    const r = runShale(dir, ['adopt', '--from', 'dbmate', '--db', db]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /unmatched\s+20231231000000/);
    const check = new Database(join(dir, 'app.db'));
    try {
      const log = check.prepare(`select id, operation from shale_log order by seq`).all() as { id: string; operation: string }[];
      assert.deepEqual(log, [
        { id: '20240101000001_t1', operation: 'apply' },
        { id: '20240101000002_t2', operation: 'adopt' },
        { id: '20240101000003_t3', operation: 'adopt' },
      ]);
      assert.deepEqual(check.prepare(`select version from schema_migrations order by version`).all().length, 4, 'the other tool’s table is untouched');
    } finally {
      check.close();
    }
    const again = runShale(dir, ['adopt', '--from', 'dbmate', '--db', db, '--json']);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual((JSON.parse(again.stdout) as { plan: Record<string, string[]> }).plan['adopt'], []);
    const up = runShale(dir, ['up', '--db', db]);
    assert.equal(up.code, 0, up.stderr);
    assert.match(up.stdout, /applied 20240101000004_t4/);
    assert.doesNotMatch(up.stdout, /applied 20240101000002_t2/);
  });
});
