// The MySQL and SQLite rules checked against the engines themselves: what SQLite's rules say it
// refuses, it refuses (and the forms they pass, it runs); what MY104 says copies, MariaDB refuses
// to run in place (ALGORITHM=INPLACE); and `shale lint --db` on both lints only the pending migrations.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { mysqlLint } from '../../../src/lint/mysql/index.js';
import { sqliteLint } from '../../../src/lint/sqlite/index.js';
import { shale, tempDir } from '../../helpers/cli.js';
import { createMysqlDatabase, skipUnlessMysql, type TempMysqlDatabase } from '../../helpers/mysql.js';

const SETUP = 'create table t (id integer primary key, a int, b int unique, p int references t (id), q int, foreign key (q) references t (id));\ncreate index t_a on t (a);\n';

async function codesOf(dialect: typeof sqliteLint, sql: string): Promise<string[]> {
  return (await dialect.lint([{ id: 'm', scripts: [{ sql, location: 'm.sql', line: 1, transaction: true }] }], {})).map((f) => f.code);
}

describe('SQLite rules against SQLite', () => {
  // [statement, finding, whether the finding needs the run to have created t (SQ103 knows its keys only then)]
  const cases: [string, string | null, boolean][] = [
    ['alter table t add column c int not null;', 'SQ101', false],
    ['alter table t add column c int not null default null;', 'SQ101', false],
    ["alter table t add column c text not null default 'x';", null, false],
    ['alter table t add column c int primary key;', 'SQ102', false],
    ['alter table t add column c int unique;', 'SQ102', false],
    ['alter table t add column c text default current_timestamp;', 'SQ102', false],
    ['alter table t add column c int default (1 + 1);', 'SQ102', false],
    ['alter table t add column c int default (1);', null, false],
    ['alter table t add column c int as (a * 2) stored;', 'SQ102', false],
    ['alter table t add column c int as (a * 2) virtual;', null, false],
    ['alter table t drop column a;', 'SQ103', true],
    ['alter table t drop column b;', 'SQ103', true],
    ['alter table t drop column q;', 'SQ103', true],
    // A column's own REFERENCES goes away with it.
    ['alter table t drop column p;', null, true],
  ];
  for (const [sql, code, setup] of cases) {
    it(`${code ?? 'no refusal'}: ${sql}`, async () => {
      // t exists with a row (an applied migration made it), unless the run creates it here.
      const found = (await codesOf(sqliteLint, setup ? `${SETUP}${sql}` : sql)).filter((c) => c !== 'SQ106');
      assert.deepEqual(found, code ? [code] : []);
      const db = new Database(':memory:');
      try {
        db.exec(`${SETUP}insert into t values (1, 1, 1, null, null);`);
        if (code) assert.throws(() => db.exec(sql), `SQLite ran what ${code} says it refuses: ${sql}`);
        else db.exec(sql);
      } finally {
        db.close();
      }
    });
  }
  it('on a table the run created (no rows yet) SQ101 and the row-only SQ102 cases are not reported, and SQLite runs them', async () => {
    const sql = 'create table e (a int);\nalter table e add column b int not null;\nalter table e add column c text default current_timestamp;';
    assert.deepEqual(await codesOf(sqliteLint, sql), []);
    const db = new Database(':memory:');
    try {
      db.exec(sql);
    } finally {
      db.close();
    }
  });
});

describe('MY104 against MariaDB: what it says copies cannot run in place', async () => {
  const skip = await skipUnlessMysql();
  let db: TempMysqlDatabase;
  before(async () => {
    if (skip) return;
    db = await createMysqlDatabase('shale_lint_my');
    const c = await db.connect();
    await c.query('create table p (id int primary key) engine=innodb');
    await c.query("create table t (id int primary key, p int, s enum('a','b'), c int) engine=innodb charset latin1");
  });
  after(async () => {
    if (!skip) await db.drop();
  });
  const copying = ['alter table t convert to character set utf8mb4', 'alter table t add constraint t_p foreign key (p) references p (id)', 'alter table t modify c varchar(10)'];
  for (const sql of copying) {
    it(sql, { skip }, async () => {
      const found = await codesOf(mysqlLint, `${sql};`);
      assert.ok(found.includes('MY104') || found.includes('MY103'), found.join());
      const c = await db.connect();
      await assert.rejects(c.query(`${sql}, algorithm=inplace`), /ALGORITHM=INPLACE is not supported|not supported for this operation/i);
      // With the clause the hints name the server refuses instead of copying: not reported.
      assert.deepEqual((await codesOf(mysqlLint, `${sql}, algorithm=inplace;`)).filter((x) => x === 'MY103' || x === 'MY104'), []);
    });
  }
  it('a foreign key is added in place with foreign_key_checks off, and then not reported', { skip }, async () => {
    const sql = 'set foreign_key_checks = 0;\nalter table t add constraint t_p2 foreign key (p) references p (id);';
    assert.deepEqual(await codesOf(mysqlLint, sql), []);
    const c = await db.connect();
    await c.query('set foreign_key_checks = 0');
    await c.query('alter table t add constraint t_p2 foreign key (p) references p (id), algorithm=inplace');
  });
});

