// The PostgreSQL adapter's unit of work: the BEGIN travels with the statements, the state rows (their
// values as parameters) travel with the COMMIT in one pipelined round trip, and a failure anywhere in
// that round trip leaves nothing behind.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { openAdapter } from '../../src/adapters/open.js';
import { createMigrator } from '../../src/core/migrator.js';
import { memorySource } from '../../src/sources/memory.js';
import type { Adapter } from '../../src/adapters/adapter.js';
import type { AppliedRecord, NewLogEntry } from '../../src/core/history.js';
import { createPgDatabase, pgQuery, skipUnlessPg, type TempPgDatabase } from '../helpers/databases.js';

const skip = await skipUnlessPg();

interface Sent {
  readonly text: string;
  readonly values: unknown[] | undefined;
  readonly pipelined: boolean;
}

/** Every query the work session's client sends while `fn` runs. */
async function recording(fn: () => Promise<void>): Promise<Sent[]> {
  const sent: Sent[] = [];
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client & { pipeline?: boolean }, config: unknown, values?: unknown) {
    const text = typeof config === 'string' ? config : String((config as { text?: string }).text ?? '');
    sent.push({ text, values: Array.isArray(values) ? values : undefined, pipelined: this.pipeline === true });
    return (original as (...a: unknown[]) => unknown).call(this, config, values);
  } as typeof original;
  try {
    await fn();
  } finally {
    pg.Client.prototype.query = original;
  }
  return sent;
}

const record = (id: string): AppliedRecord => ({
  id,
  checksum: "it's \\ a checksum",
  kind: 'versioned',
  appliedAt: new Date().toISOString(),
  appliedBy: 'tester',
  host: 'here',
  durationMs: 1,
  statementsTotal: 1,
  statementsDone: 1,
  statementsStarted: 1,
  status: 'applied',
  error: null,
});
const entry = (id: string): NewLogEntry => ({ id, operation: 'apply', user: 'tester', host: 'here', pid: 1, durationMs: 1, error: null });

describe('postgres: the unit of work', { skip }, () => {
  let db: TempPgDatabase;
  let adapter: Adapter;
  before(async () => {
    db = await createPgDatabase('shale_tx');
    adapter = await openAdapter(db.url);
    await adapter.history.ensure();
  });
  after(async () => {
    await adapter?.close();
    await db?.drop();
  });

  it('sends BEGIN with the script, then the state rows as parameters with the COMMIT, pipelined', async () => {
    const sent = await recording(() =>
      adapter.transaction(async (tx) => {
        await tx.executeAll(['create table a (x int)', 'insert into a values (1)']);
        await tx.history.saveAndLog(record('0001_a'), entry('0001_a'));
      }),
    );
    assert.equal(sent.length, 4, JSON.stringify(sent, null, 1));
    assert.match(sent[0]!.text, /^begin;[\s\S]*create table a/);
    assert.equal(sent[0]!.pipelined, false);
    const [head, write, commit] = sent.slice(1);
    assert.ok(head!.pipelined && write!.pipelined && commit!.pipelined, 'the last three leave together');
    assert.match(head!.text, /reset all/);
    assert.ok(write!.values?.includes('0001_a') && write!.values.includes("it's \\ a checksum"), 'values go as parameters');
    assert.ok(!write!.text.includes('0001_a'), 'no value is written into the SQL text');
    assert.equal(commit!.text, 'commit');
    assert.deepEqual(await pgQuery(db.url, "select checksum from shale_migrations where id = '0001_a'"), [{ checksum: "it's \\ a checksum" }]);
    assert.deepEqual(await pgQuery(db.url, 'select x from a'), [{ x: 1 }]);
  });

  it('a state-row write that fails in the COMMIT round trip rolls back the statements too', async () => {
    await assert.rejects(
      adapter.transaction(async (tx) => {
        await tx.execute('create table b (x int)');
        // The log table is gone inside the transaction: the write sent with the COMMIT fails.
        await tx.execute('alter table shale_log rename to shale_log_away');
        await tx.history.saveAndLog(record('0002_b'), entry('0002_b'));
      }),
      /shale_log/,
    );
    assert.deepEqual(await pgQuery(db.url, "select to_regclass('b') as t, to_regclass('shale_log') is not null as log"), [{ t: null, log: true }]);
    assert.deepEqual(await pgQuery(db.url, "select id from shale_migrations where id = '0002_b'"), []);
    // The session is usable afterwards, outside any transaction.
    assert.deepEqual((await adapter.query('select 1 as one')).rows, [{ one: 1 }]);
  });

  it('discard rolls back work that succeeded; transactions do not nest', async () => {
    const n = await adapter.transaction(
      async (tx) => {
        await tx.execute('create table c (x int)');
        await assert.rejects(adapter.transaction(async () => undefined), (e: { code?: string }) => e.code === 'E_INTERNAL');
        return 7;
      },
      { discard: true },
    );
    assert.equal(n, 7);
    assert.deepEqual(await pgQuery(db.url, "select to_regclass('c') as t"), [{ t: null }]);
  });

  it('--single-transaction: a state row refused by the database is blamed on its own migration, not on the next', async () => {
    const other = await createPgDatabase('shale_tx');
    const a = await openAdapter(other.url);
    try {
      await a.history.ensure();
      await a.query(`create function refuse() returns trigger language plpgsql as $$ begin if new.id = '0002.b' then raise exception 'state write of 0002.b refused'; end if; return new; end $$`);
      await a.query('create trigger refuse before insert on shale_migrations for each row execute function refuse()');
      const m = createMigrator({ adapter: a, sources: [memorySource({ '0001.a.sql': 'create table a (x int);', '0002.b.sql': 'create table b (x int);', '0003.c.sql': 'create table c (x int);' })] });
      const r = await m.up({ singleTransaction: true });
      assert.match(r.error?.message ?? '', /0002\.b.*refused/);
      assert.deepEqual(r.results.map((x) => [x.id, x.status]), [['0001.a', 'not-run'], ['0002.b', 'failed'], ['0003.c', 'not-run']]);
      assert.deepEqual(await pgQuery(other.url, "select to_regclass('a') as a, to_regclass('c') as c"), [{ a: null, c: null }]);
      assert.deepEqual(await pgQuery(other.url, "select id, operation from shale_log where operation = 'fail'"), [{ id: '0002.b', operation: 'fail' }]);
    } finally {
      await a.close();
      await other.drop();
    }
  });
});
