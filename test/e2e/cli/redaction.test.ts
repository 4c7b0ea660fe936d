// A password never appears in any output, log, error, JSON or state row. Every failure
// kind is run with a distinctive secret in every URL form, and stdout, stderr and the state and
// queue tables are searched for it. PostgreSQL here may use trust auth: the password is then ignored
// (it still must not be printed), and failures are forced with a closed port, an unknown role or a
// missing database. Under CI=true a missing server fails these tests (skipUnless*).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createPgDatabase, PG_URL, skipUnlessPg, uniqueName, type TempPgDatabase, pgQuery } from '../../helpers/databases.js';
import { createMysqlDatabase, mysqlAdmin, skipUnlessMysql, type TempMysqlDatabase } from '../../helpers/mysql.js';
import { shale, startShale, tempDir, type CliResult } from '../../helpers/cli.js';

/** The part every form carries; searched for in all output. */
const CORE = 'Zq7xWv3kLeak';
const PLAIN = `${CORE}pw`;
const SPACED = `a b${CORE}`;

type Form = 'userinfo' | 'param' | 'sslpassword' | 'space';
const FORMS: readonly Form[] = ['userinfo', 'param', 'sslpassword', 'space'];

/** `scheme://user[:secret]@host:port/db[?param=secret]` in the given form. */
function urlFor(base: string, form: Form, o: { user?: string; port?: number; db?: string } = {}): string {
  const u = new URL(base);
  const scheme = u.protocol;
  const user = o.user ?? decodeURIComponent(u.username);
  const host = `${u.hostname}:${o.port ?? u.port}`;
  const db = o.db ?? u.pathname.slice(1);
  switch (form) {
    case 'userinfo':
      return `${scheme}//${user}:${PLAIN}@${host}/${db}`;
    case 'param':
      return `${scheme}//${user}@${host}/${db}?password=${PLAIN}`;
    case 'sslpassword':
      return `${scheme}//${user}@${host}/${db}?sslpassword=${PLAIN}`;
    case 'space':
      return `${scheme}//${user}:${SPACED}@${host}/${db}`;
  }
}

function assertClean(r: CliResult | { stdout: string; stderr: string }, what: string): void {
  for (const [name, text] of [['stdout', r.stdout], ['stderr', r.stderr]] as const) {
    assert.ok(!text.includes(CORE), `${what}: the secret is in ${name}:\n${text}`);
  }
}

function project(files: Record<string, string>): string {
  const dir = tempDir('shale-redact-');
  mkdirSync(join(dir, 'migrations'));
  for (const [n, t] of Object.entries(files)) writeFileSync(join(dir, 'migrations', n), t);
  return dir;
}


/** Every state table of a PostgreSQL database as text. */
async function pgStateText(url: string): Promise<string> {
  const tables = (await pgQuery(url, "select tablename from pg_tables where tablename like 'shale\\_%'")) as { tablename: string }[];
  let out = '';
  for (const t of tables) out += JSON.stringify(await pgQuery(url, `select * from "${t.tablename}"`));
  return out;
}

/**
 * Known leak, not fixable outside src/core: the `error` column of shale_migrations / shale_log keeps
 * the raw database message (statementError in core/execute.ts is never given the URL's secrets, and
 * core/apply.ts stores messageOf(e)). Run as todo until core redacts; flip to a plain test then.
 */

const OK_MIGRATION = { '001_ok.sql': 'create table redact_ok (id int);' };
/** The database error quotes the secret (as `create user … identified by '…'` errors do). */
const ECHO_MIGRATION = (secret: string) => ({ '001_ok.sql': 'create table redact_ok (id int);', '002_echo.sql': `select * from "${secret}";` });
/** MySQL quotes identifiers with backticks. */
const ECHO_MYSQL = (secret: string) => ({ '001_ok.sql': 'create table redact_ok (id int);', '002_echo.sql': `select * from \`${secret}\`;` });

/** Every way a run can be rendered: text, --json, --verbose. */
async function runAllRenderings(args: readonly string[], cwd: string, what: string, env?: NodeJS.ProcessEnv): Promise<CliResult[]> {
  const out: CliResult[] = [];
  for (const extra of [[], ['--json'], ['--verbose']]) {
    const r = await shale([...extra, ...args], { cwd, ...(env ? { env } : {}) });
    assertClean(r, `${what} ${extra.join(' ')}`);
    out.push(r);
  }
  return out;
}

