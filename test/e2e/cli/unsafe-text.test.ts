// Input that would silently change what runs (a NUL, a Latin-1 or binary file, a Unicode space after
// the last `;`) is refused the same way on every engine: exit 1, one `shale: error:` line naming the
// file and the byte offset, nothing recorded (`shale status` still shows every migration pending).
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { shale, tempDir } from '../../helpers/cli.js';
import { createPgDatabase, skipUnlessPg } from '../../helpers/databases.js';
import { createMysqlDatabase, skipUnlessMysql } from '../../helpers/mysql.js';

const OK = 'create table ok (x int);\n';
const CASES: { name: string; bytes: Buffer; error: RegExp }[] = [
  { name: 'NUL byte', bytes: Buffer.from('create table a (x int); \0 create table b (x int);\n'), error: /0002_bad\.sql: byte 24: NUL byte/ },
  { name: 'Latin-1 file', bytes: Buffer.from("insert into ok values (1); -- caf\xe9\n", 'latin1'), error: /0002_bad\.sql: byte 33: invalid UTF-8 \(0xE9 0x0A\)/ },
  { name: 'binary file', bytes: Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xcb, 0x48]), error: /0002_bad\.sql: byte 0: control character U\+001F/ },
  { name: 'control character', bytes: Buffer.from('create table a (x int);\x1b[0m\n'), error: /0002_bad\.sql: byte 23: control character U\+001B/ },
  // A statement run, then a Unicode space the database would take as an identifier: refused by the splitter.
  { name: 'NBSP after the last ;', bytes: Buffer.from('create table a (x int);\n\u00a0\n'), error: /0002_bad\.sql:2:1: U\+00A0 \(a Unicode space\) outside a string or comment/ },
  { name: 'U+FEFF after the last ;', bytes: Buffer.from('create table a (x int);\ufeff'), error: /0002_bad\.sql:1:24: U\+FEFF \(a Unicode space\)/ },
  { name: 'U+2028 between statements', bytes: Buffer.from('create table a (x int);\u2028create table b (x int);'), error: /0002_bad\.sql:1:24: U\+2028 \(a Unicode space\)/ },
];

function project(bad: Buffer): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'migrations'));
  writeFileSync(join(dir, 'migrations', '0001_ok.sql'), OK);
  writeFileSync(join(dir, 'migrations', '0002_bad.sql'), bad);
  return dir;
}

/** Runs `up` on a bad file and checks the refusal, then that nothing is recorded. */
async function assertRefused(db: string, c: (typeof CASES)[number], recorded: () => Promise<number>): Promise<void> {
  const dir = project(c.bytes);
  const r = await shale(['--db', db, 'up'], { cwd: dir });
  assert.equal(r.code, 1, `exit code; stderr: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line, got: ${r.stderr}`);
  assert.match(lines[0]!, /^shale: error: /);
  assert.match(lines[0]!, c.error);
  assert.equal(await recorded(), 0, 'no state row');
  // Files that cannot be decoded stop `status` too (with the same line); the others list as pending.
  const st = await shale(['--db', db, 'status', '--json'], { cwd: dir });
  if (st.code === 0) {
    const states = (JSON.parse(st.stdout) as { migrations: { state: string }[] }).migrations.map((m) => m.state);
    assert.deepEqual(states, ['pending', 'pending']);
  } else assert.match(st.stderr.trim(), c.error);
}

describe('unsafe text is refused before anything runs', async () => {
  describe('SQLite', () => {
    for (const c of CASES) {
      it(c.name, async () => {
        const file = join(tempDir(), 'app.db');
        await assertRefused(`sqlite:${file}`, c, async () => {
          const { default: Database } = await import('better-sqlite3');
          const db = new Database(file);
          try {
            const t = db.prepare("select name from sqlite_master where name = 'shale_migrations'").all();
            return t.length ? (db.prepare('select count(*) as n from shale_migrations').get() as { n: number }).n : 0;
          } finally {
            db.close();
          }
        });
      });
    }
  });

  describe('PostgreSQL', { skip: await skipUnlessPg() }, () => {
    for (const c of CASES) {
      it(c.name, async () => {
        const db = await createPgDatabase();
        try {
          await assertRefused(db.url, c, async () => {
            const pg = (await import('pg')).default;
            const client = new pg.Client({ connectionString: db.url });
            await client.connect();
            try {
              const t = await client.query("select to_regclass('shale_migrations') as t");
              return t.rows[0].t ? Number((await client.query('select count(*) as n from shale_migrations')).rows[0].n) : 0;
            } finally {
              await client.end();
            }
          });
        } finally {
          await db.drop();
        }
      });
    }
  });

  describe('MariaDB', { skip: await skipUnlessMysql() }, () => {
    for (const c of CASES) {
      it(c.name, async () => {
        const db = await createMysqlDatabase();
        try {
          await assertRefused(db.url, c, async () => {
            const conn = await db.connect();
            const [t] = await conn.query("select count(*) as n from information_schema.tables where table_schema = database() and table_name = 'shale_migrations'");
            if (Number((t as { n: number }[])[0]!.n) === 0) return 0;
            const [rows] = await conn.query('select count(*) as n from shale_migrations');
            return Number((rows as { n: number }[])[0]!.n);
          });
        } finally {
          await db.drop();
        }
      });
    }
  });
});
