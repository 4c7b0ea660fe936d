import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isShaleError, openAdapter, type Adapter, type LockHolder } from '../../src/index.js';
import { MYSQL_LOCK_NAME_MAX, mysqlLockName, mysqlLocker } from '../../src/adapters/mysql/locker.js';
import type { Queryable } from '../../src/adapters/adapter.js';
import { createMysqlDatabase, skipUnlessMysql, type TempMysqlDatabase } from '../helpers/mysql.js';

const skip = await skipUnlessMysql();

describe('mysqlLockName', () => {
  it('names database and prefix; hashes names over 64 characters, keeping them distinct', () => {
    assert.equal(mysqlLockName('app', 'shale_'), 'shale:app:shale_');
    const a = mysqlLockName('d'.repeat(64), 'shale_');
    const b = mysqlLockName('d'.repeat(64), 'other_');
    assert.equal(a.length, MYSQL_LOCK_NAME_MAX);
    assert.equal(b.length, MYSQL_LOCK_NAME_MAX);
    assert.notEqual(a, b);
  });
});

describe('mysql locker: naming the holder (server answers scripted)', () => {
  // What the server answers to the three holder queries; the SQL is checked loosely.
  const server = (attrs: { k: string; v: string }[] | Error): Queryable => ({
    async query<R>(sql: string, params?: readonly unknown[]) {
      let rows: unknown[];
      if (sql.includes('IS_USED_LOCK')) rows = [{ id: params?.[0] === 'shale:app:shale_' ? 42 : null }];
      else if (sql.includes('session_connect_attrs')) {
        if (attrs instanceof Error) throw attrs;
        rows = attrs;
      } else if (sql.includes('information_schema.PROCESSLIST')) rows = [{ ID: 42, USER: 'app', HOST: '10.0.0.5:51234', TIME: 7 }];
      else throw new Error(`unexpected ${sql}`);
      return { rows: rows as R[], rowCount: rows.length };
    },
  });
  const noConnection = () => Promise.reject(new Error('not used'));

  it('the since of a holder is the same at every poll, though PROCESSLIST.TIME moves in whole seconds', async () => {
    let time = 7;
    const q = server([]);
    const ticking: Queryable = {
      async query<R>(sql: string, params?: readonly unknown[]) {
        if (!sql.includes('information_schema.PROCESSLIST')) return q.query<R>(sql, params);
        const rows = [{ ID: 42, USER: 'app', HOST: '10.0.0.5:51234', TIME: time }];
        return { rows: rows as R[], rowCount: 1 };
      },
    };
    const locker = mysqlLocker(noConnection, ticking, 'shale:app:shale_');
    const first = await locker.holder();
    await new Promise((r) => setTimeout(r, 1100));
    time = 9; // a second later, rounded up
    const second = await locker.holder();
    assert.ok(first?.since);
    assert.equal(second?.since, first.since);
  });

  it('pid@host from the connection attributes when performance_schema shows them', async () => {
    const attrs = [
      { k: 'program_name', v: 'shale' },
      { k: 'shale_pid', v: '4242' },
      { k: 'shale_host', v: 'ci-runner-7' },
    ];
    const h = await mysqlLocker(noConnection, server(attrs), 'shale:app:shale_').holder();
    assert.equal(h?.pid, 4242);
    assert.equal(h?.host, 'ci-runner-7');
    assert.equal(h?.detail, 'connection 42, user app from 10.0.0.5:51234');
    const since = Date.parse(h!.since!);
    assert.ok(Math.abs(Date.now() - 7000 - since) < 2000, h!.since);
  });

  it('connection, user and client address otherwise (performance_schema off or not readable)', async () => {
    for (const attrs of [[], new Error('SELECT command denied')]) {
      const h = await mysqlLocker(noConnection, server(attrs), 'shale:app:shale_').holder();
      assert.equal(h?.pid, undefined);
      assert.equal(h?.host, '10.0.0.5:51234');
      assert.equal(h?.detail, 'connection 42, user app');
    }
  });

  it('no holder when the lock is free', async () => {
    assert.equal(await mysqlLocker(noConnection, server([]), 'shale:other:shale_').holder(), null);
  });
});

describe('mysql locker: GET_LOCK on a dedicated connection', { skip }, () => {
  let db: TempMysqlDatabase;
  const adapters: Adapter[] = [];
  const open = async (tablePrefix?: string): Promise<Adapter> => {
    const a = await openAdapter(db.url, tablePrefix === undefined ? {} : { tablePrefix });
    adapters.push(a);
    return a;
  };
  const lockOwner = async (name: string): Promise<number | null> => {
    const c = await db.connect();
    const [rows] = await c.query('select IS_USED_LOCK(?) as id', [name]);
    const id = (rows as { id: number | null }[])[0]!.id;
    return id == null ? null : Number(id);
  };
  before(async () => void (db = await createMysqlDatabase()));
  after(async () => {
    for (const a of adapters) await a.close();
    await db?.drop();
  });

  it('a second taker times out with E_LOCK_TIMEOUT naming the holder connection; gets it after release', async () => {
    const a = await open();
    const b = await open();
    await a.locker.acquire({ timeoutMs: 1000 });
    await a.locker.acquire({ timeoutMs: 1000 }); // re-entrant
    const owner = await lockOwner(mysqlLockName(db.name, 'shale_'));
    assert.ok(owner !== null, 'GET_LOCK is held on the server');
    let waitedFor: LockHolder | null | undefined;
    const started = Date.now();
    await assert.rejects(
      b.locker.acquire({ timeoutMs: 400, pollMs: 50, onWait: (h) => (waitedFor = h) }),
      (e: unknown) => {
        assert.ok(isShaleError(e, 'E_LOCK_TIMEOUT'));
        const h = e.details['holder'] as LockHolder;
        assert.match(h.detail ?? '', new RegExp(`^connection ${owner}\\b`));
        assert.ok(e.message.includes(`connection ${owner}`), e.message);
        // pid@host are shown when the server exposes connection attributes (performance_schema on).
        if (h.pid !== undefined) assert.equal(h.pid, process.pid);
        assert.ok(h.since && Date.parse(h.since) <= Date.now());
        return true;
      },
    );
    assert.ok(Date.now() - started >= 400);
    assert.match(waitedFor?.detail ?? '', new RegExp(`^connection ${owner}\\b`));
    assert.match((await b.locker.holder())?.detail ?? '', new RegExp(`^connection ${owner}\\b`));
    await a.locker.release();
    assert.equal(await a.locker.holder(), null);
    await b.locker.acquire({ timeoutMs: 1000 });
    assert.notEqual(await lockOwner(mysqlLockName(db.name, 'shale_')), owner);
    await b.locker.release();
    assert.equal(await lockOwner(mysqlLockName(db.name, 'shale_')), null);
  });

  it('another table prefix is another lock', async () => {
    const a = await open();
    const b = await open('other_');
    await a.locker.acquire({ timeoutMs: 500 });
    await b.locker.acquire({ timeoutMs: 500 });
    await a.locker.release();
    await b.locker.release();
  });

  it('forceRelease kills the holder connection; the holder can still release and close', async () => {
    const a = await open();
    const b = await open();
    const c = await open();
    await a.locker.acquire({ timeoutMs: 500 });
    assert.equal(await c.locker.forceRelease(), true);
    assert.equal(await c.locker.holder(), null);
    await b.locker.acquire({ timeoutMs: 500 });
    await a.locker.release();
    assert.notEqual(await b.locker.holder(), null, "the killed holder's release does not touch the new holder's lock");
    await b.locker.release();
    assert.equal(await c.locker.forceRelease(), false);
  });
});
