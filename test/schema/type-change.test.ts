// A type change PostgreSQL has no cast for, converged on the real server with a `-- shale:using`
// hint from the desired schema, on a key and the foreign key that references it: rows are kept and
// converted by the hint's expression.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { skipUnlessPg, withPgPair } from '../helpers/databases.js';
import { readUsingHints } from '../../src/schema/postgres/index.js';
import { checkConvergence } from './convergence.js';

const A = `create table events (at bigint primary key, note text);
create table event_refs (id int primary key, event_at bigint references events (at));
insert into events values (0, 'epoch'), (86400, 'day one');
insert into event_refs values (1, 86400);`;
const B = `create table events (
  -- shale:using to_timestamp(at) at time zone 'UTC'
  at timestamp primary key,
  note text
);
create table event_refs (
  id int primary key,
  -- shale:using to_timestamp(event_at) at time zone 'UTC'
  event_at timestamp references events (at)
);`;

test('bigint → timestamp with shale:using hints: converges, rows converted, keys kept', { skip: await skipUnlessPg() }, () =>
  withPgPair('shale_using', async ({ a, b }) => {
    const usingHints = await readUsingHints([{ location: 'b.sql', text: B }]);
    assert.equal(usingHints.length, 2);
    const r = await checkConvergence({ a, b }, { a: A, b: B, opts: { usingHints } });
    assert.deepEqual(r.differences, [], r.statements.map((s) => s.sql).join('\n'));
    assert.deepEqual(r.remaining.map((s) => s.sql), []);
    assert.ok(r.statements.some((s) => /using to_timestamp\(at\) at time zone 'UTC'/.test(s.sql)));
    const rows = await a.query<{ at: string; note: string }>(`select to_char(at, 'YYYY-MM-DD') as at, note from events order by at`);
    assert.deepEqual(rows.rows, [{ at: '1970-01-01', note: 'epoch' }, { at: '1970-01-02', note: 'day one' }]);
    const refs = await a.query<{ n: string }>(`select count(*)::text as n from event_refs r join events e on e.at = r.event_at`);
    assert.equal(refs.rows[0]!.n, '1');
  }));
