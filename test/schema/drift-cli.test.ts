// `shale drift --with-privileges` end to end: a grant made by hand on the live database is drift,
// reported with the REVOKE that undoes it; without the flag privileges are not compared. The dev
// database is PGlite (PostgreSQL 18) against a PostgreSQL 15 server: no `maintain` in the plan.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMigrator } from '../../src/index.js';
import { createPgDatabase, pgQuery, PG_URL, skipUnlessPg } from '../helpers/databases.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const runner = join(root, 'test/schema/drift-cli-runner.ts');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', runner, ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('drift --with-privileges reports a grant made by hand; without it, in sync', { skip: await skipUnlessPg() }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'shale-drift-priv-'));
  const db = await createPgDatabase('shale_drift');
  try {
    writeFileSync(join(dir, '0001_users.sql'), 'create table users (id int primary key, email text);\ncreate view active as select id from users where email is not null;');
    const m = createMigrator({ db: db.url, sources: [dir] });
    try {
      assert.equal((await m.up()).error, null);
    } finally {
      await m.close();
    }
    const args = ['--db', db.url, '--source', dir, 'drift'];
    const clean = cli(...args, '--with-privileges');
    assert.equal(clean.code, 0, `${clean.stdout}\n${clean.stderr}`);
    assert.match(clean.stderr, /privilege MAINTAIN is not compared/);
    await pgQuery(db.url, 'grant select on users to public');
    const plain = cli(...args, '--dev-url', PG_URL);
    assert.equal(plain.code, 0, `${plain.stdout}\n${plain.stderr}`);
    const drifted = cli('--json', ...args, '--with-privileges');
    assert.equal(drifted.code, 2, drifted.stderr);
    const doc = JSON.parse(drifted.stdout) as { inSync: boolean; statements: { statement: string }[]; notes: string[] };
    assert.equal(doc.inSync, false);
    assert.deepEqual(doc.statements.map((s) => s.statement), ['revoke select on table "public"."users" from public;']);
    assert.ok(doc.notes.some((n) => /PostgreSQL 15/.test(n)));
  } finally {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  }
});