describe('shale lint --db on SQLite', () => {
  it('lints the pending migrations with the SQLite rules', async () => {
    const dir = tempDir('shale-lint-sq-');
    mkdirSync(join(dir, 'migrations'));
    writeFileSync(join(dir, 'migrations', '0001_a.sql'), 'create table t (a int);\n');
    const url = `sqlite:${join(dir, 'app.db')}`;
    assert.equal((await shale(['--db', url, 'up'], { cwd: dir })).code, 0);
    writeFileSync(join(dir, 'migrations', '0002_b.sql'), 'alter table t add column b int not null;\n');
    const r = await shale(['--db', url, 'lint', '--json'], { cwd: dir });
    assert.equal(r.code, 3, r.stderr);
    const doc = JSON.parse(r.stdout) as { findings: { code: string; migration: string; line: number }[]; migrations: number };
    assert.equal(doc.migrations, 1);
    assert.deepEqual(doc.findings.map((f) => [f.code, f.migration, f.line]), [['SQ101', '0002_b', 1]]);
    // Without a database, every migration: the table is the run's own, so only a table it did not create is reported.
    writeFileSync(join(dir, 'migrations', '0003_c.sql'), 'alter table elsewhere add column c int not null;\n');
    const dialect = await shale(['lint', '--dialect', 'mysql', '--json'], { cwd: dir });
    assert.deepEqual((JSON.parse(dialect.stdout) as { findings: { code: string }[] }).findings.map((f) => f.code), ['MY101']);
  });
});

describe('shale lint --db on MariaDB: severity from the table sizes information_schema gives', async () => {
  const skip = await skipUnlessMysql();
  it('a possibly copying ALTER of a big table is a warning naming its size, of a small one info; a certain copy of a big one an error', { skip }, async () => {
    const db = await createMysqlDatabase('shale_lint_size');
    try {
      const c = await db.connect();
      await c.query('create table big (id int primary key, c int) engine=innodb');
      await c.query('create table small (id int primary key, c int) engine=innodb');
      // 30 × 1,000 rows: a recursive CTE stops at 1,000 iterations on MariaDB by default.
      for (let k = 0; k < 30; k++) await c.query(`insert into big with recursive n(i) as (select 1 union all select i + 1 from n where i < 1000) select i + ${k * 1000}, i from n`);
      await c.query('insert into small values (1, 1), (2, 2)');
      await c.query('analyze table big, small');
      const dir = tempDir('shale-lint-my-');
      mkdirSync(join(dir, 'migrations'));
      writeFileSync(join(dir, 'migrations', '0001_c.sql'), 'alter table big modify c bigint;\nalter table small modify c bigint;\nalter table big convert to character set utf8mb4;\nalter table small convert to character set utf8mb4;\n');
      const r = await shale(['--db', db.url, 'lint', '--json'], { cwd: dir });
      const doc = JSON.parse(r.stdout) as { findings: { code: string; severity: string; line: number; message: string }[] };
      const my103 = doc.findings.filter((f) => f.code === 'MY103').map((f) => [f.line, f.severity]);
      assert.deepEqual(my103, [[1, 'warning'], [2, 'info']], r.stdout);
      assert.deepEqual(doc.findings.filter((f) => f.code === 'MY104').map((f) => [f.line, f.severity]), [[3, 'error'], [4, 'info']], r.stdout);
      assert.match(doc.findings.find((f) => f.code === 'MY103' && f.line === 1)!.message, /big: ~\d{1,3},\d{3} rows, /);
      assert.equal(r.code, 3, r.stderr); // an error-level finding
      // Without the database nothing is known of the sizes: the rule's own severity.
      const offline = await shale(['lint', '--dialect', 'mysql', '--json'], { cwd: dir });
      const offlineFindings = (JSON.parse(offline.stdout) as { findings: { code: string; severity: string }[] }).findings;
      assert.deepEqual(offlineFindings.filter((f) => f.code === 'MY103').map((f) => f.severity), ['warning', 'warning']);
      assert.deepEqual(offlineFindings.filter((f) => f.code === 'MY104').map((f) => f.severity), ['error', 'error']);
    } finally {
      await db.drop();
    }
  });
});
