// SIGKILL `shale up` at random moments inside slow statements, then compare the journal with what
// really exists and resume: counts wrong journals, duplicated rows and stuck runs (the state row of a
// statement-by-statement migration must say exactly which statements ran, whenever the process dies).
// Used small by test/e2e/journal/kill.test.ts and at full size by bench/kill/run.ts.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openAdapter } from '../../src/adapters/open.js';
import { shale, startShale, tempDir } from './cli.js';
import { createPgDatabase } from './databases.js';
import { createMysqlDatabase } from './mysql.js';

export type Engine = 'postgres' | 'sqlite' | 'mysql';

/** Reads the target database: one query returning rows. */
type Reader = (sql: string) => Promise<Record<string, unknown>[]>;

/** What statement k (1-based) of the migration leaves behind; null: nothing that can be seen. */
type Effect = ((read: Reader) => Promise<boolean>) | null;

interface Scenario {
  readonly migration: string;
  readonly effects: readonly Effect[];
  /** Every `n` the ledger must hold exactly once at the end. */
  readonly rows: readonly number[];
  open(): Promise<{ url: string; read: Reader; close(): Promise<void> }>;
}

const row = (n: number): Effect => async (read) => Number((await read(`select count(*) as c from ledger where n = ${n}`))[0]?.['c'] ?? 0) > 0;

function pgScenario(): Scenario {
  const sleepy = (n: number, s: number) => `insert into ledger select ${n} from pg_sleep(${s});`;
  return {
    migration: [
      '-- transaction: false',
      'create table ledger (n int);',
      sleepy(1, 0.3),
      'create function slow(n int) returns int language plpgsql immutable as $$ begin perform pg_sleep(0.15); return n; end $$;',
      'create index concurrently ledger_slow on ledger ((slow(n)));',
      sleepy(2, 0.3),
      'begin;',
      sleepy(3, 0.2),
      'insert into ledger values (4);',
      'commit;',
      'vacuum ledger;',
      sleepy(5, 0.3),
    ].join('\n'),
    effects: [
      async (read) => (await read("select to_regclass('ledger') is not null as e"))[0]?.['e'] === true,
      row(1),
      async (read) => Number((await read("select count(*) as c from pg_proc where proname = 'slow'"))[0]?.['c']) > 0,
      async (read) => Number((await read("select count(*) as c from pg_index where indexrelid = to_regclass('ledger_slow') and indisvalid"))[0]?.['c']) > 0,
      row(2),
      null,
      row(3),
      row(4),
      null,
      null,
      row(5),
    ],
    rows: [1, 2, 3, 4, 5, 100],
    async open() {
      const db = await createPgDatabase('shale_kill');
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      return {
        url: db.url,
        read: async (sql) => {
          try {
            return (await c.query(sql)).rows;
          } catch (e) {
            if ((e as { code?: string }).code === '42P01') return [{ c: 0 }];
            throw e;
          }
        },
        async close() {
          await c.end();
          await db.drop();
        },
      };
    },
  };
}

