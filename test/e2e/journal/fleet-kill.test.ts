// A fleet runner killed mid-target: the next `fleet up` continues the interrupted migration from its
// journal (no row twice), and completes one whose statements had all run (`partial`, 2 of 2).
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { shale, startShale, tempDir } from '../../helpers/cli.js';
import { createPgDatabase, pgQuery, skipUnlessPg, type TempPgDatabase } from '../../helpers/databases.js';

const skip = await skipUnlessPg();

const GATE = 535353;
// Statement 2 waits on an advisory lock the test holds, so the runner is killed while it runs, for certain.
const MIGRATION = ['-- transaction: false', 'create table ledger (n int);', `insert into ledger select 1 from pg_advisory_xact_lock_shared(${GATE});`, 'insert into ledger values (2);'].join('\n');

/** Poll `check` until it holds (at most a minute: a hung run fails the test, it never passes it). */
async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 2400; i++) {
    if (await check()) return;
    await sleep(25);
  }
  throw new Error(`never happened: ${what}`);
}

describe('fleet: a target left by a killed runner', { skip }, () => {
  let dir: string;
  let dbs: TempPgDatabase[];
  before(async () => {
    dir = tempDir('shale-fleet-kill-');
    mkdirSync(join(dir, 'migrations'));
    writeFileSync(join(dir, 'migrations', '0001.ledger.sql'), MIGRATION);
    dbs = [await createPgDatabase('shale_fk'), await createPgDatabase('shale_fk')];
    writeFileSync(join(dir, 'targets.txt'), dbs.map((d) => d.url).join('\n'));
  });
  after(async () => {
    for (const d of dbs ?? []) await d.drop();
    rmSync(dir, { recursive: true, force: true });
  });


  it('is continued from its journal, and a 2-of-2 partial is completed, every row once', async () => {
    // Hold the gate on both targets: the runner is killed once both wait on it inside statement 2.
    const gates: pg.Client[] = [];
    const release = async (): Promise<void> => {
      for (const g of gates.splice(0)) await g.end().catch(() => undefined);
    };
    try {
      for (const d of dbs) {
        const g = new pg.Client({ connectionString: d.url });
        await g.connect();
        gates.push(g);
        await g.query('select pg_advisory_lock($1)', [GATE]);
      }
      const run = startShale(['fleet', 'up', '--targets', 'targets.txt', '--concurrency', '2'], { cwd: dir });
      for (const g of gates) {
        await until('statement 2 waits on the gate', async () => (await g.query("select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted and objid = $1", [GATE])).rows[0].n > 0);
      }
      run.child.kill('SIGKILL');
      assert.equal((await run.done).signal, 'SIGKILL');
    } finally {
      await release();
    }
    // The killed runner's sessions end once statement 2 has run (its row committed): the next run must not find them still running.
    for (const d of dbs) {
      await until("the killed runner's sessions ended", async () => (await pgQuery(d.url, "select 1 from pg_stat_activity where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()")).length === 0);
    }
    // Target 2: as if killed after its last statement, before its final row.
    await pgQuery(dbs[1]!.url, 'delete from ledger; insert into ledger values (1), (2)');
    await pgQuery(dbs[1]!.url, "update shale_migrations set status = 'partial', statements_done = 3, statements_started = 3 where id = '0001.ledger'");
    const before = await pgQuery(dbs[0]!.url, 'select status, statements_done from shale_migrations');
    assert.deepEqual(before.map((x) => [x['status'], Number(x['statements_done'])]), [['partial', 1]], 'target 1 was killed in statement 2');
    const r = await shale(['fleet', 'up', '--targets', 'targets.txt', '--json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const report = JSON.parse(r.stdout) as { targets: { status: string; applied: string[] }[] };
    assert.deepEqual(report.targets.map((t) => t.status), ['ok', 'ok']);
    for (const d of dbs) {
      assert.deepEqual((await pgQuery(d.url, 'select n from ledger order by n')).map((x) => x['n']), [1, 2]);
      assert.deepEqual((await pgQuery(d.url, 'select status, statements_done from shale_migrations')).map((x) => [x['status'], Number(x['statements_done'])]), [['applied', 3]]);
    }
  });
});
