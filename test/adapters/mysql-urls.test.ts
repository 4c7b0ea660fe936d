// mysql:// and mariadb:// URLs with options: what the driver is given (pure), and a connection with them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mysqlConnectionOptions } from '../../src/adapters/mysql/connect.js';
import { isShaleError, openAdapter } from '../../src/index.js';
import { createMysqlDatabase, skipUnlessMysql } from '../helpers/mysql.js';

const skip = await skipUnlessMysql();

describe('mysql/mariadb URL options', () => {
  const opts = (url: string) => mysqlConnectionOptions(url, url);

  it('mariadb:// with charset, ssl=false, connectTimeout and a percent-encoded password', () => {
    const o = opts('mariadb://app:p%40ss%2Fw@db.example:3307/my_db?charset=utf8mb4&ssl=false&connectTimeout=2500');
    assert.equal(o.host, 'db.example');
    assert.equal(o.port, 3307);
    assert.equal(o.user, 'app');
    assert.equal(o.password, 'p@ss/w');
    assert.equal(o.database, 'my_db');
    assert.equal(o.charset, 'utf8mb4');
    assert.equal(o.ssl, undefined);
    assert.equal(o.connectTimeout, 2500);
    assert.equal(o.multipleStatements, false);
  });

  it('ssl: required encrypts without verifying the certificate, true and verify_* verify, false/disabled is plain', () => {
    assert.deepEqual(opts('mariadb://h/d?ssl=REQUIRED').ssl, { rejectUnauthorized: false });
    assert.deepEqual(opts('mysql://h/d?ssl=verify_identity').ssl, {});
    assert.deepEqual(opts('mysql://h/d?ssl=true').ssl, {});
    assert.deepEqual(opts('mysql://h/d?ssl=1').ssl, {});
    assert.equal(opts('mysql://h/d?ssl=DISABLED').ssl, undefined);
    assert.equal(opts('mysql://h/d?ssl=0').ssl, undefined);
  });

  it('a socket path and an IPv6 host', () => {
    assert.equal(opts('mariadb://root@localhost/d?socket=%2Frun%2Fmysqld%2Fmysqld.sock').socketPath, '/run/mysqld/mysqld.sock');
    assert.equal(opts('mariadb://root@[::1]:3306/d').host, '::1');
  });

  it('unknown parameters and bad values are E_URL naming the parameter, password redacted', () => {
    for (const [url, param] of [
      ['mariadb://u:secret@h/d?frobnicate=1', 'frobnicate'],
      ['mariadb://u:secret@h/d?sslmode=require', 'sslmode'],
      ['mariadb://u:secret@h/d?ssl=maybe', 'ssl'],
      ['mariadb://u:secret@h/d?connectTimeout=soon', 'connectTimeout'],
    ] as const) {
      try {
        mysqlConnectionOptions(url, 'mariadb://u:****@h/d');
        assert.fail(`accepted ${url}`);
      } catch (e) {
        assert.ok(isShaleError(e, 'E_URL'), String(e));
        assert.equal(e.details['parameter'], param);
        assert.doesNotMatch(e.message, /secret/);
      }
    }
  });
});

describe('mysql/mariadb URL options against MariaDB', { skip }, () => {
  it('a mariadb:// URL with options connects', async () => {
    const db = await createMysqlDatabase('shale_url');
    try {
      const url = `${db.url.replace(/^mysql:/, 'mariadb:')}?charset=utf8mb4&ssl=false&connectTimeout=5000`;
      const a = await openAdapter(url);
      try {
        const r = await a.query<{ d: string }>('select database() as d');
        assert.equal(r.rows[0]!.d, db.name);
      } finally {
        await a.close();
      }
    } finally {
      await db.drop();
    }
  });
});
