// A config file saved with a byte-order mark (Windows editors) loads like one without.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { shale, tempDir } from '../../helpers/cli.js';

describe('config file with a byte-order mark', () => {
  it('shale.config.json starting with U+FEFF is read (db, sources, tablePrefix)', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'db'));
    writeFileSync(join(dir, 'db', '0001_a.sql'), 'create table a (id int);');
    writeFileSync(join(dir, 'shale.config.json'), '\uFEFF{ "db": "sqlite:app.db", "sources": ["db"], "tablePrefix": "bom_" }\r\n');
    const up = await shale(['up', '--json'], { cwd: dir });
    assert.equal(up.code, 0, up.stderr);
    assert.deepEqual((JSON.parse(up.stdout) as { results: { id: string; status: string }[] }).results.map((r) => `${r.id} ${r.status}`), ['0001_a applied']);
    const st = await shale(['status', '--json'], { cwd: dir });
    assert.equal(st.code, 0, st.stderr);
    assert.deepEqual((JSON.parse(st.stdout) as { migrations: { id: string; state: string }[] }).migrations.map((m) => `${m.id} ${m.state}`), ['0001_a applied']);
  });
});
