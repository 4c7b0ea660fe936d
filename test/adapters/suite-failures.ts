// Adapter suite: a statement that fails, in a migration that runs in a transaction or statement by
// statement, and a COMMIT that fails. What stays applied and what the state table says must match.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { FAILS, posOf, PRE, statuses, tableExists, type SuiteContext } from './suite-context.js';

export function failureCases({ skip, options, fresh }: SuiteContext): void {
  const first = `${FAILS};\ncreate table a (x int);\ncreate table b (x int);\n`;
  const middle = `create table a (x int);\n\n  ${FAILS};\ncreate table b (x int);\n`;
  const last = `create table a (x int);\ncreate table b (x int);\n${FAILS} -- no ; after it`;
  for (const [where, text, index] of [
    ['first', first, 1],
    ['middle', middle, 2],
    ['last', last, 3],
  ] as const) {
    it(`a migration failing at its ${where} statement: its number and file:line:col; with transactional DDL nothing recorded, nothing left`, { skip }, async () => {
      const { m, a } = await fresh({ '1.sql': text, '2.sql': 'create table z (x int);\n' });
      await a.query(PRE);
      const r = await m.up();
      assert.equal(r.error?.code, 'E_SQL');
      assert.equal(r.error!.details['statement'], index);
      assert.ok(r.error!.message.startsWith(`memory:1.sql:${posOf(text, FAILS)}: `), r.error!.message);
      assert.match(r.error!.message, new RegExp(`\\(statement ${index}: `));
      assert.ok(!r.error!.message.includes('\n'));
      assert.deepEqual(statuses(r), ['1:failed', '2:not-run']);
      assert.deepEqual((await m.history()).map((e) => `${e.id}:${e.operation}`), ['1:fail']);
      const st = (await m.status()).entries;
      if (a.capabilities.transactionalDdl) {
        assert.deepEqual(st.map((e) => e.state), ['pending', 'pending']);
        assert.equal(await tableExists(a, 'a'), false);
      } else {
        // The DDL before the failing statement committed by itself, and the state row says so.
        assert.deepEqual(st.map((e) => [e.state, e.record?.statementsDone]), [['partial', index - 1], ['pending', undefined]]);
        assert.equal(await tableExists(a, 'a'), index > 1);
      }
    });
  }

  const journaled = (fail: number) => '-- transaction: false\n' + [1, 2, 3].map((i) => (i === fail ? `${FAILS};` : `create table j${i} (x int);`)).join('\n') + '\n';
  for (const fail of [1, 2, 3]) {
    it(`journaled migration failing at statement ${fail} of 3 records statements_done = ${fail - 1}`, { skip }, async () => {
      const text = journaled(fail);
      const { m, a } = await fresh({ '1.sql': text });
      await a.query(PRE);
      const r = await m.up();
      assert.equal(r.error?.code, 'E_SQL');
      assert.equal(r.error!.details['statementsDone'], fail - 1);
      assert.ok(r.error!.message.startsWith(`memory:1.sql:${posOf(text, FAILS)}: `), r.error!.message);
      const e = (await m.status()).entries[0]!;
      assert.deepEqual([e.state, e.record?.statementsTotal, e.record?.statementsDone], ['partial', 3, fail - 1]);
      for (let i = 1; i <= 3; i++) assert.equal(await tableExists(a, `j${i}`), i < fail, `j${i}`);
    });
  }

  it('line numbers are right in a CRLF file, after a directive block', { skip }, async () => {
    const text = `-- transaction: false\r\n-- describes it\r\n\r\ncreate table t (x int);\r\n\r\n  insert into pre\r\n    values (0);\r\n`;
    const { m, a } = await fresh({ '1.sql': text });
    await a.query(PRE);
    const r = await m.up();
    assert.ok(r.error!.message.startsWith(`memory:1.sql:${posOf(text, 'insert')}:`), r.error!.message);
    const e = (await m.status()).entries[0]!;
    assert.deepEqual([e.state, e.record?.statementsTotal, e.record?.statementsDone], ['partial', 2, 1]);
  });

  const deferred = options.deferredForeignKeys;
  if (deferred) it('a deferred foreign key violated at COMMIT: one line naming the migration, nothing recorded', { skip }, async () => {
    const text = 'create table p (id int primary key);\ncreate table c (pid int references p (id) deferrable initially deferred);\ninsert into c values (42);\n';
    const files = { '0001_ok.sql': 'create table ok (x int);\n', '0002_deferred.sql': text, '0003_next.sql': 'create table nxt (x int);\n' };
    const { m, a } = await fresh(files, {}, { url: deferred?.url });
    const r = await m.up();
    assert.equal(r.error?.code, 'E_SQL');
    assert.match(r.error!.message, /^memory:0002_deferred\.sql: COMMIT failed, nothing of the migration was applied: .*foreign key constraint/i);
    assert.ok(!r.error!.message.includes('\n'));
    assert.deepEqual(statuses(r), ['0001_ok:applied', '0002_deferred:failed', '0003_next:not-run']);
    assert.deepEqual((await m.status()).entries.map((e) => e.state), ['applied', 'pending', 'pending']);
    assert.deepEqual((await m.history()).map((e) => `${e.id}:${e.operation}`), ['0001_ok:apply', '0002_deferred:fail']);
    assert.equal(await tableExists(a, 'p'), false);
    // The connection is usable afterwards.
    assert.deepEqual((await a.query('select 1 as one')).rows, [{ one: 1 }]);
  });
}
