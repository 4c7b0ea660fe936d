// DESIGN §2: URLs and redaction — a password never appears in any output.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isShaleError, parseDatabaseUrl, redactUrl } from '../../src/index.js';

describe('redactUrl', () => {
  const cases: [string, string][] = [
    ['postgres://app:secret@localhost/app', 'postgres://app:****@localhost/app'],
    ['postgresql://app:s3cr%40t@db:5432/app?sslmode=require', 'postgresql://app:****@db:5432/app?sslmode=require'],
    // An unencoded @ in the password: the authority ends at the last @, as URL parsers read it.
    ['postgres://u:p@ss@host/db', 'postgres://u:****@host/db'],
    ['mysql://root:a@b@c@127.0.0.1:3306/x', 'mysql://root:****@127.0.0.1:3306/x'],
    ['cannot connect to postgres://u:pw@h/db (user@example.com)', 'cannot connect to postgres://u:****@h/db (user@example.com)'],
    ['two: postgres://a:x@h1/d and mysql://b:y@h2/e', 'two: postgres://a:****@h1/d and mysql://b:****@h2/e'],
    ['postgres://user@host:5432/db', 'postgres://user@host:5432/db'],
    ['postgres://host:5432/db', 'postgres://host:5432/db'],
    ['sqlite:app.db', 'sqlite:app.db'],
  ];
  for (const [input, expected] of cases) test(input, () => assert.equal(redactUrl(input), expected));
});

describe('parseDatabaseUrl', () => {
  test('display is redacted and the password is decoded for the driver', () => {
    const u = parseDatabaseUrl('postgres://app:s3cr%40t@db/app?schema=tenant_1');
    assert.equal(u.display, 'postgres://app:****@db/app?schema=tenant_1');
    assert.ok(u.kind === 'postgres' && u.password === 's3cr@t' && u.schema === 'tenant_1');
  });

  test('kinds', () => {
    assert.equal(parseDatabaseUrl('postgresql://h/d').kind, 'postgres');
    assert.equal(parseDatabaseUrl('mariadb://h/d').kind, 'mysql');
    assert.equal(parseDatabaseUrl('sqlite::memory:').kind, 'sqlite');
    assert.equal(parseDatabaseUrl('pglite:memory').kind, 'pglite');
  });

  test('unknown scheme and garbage are E_URL without the password', () => {
    for (const bad of ['oracle://u:topsecret@h/d', 'postgres://u:topsecret@[bad', '']) {
      try {
        parseDatabaseUrl(bad);
        assert.fail(`accepted ${bad}`);
      } catch (e) {
        assert.ok(isShaleError(e, 'E_URL'), String(e));
        assert.doesNotMatch(e.message, /topsecret/);
      }
    }
  });
});