function sqliteScenario(): Scenario {
  // SQLite has no sleep: count a recursive series to make a statement slow.
  const slow = (n: number) => `insert into ledger select ${n} where (with recursive c(x) as (select 1 union all select x + 1 from c where x < 400000) select count(*) from c) > 0;`;
  return {
    migration: ['-- transaction: false', 'create table ledger (n int);', slow(1), 'vacuum;', slow(2), 'begin;', slow(3), 'insert into ledger values (4);', 'commit;', 'pragma user_version = 7;', slow(5)].join('\n'),
    effects: [
      async (read) => Number((await read("select count(*) as c from sqlite_master where name = 'ledger'"))[0]?.['c']) > 0,
      row(1),
      null,
      row(2),
      null,
      row(3),
      row(4),
      null,
      async (read) => (await read('select user_version as v from pragma_user_version'))[0]?.['v'] === 7,
      row(5),
    ],
    rows: [1, 2, 3, 4, 5, 100],
    async open() {
      const dir = tempDir('shale-kill-sqlite-');
      const file = join(dir, 'kill.db');
      return {
        url: `sqlite:${file}`,
        read: async (sql) => {
          // Read-write: a killed run may leave a hot journal, which SQLite rolls back on open (as the next shale run would).
          const db = new Database(file);
          try {
            return db.prepare(sql).all() as Record<string, unknown>[];
          } catch (e) {
            if (/no such table/.test(String(e))) return [{ c: 0 }];
            throw e;
          } finally {
            db.close();
          }
        },
        async close() {
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  };
}

function mysqlScenario(): Scenario {
  const sleepy = (n: number, s: number) => `insert into ledger select ${n} from (select sleep(${s})) s;`;
  const table = (name: string): Effect => async (read) =>
    Number((await read(`select count(*) as c from information_schema.tables where table_schema = database() and table_name = '${name}'`))[0]?.['c']) > 0;
  return {
    // No `transaction: false`: MySQL DDL commits by itself, DML runs in transactions with the journal.
    migration: [
      'create table ledger (n int) engine=innodb;',
      sleepy(1, 0.3),
      'create table slowddl engine=innodb as select sleep(0.4) as s;',
      sleepy(2, 0.3),
      'insert into ledger values (3);',
      'create index ledger_n on ledger (n);',
      sleepy(4, 0.3),
    ].join('\n'),
    effects: [
      table('ledger'),
      row(1),
      table('slowddl'),
      row(2),
      row(3),
      async (read) => Number((await read("select count(*) as c from information_schema.statistics where table_schema = database() and index_name = 'ledger_n'"))[0]?.['c']) > 0,
      row(4),
    ],
    rows: [1, 2, 3, 4, 100],
    async open() {
      const db = await createMysqlDatabase('shale_kill');
      const c = await db.connect();
      return {
        url: db.url,
        read: async (sql) => {
          try {
            return (await c.query(sql))[0] as Record<string, unknown>[];
          } catch (e) {
            if ((e as { code?: string }).code === 'ER_NO_SUCH_TABLE') return [{ c: 0 }];
            throw e;
          }
        },
        close: () => db.drop(),
      };
    },
  };
}

const SCENARIOS: Record<Engine, () => Scenario> = { postgres: pgScenario, sqlite: sqliteScenario, mysql: mysqlScenario };

export interface KillFigures {
  readonly engine: Engine;
  readonly trials: number;
  /** Kills that left a record in doubt (an autocommit statement on its way). */
  readonly inDoubt: number;
  /** Journals that disagree with what exists: a statement counted done without its effect, or an effect beyond what was started. */
  readonly wrongCounts: number;
  /** Rows found more than once after resume. */
  readonly duplicatedRows: number;
  /** Runs that could not be brought to `applied` by resume + up. */
  readonly stuckRuns: number;
  readonly problems: readonly string[];
}

type Rec = { statements_done: number; statements_started: number | null; status: string };

async function record(read: Reader): Promise<Rec | null> {
  try {
    const rows = await read("select statements_done, statements_started, status from shale_migrations where id = '0001.ledger'");
    const r = rows[0];
    return r && 'statements_done' in r ? { statements_done: Number(r['statements_done']), statements_started: r['statements_started'] == null ? null : Number(r['statements_started']), status: String(r['status']) } : null;
  } catch {
    return null; // no state table yet: killed before it was created
  }
}

/** Whether any migration (not only the killed one: a kill can land in the one before) is partial. */
async function anyPartial(read: Reader): Promise<boolean> {
  try {
    return Number((await read("select count(*) as c from shale_migrations where status = 'partial'"))[0]?.['c'] ?? 0) > 0;
  } catch {
    return false; // no state table yet
  }
}

/** Wait until no statement of the killed run is still executing on the server. */
async function waitForServer(url: string): Promise<void> {
  const a = await openAdapter(url, {});
  try {
    for (let i = 0; i < 200 && (await a.orphans()).length > 0; i++) await sleep(100);
  } finally {
    await a.close();
  }
}

/** Run `trials` kill trials on `engine`; `log` gets one line per trial. */
export async function killTrials(engine: Engine, trials: number, log: (line: string) => void = () => undefined): Promise<KillFigures> {
  const sc = SCENARIOS[engine]();
  const dir = tempDir(`shale-kill-${engine}-`);
  const src = join(dir, 'migrations');
  mkdirSync(src);
  // A transactional migration first: the killed one is not the first of its run (session settings
  // the first one's COMMIT resets, such as the run's tag, must survive it).
  writeFileSync(join(src, '0000.first.sql'), 'create table first_t (x int);\n');
  writeFileSync(join(src, '0001.ledger.sql'), sc.migration);
  writeFileSync(join(src, '0002.after.sql'), 'insert into ledger values (100);\n');
  const figures = { engine, trials, inDoubt: 0, wrongCounts: 0, duplicatedRows: 0, stuckRuns: 0, problems: [] as string[] };
  try {
    // One clean run measures how long `up` takes, a `status` how long the process takes to start
    // working; kills land uniformly in between.
    const cal = await sc.open();
    const t0 = Date.now();
    await shale(['--db', cal.url, '--source', src, 'status'], { cwd: dir });
    const startup = Date.now() - t0;
    const t1 = Date.now();
    const clean = await shale(['--db', cal.url, '--source', src, 'up'], { cwd: dir });
    const span = Date.now() - t1;
    await cal.close();
    if (clean.code !== 0) throw new Error(`clean run failed: ${clean.stderr}`);
    for (let t = 1; t <= trials; t++) {
      const db = await sc.open();
      try {
        const delay = Math.floor(startup * 0.8 + Math.random() * (span - startup * 0.8));
        const run = startShale(['--db', db.url, '--source', src, 'up'], { cwd: dir });
        await sleep(delay);
        run.child.kill('SIGKILL');
        await run.done;
        if (engine !== 'sqlite') await waitForServer(db.url);
        const rec = await record(db.read);
        const done = rec?.statements_done ?? 0;
        const started = rec?.statements_started ?? done;
        if (rec && started > done) figures.inDoubt++;
        for (const [i, effect] of sc.effects.entries()) {
          if (!effect || rec?.status === 'applied') continue;
          const k = i + 1;
          const seen = await effect(db.read);
          if ((k <= done && !seen) || (k > started && seen)) {
            figures.wrongCounts++;
            figures.problems.push(`trial ${t} (kill at ${delay} ms): journal ${done} done / ${started} started, but statement ${k} is ${seen ? 'there' : 'missing'}`);
          }
        }
        // Bring it to the end the way a user would: resume while partial, then up.
        let ok = false;
        let last = '';
        for (let attempt = 0; attempt < 3 && !ok; attempt++) {
          const r = await shale(['--db', db.url, '--source', src, (await anyPartial(db.read)) ? 'resume' : 'up'], { cwd: dir });
          last = r.stderr.trim().split('\n').pop() ?? '';
          const st = await shale(['--db', db.url, '--source', src, 'status', '--exit-code'], { cwd: dir });
          ok = st.code === 0;
        }
        if (!ok) {
          figures.stuckRuns++;
          figures.problems.push(`trial ${t} (kill at ${delay} ms): stuck: ${last}`);
        }
        for (const n of sc.rows) {
          const c = Number((await db.read(`select count(*) as c from ledger where n = ${n}`))[0]?.['c'] ?? 0);
          if (c > 1) {
            figures.duplicatedRows += c - 1;
            figures.problems.push(`trial ${t} (kill at ${delay} ms): row ${n} ${c} times`);
          }
          if (c === 0 && ok) figures.problems.push(`trial ${t} (kill at ${delay} ms): row ${n} missing after resume`);
        }
        log(`${engine} trial ${t}: kill at ${delay} ms of ${span}, journal ${rec ? `${done} done / ${started} started (${rec.status})` : 'no record'}${ok ? '' : ', STUCK'}`);
      } finally {
        await db.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}
