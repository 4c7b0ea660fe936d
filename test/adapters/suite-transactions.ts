// Adapter suite: transaction control written in a migration (BEGIN/COMMIT, savepoints) and
// statements that refuse to run inside a transaction.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { posOf, rows, statuses, tableExists, type SuiteContext } from './suite-context.js';

export function transactionCases({ skip, options, fresh }: SuiteContext): void {
  const caps = options.capabilities;
  // Valid wherever DDL is transactional, so wherever shale wraps a migration in its own transaction.
  if (caps.transactionalDdl) for (const [what, text, needle] of [
    ['BEGIN … COMMIT around the statements', 'BEGIN;\ncreate table t (x int);\nCOMMIT;\n', 'BEGIN'],
    ['a COMMIT in the middle', 'create table t (x int);\n  commit;\ncreate table u (x int);\n', 'commit'],
    ['a ROLLBACK', 'create table t (x int);\n/* undo */ rollback;\n', 'rollback'],
    ['BEGIN TRANSACTION … END TRANSACTION', 'begin transaction;\ncreate table t (x int);\nend transaction;\n', 'begin'],
  ] as const) {
    it(`${what} in a migration that runs in a transaction: refused before anything runs, pointing at it`, { skip }, async () => {
      const { m, a } = await fresh({ '0001_ok.sql': 'create table ok (x int);\n', '0002_tx.sql': text });
      const r = await m.up();
      assert.equal(r.error?.code, 'E_PARSE');
      assert.ok(r.error!.message.startsWith(`memory:0002_tx.sql:${posOf(text, needle)}: `), r.error!.message);
      assert.match(r.error!.message, /own transaction.*`-- transaction: false`/);
      assert.deepEqual(statuses(r), ['0001_ok:not-run', '0002_tx:failed']);
      assert.equal(await tableExists(a, 'ok'), false);
    });
  }

  if (!caps.transactionalDdl) it('without transactional DDL, BEGIN … COMMIT in a migration runs as written', { skip }, async () => {
    const { m, a } = await fresh({ '1.sql': 'create table t (x int);\nBEGIN;\ninsert into t values (1);\nCOMMIT;\n' });
    assert.equal((await m.up()).error, null);
    assert.deepEqual((await rows(a, 'select x from t')).map((x) => Number(x['x'])), [1]);
    assert.deepEqual((await m.status()).entries.map((e) => [e.state, e.record?.statementsDone]), [['applied', 4]]);
  });

  if (caps.savepoints) it('SAVEPOINT and ROLLBACK TO SAVEPOINT in a migration are fine', { skip }, async () => {
    const { m, a } = await fresh({ '1.sql': 'create table t (x int);\nsavepoint s;\ninsert into t values (1);\nrollback to savepoint s;\nrelease savepoint s;\ninsert into t values (2);\n' });
    assert.equal((await m.up()).error, null);
    assert.deepEqual((await rows(a, 'select x from t')).map((x) => Number(x['x'])), [2]);
  });

  it("with -- transaction: false, BEGIN … COMMIT is the migration's; a failure inside it leaves statements_done before the BEGIN, and resume redoes the block", { skip }, async () => {
    const text = '-- transaction: false\ncreate table t (x int);\nbegin;\ninsert into t values (1);\ninsert into t select x from needed;\ncommit;\ninsert into t values (3);\n';
    const { m, a } = await fresh({ '1.sql': text, '2.sql': 'create table after_it (x int);\n' });
    const r = await m.up();
    assert.equal(r.error?.code, 'E_SQL');
    assert.match(r.error!.message, /statement 1 of 6 ran and stays applied/);
    const state = async () => (await m.status()).entries.map((e) => [e.id, e.state, e.record?.statementsTotal, e.record?.statementsDone]);
    assert.deepEqual(await state(), [['1', 'partial', 6, 1], ['2', 'pending', undefined, undefined]]);
    assert.deepEqual(await rows(a, 'select x from t'), []);
    await a.query('create table needed (x int)');
    await a.query('insert into needed values (2)');
    const resumed = await m.resume();
    assert.equal(resumed.error, null, resumed.error?.message);
    assert.deepEqual((await rows(a, 'select x from t order by x')).map((x) => Number(x['x'])), [1, 2, 3]);
    assert.equal((await m.up()).error, null);
    assert.deepEqual(await state(), [['1', 'applied', 6, 6], ['2', 'applied', 1, 1]]);
  });

  // Only where the engine has a statement that refuses a transaction block.
  const refuses = options.notInTransaction;
  if (refuses === undefined) return;
  it('a statement that cannot run in a transaction, without the directive: names it, suggests -- transaction: false, records nothing', { skip }, async () => {
    const { m, a } = await fresh({ '1.sql': `create table t (x int);\n${refuses};\n` });
    const r = await m.up();
    assert.equal(r.error?.code, 'E_SQL');
    assert.ok(r.error!.message.startsWith('memory:1.sql:2:1: '), r.error!.message);
    assert.match(r.error!.message, /\(statement 2: /);
    assert.match(r.error!.message, /`-- transaction: false`/);
    assert.ok(!r.error!.message.includes('\n'));
    assert.deepEqual((await m.status()).entries.map((e) => e.state), ['pending']);
    assert.equal(await tableExists(a, 't'), false);
  });

  it('the same statement applies with -- transaction: false', { skip }, async () => {
    const { m } = await fresh({ '1.sql': `-- transaction: false\ncreate table t (x int);\n${refuses};\n` });
    assert.equal((await m.up()).error, null);
    assert.deepEqual((await m.status()).entries.map((e) => [e.state, e.record?.statementsTotal, e.record?.statementsDone]), [['applied', 2, 2]]);
  });

  it('--single-transaction: the hint also says to run without it', { skip }, async () => {
    const { m } = await fresh({ '1.sql': 'create table t (x int);\n', '2.sql': `${refuses};\n` });
    const r = await m.up({ singleTransaction: true });
    assert.match(r.error!.message, /`-- transaction: false`.*without --single-transaction/);
    assert.deepEqual((await m.status()).entries.map((e) => e.state), ['pending', 'pending']);
  });
}
