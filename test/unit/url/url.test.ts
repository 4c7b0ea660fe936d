// DESIGN §2: URLs and redaction — a password never appears in any output.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isShaleError } from '../../../src/errors.js';
import { parseDialectUrl as parseDatabaseUrl } from '../../../src/adapters/schemes.js';
import { redactSecrets, redactUrl, urlSecrets } from '../../../src/adapters/url.js';

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

describe('redaction of every secret a URL can carry', () => {
  const S = 'Zq7xWv3kLeak';
  test('display masks ?password=, ?sslpassword= and mysql2 password1..3; parse extracts ?password=', () => {
    const pgp = parseDatabaseUrl(`postgres://u@h/db?sslmode=require&password=${S}`);
    assert.equal(pgp.display, 'postgres://u@h/db?sslmode=require&password=****');
    assert.ok(pgp.kind === 'postgres' && pgp.password === S);
    assert.equal(parseDatabaseUrl(`postgres://u:a@h/db?sslpassword=${S}`).display, 'postgres://u:****@h/db?sslpassword=****');
    // pg reads parameters case-sensitively, so `PassWord` is a misspelt `password`: E_URL, the query never echoed.
    assert.throws(
      () => parseDatabaseUrl(`postgres://u@h/db?PassWord=${S}`),
      (e: unknown) => isShaleError(e, 'E_URL') && e.message === 'unknown parameter "PassWord" in postgres://u@h/db?…: did you mean "password"?',
    );
    for (const k of ['password', 'password1', 'password2', 'password3']) assert.equal(parseDatabaseUrl(`mysql://u@h/db?${k}=${S}`).display, `mysql://u@h/db?${k}=****`);
    assert.deepEqual(urlSecrets(`postgres://u:a%20b@h/db?sslpassword=${S}`), ['a b', 'a%20b', S]);
  });

  test('an unencoded space, @ or % in the password: accepted (as pg reads it), masked whole', () => {
    for (const [url, pw] of [
      [`postgres://u:x ${S}@h/db`, `x ${S}`],
      [`mysql://u:x ${S}@h/db`, `x ${S}`],
      [`postgres://u:x@${S}@h/db`, `x@${S}`],
      [`postgres://u:%zz${S}@h/db`, `%zz${S}`],
      [`postgres://u:%41${S}@h/db`, `A${S}`],
    ] as const) {
      const u = parseDatabaseUrl(url);
      assert.doesNotMatch(u.display, new RegExp(S), url);
      assert.ok(u.kind !== 'sqlite' && u.kind !== 'pglite' && u.password === pw, url);
      assert.ok(urlSecrets(url).includes(pw), url);
    }
  });

  test('an unencoded # ? / in the password, a fragment, no //: one-line E_URL that does not echo it', () => {
    for (const bad of [`postgres://u:12#${S}@h/db`, `postgres://u:12?${S}@h/db`, `postgres://u:12/${S}@h/db`, `postgres://u:${S}@h/db#x`, `postgres://u:${S}`, `postgres:u:${S}@h`, `mysql://u:1#${S}@h/db`]) {
      try {
        parseDatabaseUrl(bad);
        assert.fail(`accepted ${bad}`);
      } catch (e) {
        assert.ok(isShaleError(e, 'E_URL'), String(e));
        assert.doesNotMatch(e.message, new RegExp(S));
        assert.doesNotMatch(JSON.stringify(e.details), new RegExp(S));
        assert.doesNotMatch(e.message, /\n/);
      }
    }
  });

  test('redactUrl in free text', () => {
    const cases: [string, string][] = [
      [`cannot connect to postgres://u:x ${S}@h/db: refused`, 'cannot connect to postgres://u:****@h/db: refused'],
      [`postgres://u:12#${S}@h/db`, 'postgres://u:****@h/db'],
      [`postgres://u:12/${S}@h/db`, 'postgres://u:****@h/db'],
      [`x postgres://u@h/db?a=1&password=${S}&b=2 y`, 'x postgres://u@h/db?a=1&password=****&b=2 y'],
      [`postgres://u@h/db?sslpassword=${S}`, 'postgres://u@h/db?sslpassword=****'],
      [`postgres:u:${S}@h/db`, 'postgres:u:****@h/db'],
    ];
    for (const [input, expected] of cases) assert.equal(redactUrl(input), expected);
  });

  test('redactSecrets removes the longest secret first', () => {
    assert.equal(redactSecrets(`a ${S}pw b`, [S, `${S}pw`]), 'a **** b');
  });
});

describe('postgres URL parameters', () => {
  test('a misspelt known parameter is E_URL naming it and the one it resembles, never the query', () => {
    for (const [url, name, near] of [
      ['postgres://u:pw@h/db?schem=app', 'schem', 'schema'],
      ['postgres://u@h/db?sslmod=require', 'sslmod', 'sslmode'],
      ['postgres://u@h/db?sslmode=require&pasword=hunter2', 'pasword', 'password'],
    ] as const) {
      assert.throws(
        () => parseDatabaseUrl(url),
        (e: unknown) => isShaleError(e, 'E_URL') && e.message === `unknown parameter "${name}" in postgres://${url.includes('pw@') ? 'u:****' : 'u'}@h/db?…: did you mean "${near}"?` && e.details['parameter'] === name && !e.message.includes('hunter2'),
        url,
      );
    }
    // A name that is not a plain word is not echoed either.
    assert.throws(() => parseDatabaseUrl('postgres://u@h/db?sche-ma=1'), (e: unknown) => isShaleError(e, 'E_URL') && e.message.startsWith('an unknown parameter in postgres://u@h/db?…') && e.details['parameter'] === undefined);
  });
  test("shale's schema, pg's own, libpq's keywords and other tools' parameters are accepted", () => {
    const u = parseDatabaseUrl('postgres://u@h/db?schema=app&sslmode=disable&application_name=x&connect_timeout=5&target_session_attrs=any&statement_timeout=1000&ssl=false');
    assert.ok(u.kind === 'postgres' && u.schema === 'app');
    // Prisma's own parameters (pg passes over them).
    assert.ok(parseDatabaseUrl('postgresql://u@h/db?schema=public&connection_limit=1&pgbouncer=true&pool_timeout=10').kind === 'postgres');
  });
  test('oauth_client_secret is masked like a password', () => {
    assert.equal(parseDatabaseUrl('postgres://u@h/db?oauth_client_secret=Zq7x').display, 'postgres://u@h/db?oauth_client_secret=****');
  });
});