describe('redaction: invalid URL forms are rejected without echoing the secret', () => {
  const forms = [
    `postgres://u:12#${CORE}@127.0.0.1/db`,
    `postgres://u:12?${CORE}@127.0.0.1/db`,
    `postgres://u:12/${CORE}@127.0.0.1/db`,
    `postgres://u:x${CORE}@127.0.0.1/db#frag`,
    `postgres://u:${CORE}`,
    `postgres:u:${CORE}@127.0.0.1/db`,
    `mysql://u:12#${CORE}@127.0.0.1/db`,
    `oracle://u:${CORE}@h/d`,
  ];
  for (const url of forms) {
    it(url.replace(CORE, '<secret>'), async () => {
      const dir = project(OK_MIGRATION);
      for (const r of await runAllRenderings(['--db', url, 'status'], dir, url)) assert.notEqual(r.code, 0);
      const r = await shale(['diff', url, 'pglite:memory'], { cwd: dir });
      assertClean(r, `diff ${url}`);
      assert.notEqual(r.code, 0);
      const f = await shale(['--json', 'fleet', 'status', '--targets', url], { cwd: dir });
      assertClean(f, `fleet ${url}`);
      assert.notEqual(f.code, 0);
    });
  }
});

describe('redaction: PostgreSQL', async () => {
  const skip = await skipUnlessPg();
  const dbs: TempPgDatabase[] = [];
  const newDb = async () => {
    const d = await createPgDatabase('shale_redact');
    dbs.push(d);
    return d;
  };
  after(async () => {
    for (const d of dbs) await d.drop();
  });

  for (const form of FORMS) {
    it(`${form}: connection failures (closed port, unknown role, missing database)`, { skip }, async () => {
      const dir = project(OK_MIGRATION);
      const urls = [urlFor(PG_URL, form, { port: 1 }), urlFor(PG_URL, form, { user: 'no_such_role_redact' }), urlFor(PG_URL, form, { db: 'no_such_db_redact' })];
      for (const url of urls) {
        for (const cmd of [['status'], ['up'], ['history']]) {
          for (const r of await runAllRenderings(['--db', url, ...cmd], dir, `${cmd[0]} ${url}`)) assert.notEqual(r.code, 0, r.stderr);
        }
      }
    });

    it(`${form}: a failing migration whose error quotes the secret; state rows`, { skip }, async () => {
      const db = await newDb();
      const secret = form === 'space' ? SPACED : PLAIN;
      const dir = project(ECHO_MIGRATION(secret));
      const url = urlFor(db.url, form);
      const rs = await runAllRenderings(['--db', url, 'up'], dir, `up ${form}`);
      for (const r of rs) assert.notEqual(r.code, 0);
      for (const r of await runAllRenderings(['--db', url, 'history'], dir, `history ${form}`)) assert.equal(r.code, 0, r.stderr);
      for (const r of await runAllRenderings(['--db', url, 'status'], dir, `status ${form}`)) assert.ok(r.code === 0 || r.code === 2, r.stderr);
    });

    it(`${form}: the state tables hold no secret after a failing migration`, { skip }, async () => {
      const db = await newDb();
      const secret = form === 'space' ? SPACED : PLAIN;
      const dir = project(ECHO_MIGRATION(secret));
      const r = await shale(['--db', urlFor(db.url, form), 'up'], { cwd: dir });
      assert.notEqual(r.code, 0);
      const state = await pgStateText(db.url);
      assert.match(state, /redact_ok|001_ok/);
      assert.ok(!state.includes(CORE), `the secret is in the state tables: ${state}`);
    });

    it(`${form}: config with \${VAR}`, { skip }, async () => {
      const db = await newDb();
      const secret = form === 'space' ? SPACED : PLAIN;
      const dir = project(ECHO_MIGRATION(secret));
      writeFileSync(join(dir, 'shale.config.json'), JSON.stringify({ db: '${REDACT_DB}', environments: { bad: { db: '${REDACT_BAD}' } } }));
      const env = { REDACT_DB: urlFor(db.url, form), REDACT_BAD: urlFor(PG_URL, form, { port: 1 }) };
      for (const r of await runAllRenderings(['up'], dir, `config up ${form}`, env)) assert.notEqual(r.code, 0);
      for (const r of await runAllRenderings(['--env', 'bad', 'status'], dir, `config --env bad ${form}`, env)) assert.notEqual(r.code, 0);
      const fleet = await shale(['fleet', 'up', '--env', 'bad'], { cwd: dir, env });
      assertClean(fleet, `config fleet ${form}`);
      // SHALE_DATABASE_URL and DATABASE_URL
      for (const name of ['SHALE_DATABASE_URL', 'DATABASE_URL']) {
        const r = await shale(['status'], { cwd: project(OK_MIGRATION), env: { [name]: urlFor(PG_URL, form, { port: 1 }) } });
        assertClean(r, `${name} ${form}`);
        assert.notEqual(r.code, 0);
      }
    });

    it(`${form}: fleet with a failing target, text and --json; coordinator queue table`, { skip }, async () => {
      const good = await newDb();
      const coord = await newDb();
      const secret = form === 'space' ? SPACED : PLAIN;
      const dir = project(ECHO_MIGRATION(secret));
      const targets = [urlFor(good.url, form), urlFor(PG_URL, form, { port: 1 }), urlFor(PG_URL, form, { user: 'no_such_role_redact' })];
      writeFileSync(join(dir, 'targets.txt'), `${targets.join('\n')}\n`);
      for (const args of [['fleet', 'up', '--targets', ...targets, '--continue-on-error'], ['--json', 'fleet', 'up', '--targets', 'targets.txt', '--continue-on-error'], ['--json', 'fleet', 'status', '--targets', ...targets]]) {
        const r = await shale(args, { cwd: dir });
        assertClean(r, args.join(' '));
        assert.notEqual(r.code, 0);
      }
      const coordUrl = urlFor(coord.url, form);
      for (const extra of [[], ['--json']]) {
        const r = await shale([...extra, 'fleet', 'up', '--targets', ...targets, '--continue-on-error', '--coordinator', coordUrl], { cwd: dir });
        assertClean(r, `coordinated fleet ${form}`);
        assert.notEqual(r.code, 0);
      }
      const queue = JSON.stringify(await pgQuery(coord.url, 'select * from shale_fleet_queue'));
      assert.match(queue, /failed/);
      assert.ok(!queue.includes(CORE), `the secret is in the queue table: ${queue}`);
      // The key must not be a hash of the secret-bearing URL either (a guess could be checked offline).
      for (const t of targets) assert.ok(!queue.includes(createHash('sha256').update(t).digest('hex')), 'the queue key is sha256 of the URL with its password');
    });

    it(`${form}: diff with a bad URL`, { skip }, async () => {
      const db = await newDb();
      const dir = project(OK_MIGRATION);
      for (const [a, b] of [
        [urlFor(PG_URL, form, { port: 1 }), 'pglite:memory'],
        ['pglite:memory', urlFor(PG_URL, form, { user: 'no_such_role_redact' })],
        [urlFor(db.url, form), urlFor(PG_URL, form, { db: 'no_such_db_redact' })],
      ]) {
        for (const extra of [[], ['--json']]) {
          const r = await shale(['diff', ...extra, a!, b!], { cwd: dir });
          assertClean(r, `diff ${a} ${b}`);
          assert.notEqual(r.code, 0);
        }
      }
    });
  }

  it('lock timeout: the waiting run names the holder, not the URL', { skip }, async () => {
    const db = await newDb();
    const dir = project({ '001_slow.sql': 'select pg_sleep(120);' });
    const url = urlFor(db.url, 'userinfo');
    const first = startShale(['--db', url, 'up'], { cwd: dir });
    // Only once the first run holds the lock and runs its migration: a waiter that came first would take the lock itself.
    for (let i = 0; (await pgQuery(db.url, "select 1 from pg_stat_activity where query like '%pg_sleep(120)%' and pid <> pg_backend_pid()")).length === 0; i++) {
      assert.ok(i < 1200, 'the first run never started its migration');
      await new Promise((r) => setTimeout(r, 50));
    }
    for (const form of FORMS) {
      for (const extra of [[], ['--json'], ['--verbose']]) {
        const r = await shale([...extra, '--db', urlFor(db.url, form), '--lock-timeout', '0.3', 'up'], { cwd: dir });
        assertClean(r, `lock timeout ${form}`);
        assert.notEqual(r.code, 0, r.stdout);
      }
    }
    first.child.kill('SIGTERM');
    assertClean(await first.done, 'lock holder');
  });
});

