// The scheme registry (src/adapters/schemes.ts): every registered scheme parses, the unknown-scheme
// message is built from it, and the DatabaseUrl handed to the rest of shale names no dialect.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isShaleError } from '../../src/errors.js';
import { devDatabaseKind, openAdapter } from '../../src/adapters/open.js';
import { DIALECT_SCHEMES, dialectUrlOf, parseDialectUrl } from '../../src/adapters/schemes.js';
import { parseDatabaseUrl, redactUrl } from '../../src/adapters/url.js';
import { namesOf, type UrlScheme } from '../../src/adapters/url/scheme.js';

const S = 'Zq7xWv3kLeak';

/** A URL of the scheme `name` that its dialect accepts, with a password where the form has one. */
function sample(s: UrlScheme<unknown>, name: string): string {
  return s.form === 'server' ? `${name}//app:${S}@db.example:5432/app` : `${name}sample.db`;
}

function eUrl(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    assert.ok(isShaleError(e, 'E_URL'), String(e));
    return e.message;
  }
  return assert.fail('accepted');
}

describe('scheme registry', () => {
  test('has the schemes of DESIGN §2', () => {
    assert.deepEqual(DIALECT_SCHEMES.flatMap((s) => namesOf(s)).sort(), ['mariadb:', 'mysql:', 'pglite:', 'postgres:', 'postgresql:', 'sqlite:']);
  });

  for (const s of DIALECT_SCHEMES) {
    for (const name of namesOf(s)) {
      test(`${name} parses, to its scheme and a display without the password`, () => {
        const text = sample(s, name);
        const u = parseDatabaseUrl(text);
        assert.equal(u.scheme, name);
        assert.doesNotMatch(u.display, new RegExp(S));
        assert.equal(dialectUrlOf(u).display, u.display);
        assert.equal(parseDialectUrl(text).kind, dialectUrlOf(u).kind);
        if (s.form === 'server') {
          // Case-insensitive, as `new URL` reads a scheme.
          assert.equal(parseDatabaseUrl(text.toUpperCase()).scheme, name);
          // The free-text redaction knows every server scheme, also written without `//`.
          assert.doesNotMatch(redactUrl(`${name}app:${S}@db/app`), new RegExp(S));
          assert.doesNotMatch(redactUrl(`failed: ${text}`), new RegExp(S));
        } else {
          assert.equal(u.display, text);
        }
      });
    }
  }

  test('the unknown-scheme message lists the registered schemes', () => {
    const listed = DIALECT_SCHEMES.flatMap((s) => s.schemes.map((n) => (s.form === 'server' ? `${n}//` : n)));
    assert.deepEqual(listed, ['postgres://', 'mysql://', 'mariadb://', 'sqlite:', 'pglite:']);
    const expected = 'use postgres://, mysql://, mariadb://, sqlite: or pglite:';
    assert.equal(eUrl(() => parseDatabaseUrl(`oracle://u:${S}@h/d`)), `unsupported database URL scheme "oracle:" in oracle://u:****@h/d: ${expected}`);
    assert.equal(eUrl(() => parseDatabaseUrl(`oracle:u:${S}@h`)), `invalid database URL (oracle:…): ${expected}`);
    assert.equal(eUrl(() => parseDatabaseUrl('not a url')), `invalid database URL: ${expected}`);
  });
});

describe('DatabaseUrl', () => {
  test('holds only the scheme and the display: no password, no dialect', () => {
    const u = parseDatabaseUrl(`postgres://app:${S}@db/app?schema=tenant_1`);
    assert.deepEqual(Object.keys(u).sort(), ['display', 'scheme']);
    assert.doesNotMatch(JSON.stringify(u), new RegExp(S));
    assert.ok(Object.isFrozen(u));
    const d = dialectUrlOf(u);
    assert.ok(d.kind === 'postgres' && d.password === S && d.schema === 'tenant_1');
  });

  test('openAdapter takes a parsed URL, and refuses one made by hand', async () => {
    const db = await openAdapter(parseDatabaseUrl('sqlite::memory:'));
    try {
      assert.equal(db.display, 'sqlite::memory:');
    } finally {
      await db.close();
    }
    await assert.rejects(openAdapter({ scheme: 'sqlite:', display: 'sqlite::memory:' }), (e: unknown) => isShaleError(e, 'E_USAGE'));
  });

  test('devDatabaseKind is decided from the URL by the registry', () => {
    const cases: [string, 'self' | 'scratch' | null][] = [
      ['pglite:memory', 'self'],
      ['pglite:', 'self'],
      ['pglite:./data', null],
      ['postgres://h/d', 'scratch'],
      ['postgresql://h/d', 'scratch'],
      // A server where shale creates a scratch database; only an in-memory SQLite is disposable.
      ['mysql://h/d', 'scratch'],
      ['mariadb://h/d', 'scratch'],
      ['sqlite::memory:', 'self'],
      ['sqlite:app.db', null],
    ];
    for (const [url, kind] of cases) {
      assert.equal(devDatabaseKind(url), kind, url);
      assert.equal(devDatabaseKind(parseDatabaseUrl(url)), kind, url);
    }
  });
});
