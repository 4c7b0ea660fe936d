// Flyway names end to end (SQLite): versions part by part, undo files, repeatable migrations re-applied on change.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { createMigrator, memorySource } from '../../../src/index.js';

it('applies V1, V1.1, V1.10, V2 in version order, then R__, and re-applies R__ only when it changes', async () => {
  const db = `sqlite:${join(mkdtempSync(join(tmpdir(), 'shale-fw-')), 'fw.db')}`;
  const files: Record<string, string> = {
    'V2__later.sql': 'create table v2 (id int);',
    'V1.10__ten.sql': 'create table v1_10 (id int);',
    'V1__init.sql': 'create table v1 (id int);',
    'V1.1__one.sql': 'create table v1_1 (id int);',
    'U2__later.sql': 'drop table v2;',
    'R__view.sql': 'drop view if exists vw;\ncreate view vw as select id from v1;',
  };
  const m = createMigrator({ db, sources: [memorySource(files)] });
  try {
    const r = await m.up();
    assert.equal(r.error, null);
    assert.deepEqual(r.results.map((x) => x.id), ['V1__init', 'V1.1__one', 'V1.10__ten', 'V2__later', 'R__view']);
    assert.deepEqual((await m.up()).results, [], 'nothing to do when nothing changed');
    files['R__view.sql'] = 'drop view if exists vw;\ncreate view vw as select id, id as id2 from v1;';
    const st = await m.status();
    assert.deepEqual(st.entries.filter((e) => e.state === 'pending').map((e) => e.id), ['R__view']);
    const again = await m.up();
    assert.deepEqual(again.results.map((x) => [x.id, x.status]), [['R__view', 'applied']]);
    const a = await m.adapter();
    assert.deepEqual((await a.query('select * from vw')).rows, []);
    const down = await m.down();
    assert.equal(down.error, null);
    assert.deepEqual(down.results.map((x) => x.id), ['V2__later'], 'down rolls back the newest versioned migration with its U file');
    const ops = (await m.history()).map((e) => `${e.id}:${e.operation}`);
    assert.deepEqual(ops.slice(-2), ['R__view:apply', 'V2__later:rollback']);
  } finally {
    await m.close();
  }
});
