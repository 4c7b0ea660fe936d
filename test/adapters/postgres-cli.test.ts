// The built CLI against PostgreSQL (`npm run build` first): migrations a user brings from psql,
// dbmate or yoyo fail with one `shale: error:` line naming file:line, exit 1, nothing recorded.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createPgDatabase, skipUnlessPg } from '../helpers/databases.js';
import { runShale, tempDir } from '../helpers/cli.js';

const skip = await skipUnlessPg();

describe('postgres: the shale CLI on migrations that cannot run as written', { skip, concurrency: true }, () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  after(async () => {
    for (const c of cleanups) await c();
  });

  async function project(files: Record<string, string>): Promise<{ dir: string; db: string }> {
    const db = await createPgDatabase();
    const dir = tempDir('shale-pg-cli-');
    cleanups.push(db.drop, () => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, 'migrations'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'migrations', name), text);
    return { dir, db: db.url };
  }

  function applied(dir: string, db: string): string[] {
    const r = runShale(dir, ['--db', db, 'status', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { migrations: { id: string; state: string }[] };
    return doc.migrations.filter((e) => e.state !== 'pending').map((e) => `${e.id}:${e.state}`);
  }

  function oneErrorLine(stderr: string): string {
    const lines = stderr.split('\n').filter((l) => l.startsWith('shale: error:'));
    assert.equal(lines.length, 1, stderr);
    return lines[0]!;
  }

  for (const [name, text, expected, ran] of [
    ['\\connect', 'create table t (x int);\n\\connect other_db\ncreate table u (x int);\n', /^shale: error: migrations\/0002_psql\.sql:2:1: psql meta-command \\connect is not SQL/, false],
    ['COPY … FROM stdin with rows', 'create table t (x int);\ncopy t from stdin;\n1\n2\n\\.\n', /^shale: error: migrations\/0002_psql\.sql:2:1: COPY … FROM stdin/, false],
    ['BEGIN … COMMIT', 'begin;\ncreate table t (x int);\ncommit;\n', /^shale: error: migrations\/0002_psql\.sql:1:1: BEGIN in a migration that runs in a transaction.*`-- transaction: false`/, false],
    ['CREATE INDEX CONCURRENTLY', 'create table t (x int);\ncreate index concurrently t_x on t (x);\n', /^shale: error: migrations\/0002_psql\.sql:2:1: CREATE INDEX CONCURRENTLY cannot run inside a transaction block \(statement 2: .*`-- transaction: false`/, true],
    ['a deferred FK violated at COMMIT', 'create table p (id int primary key);\ncreate table c (pid int references p deferrable initially deferred);\ninsert into c values (1);\n', /^shale: error: migrations\/0002_psql\.sql: COMMIT failed, nothing of the migration was applied: .*foreign key/, true],
  ] as const) {
    // `ran`: refused while preparing (nothing ran), or failed while running (the migration before it stays).
    it(`${name}: one error line, exit 1, nothing of it recorded`, async () => {
      const { dir, db } = await project({ '0001_ok.sql': 'create table ok (x int);\n', '0002_psql.sql': text });
      const r = runShale(dir, ['--db', db, 'up']);
      assert.equal(r.code, 1, r.stderr);
      assert.match(oneErrorLine(r.stderr), expected);
      assert.deepEqual(applied(dir, db), ran ? ['0001_ok:applied'] : []);
    });
  }

  it('--json: the error document carries the one-line message; --verbose still runs a migration that raises notices', async () => {
    const { dir, db } = await project({
      '0001_notice.sql': "do $$ begin raise notice 'hello'; end $$;\ncreate table t (x int);\n",
      '0002_cic.sql': 'create index concurrently t_x on t (x);\n',
    });
    const r = runShale(dir, ['--db', db, '--json', '--verbose', 'up']);
    assert.equal(r.code, 1, r.stderr);
    const doc = JSON.parse(r.stdout) as { ok: boolean; results: { id: string; status: string }[]; error: { code: string; message: string } };
    assert.equal(doc.ok, false);
    assert.deepEqual(doc.results.map((x) => `${x.id}:${x.status}`), ['0001_notice:applied', '0002_cic:failed']);
    assert.equal(doc.error.code, 'E_SQL');
    assert.match(doc.error.message, /^migrations\/0002_cic\.sql:1:1: .*`-- transaction: false`/);
    assert.deepEqual(applied(dir, db), ['0001_notice:applied']);
    // With the directive, the same file applies.
    writeFileSync(join(dir, 'migrations', '0002_cic.sql'), '-- transaction: false\ncreate index concurrently t_x on t (x);\n');
    const again = runShale(dir, ['--db', db, 'up']);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(applied(dir, db), ['0001_notice:applied', '0002_cic:applied']);
  });
});