describe('redaction: MySQL / MariaDB', async () => {
  const skip = await skipUnlessMysql();
  const dbs: TempMysqlDatabase[] = [];
  const users: string[] = [];
  /** A user whose password is PLAIN and one whose password is SPACED, with rights on every test database. */
  const user: Record<'plain' | 'spaced', string> = { plain: '', spaced: '' };
  before(async () => {
    if (skip) return;
    const a = await mysqlAdmin();
    try {
      for (const [k, pw] of [['plain', PLAIN], ['spaced', SPACED]] as const) {
        const name = uniqueName('r').slice(0, 30);
        await a.query(`create user ?@'%' identified by ?`, [name, pw]);
        await a.query(`grant all on \`shale\\_redact\\_%\`.* to ?@'%'`, [name]);
        user[k] = name;
        users.push(name);
      }
    } finally {
      await a.end();
    }
  });
  const newDb = async (): Promise<TempMysqlDatabase> => {
    const d = await createMysqlDatabase('shale_redact');
    dbs.push(d);
    return d;
  };
  after(async () => {
    for (const d of dbs) await d.drop();
    if (users.length === 0) return;
    const a = await mysqlAdmin();
    try {
      for (const u of users) await a.query(`drop user if exists ?@'%'`, [u]);
    } finally {
      await a.end();
    }
  });

  for (const form of FORMS) {
    const urlOf = (db: TempMysqlDatabase, o: { user?: string; port?: number; db?: string } = {}): string =>
      urlFor(db.url, form, { ...o, user: o.user ?? (form === 'space' ? user.spaced : user.plain) });

    it(`${form}: wrong password, closed port, missing database, unsupported parameter`, { skip }, async () => {
      const db = await newDb();
      const mysqlUrl = (o: { user?: string; port?: number; db?: string } = {}): string => urlOf(db, o);
      const dir = project(OK_MIGRATION);
      const urls = [mysqlUrl({ user: 'root' }), mysqlUrl({ port: 1 }), mysqlUrl({ db: 'no_such_db_redact' }), `${mysqlUrl()}${form === 'param' || form === 'sslpassword' ? '&' : '?'}nosuch=1`];
      for (const url of urls) {
        for (const r of await runAllRenderings(['--db', url, 'status'], dir, `status ${url}`)) assert.notEqual(r.code, 0, r.stderr);
      }
    });

    it(`${form}: a failing migration whose error quotes the secret; state rows`, { skip }, async () => {
      if (form === 'sslpassword') return; // rejected as an unsupported parameter (tested above): nothing runs
      const db = await newDb();
      const mysqlUrl = (o: { user?: string; port?: number; db?: string } = {}): string => urlOf(db, o);
      const secret = form === 'space' ? SPACED : PLAIN;
      const dir = project(ECHO_MYSQL(secret));
      const url = mysqlUrl();
      for (const r of await runAllRenderings(['--db', url, 'up'], dir, `up ${form}`)) assert.notEqual(r.code, 0);
      for (const r of await runAllRenderings(['--db', url, 'history'], dir, `history ${form}`)) assert.equal(r.code, 0, r.stderr);
      const f = await shale(['--json', 'fleet', 'up', '--targets', url, mysqlUrl({ port: 1 }), '--continue-on-error'], { cwd: dir });
      assertClean(f, `fleet ${form}`);
    });

    it(`${form}: the state tables hold no secret after a failing migration`, { skip }, async () => {
      if (form === 'sslpassword') return;
      const db = await newDb();
      const secret = form === 'space' ? SPACED : PLAIN;
      const dir = project(ECHO_MYSQL(secret));
      assert.notEqual((await shale(['--db', urlOf(db), 'up'], { cwd: dir })).code, 0);
      const c = await db.connect();
      const [tables] = (await c.query("select table_name as t from information_schema.tables where table_schema = database() and table_name like 'shale\\_%'")) as unknown as [{ t: string }[]];
      let state = '';
      for (const { t } of tables) state += JSON.stringify((await c.query(`select * from \`${t}\``))[0]);
      assert.match(state, /001_ok/);
      assert.ok(!state.includes(CORE), `the secret is in the state tables: ${state}`);
    });
  }
});
