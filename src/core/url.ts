import { ShaleError } from '../errors.js';

/** A parsed database URL (DESIGN §2). `display` never contains a password. */
export type DatabaseUrl =
  | { readonly kind: 'postgres'; readonly url: string; readonly display: string; readonly schema?: string; readonly password?: string }
  | { readonly kind: 'mysql'; readonly url: string; readonly display: string; readonly password?: string }
  | { readonly kind: 'sqlite'; readonly path: string; readonly display: string; readonly params: Readonly<Record<string, string>> }
  | { readonly kind: 'pglite'; readonly dataDir: string | null; readonly display: string };

export type DatabaseKind = DatabaseUrl['kind'];

const SCHEMES: Record<string, 'postgres' | 'mysql'> = {
  'postgres:': 'postgres',
  'postgresql:': 'postgres',
  'mysql:': 'mysql',
  'mariadb:': 'mysql',
};

/**
 * Parse a database URL.
 * @example parseDatabaseUrl('postgres://app:secret@localhost/app').display // 'postgres://app:****@localhost/app'
 */
export function parseDatabaseUrl(input: string): DatabaseUrl {
  const text = input.trim();
  if (text === '') throw new ShaleError('E_URL', 'no database URL: pass --db <url> or set SHALE_DATABASE_URL or DATABASE_URL');
  if (text.startsWith('sqlite:')) return parseSqlite(text);
  if (text.startsWith('pglite:')) {
    const rest = text.slice('pglite:'.length).replace(/^\/\//, '');
    const dataDir = rest === '' || rest === 'memory' || rest === ':memory:' ? null : rest;
    return { kind: 'pglite', dataDir, display: text };
  }
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new ShaleError('E_URL', `invalid database URL: ${redactUrl(text)}`, { url: redactUrl(text) });
  }
  const kind = SCHEMES[u.protocol];
  if (!kind) {
    throw new ShaleError(
      'E_URL',
      `unsupported database URL scheme "${u.protocol}" in ${redactUrl(text)}: use postgres://, mysql://, mariadb://, sqlite: or pglite:`,
      { url: redactUrl(text) },
    );
  }
  const password = u.password ? safeDecode(u.password) : undefined;
  const display = redactUrl(text);
  if (kind === 'mysql') return { kind, url: text, display, ...(password ? { password } : {}) };
  const schema = u.searchParams.get('schema') ?? undefined;
  return { kind, url: text, display, ...(schema ? { schema } : {}), ...(password ? { password } : {}) };
}

/** Query parameters a `sqlite:` URL may carry, with the values each accepts. */
const SQLITE_PARAMS: Readonly<Record<string, readonly string[]>> = {
  foreign_keys: ['on', 'off', 'true', 'false', '1', '0', 'yes', 'no'],
};

function parseSqlite(text: string): DatabaseUrl {
  let rest = text.slice('sqlite:'.length);
  const q = rest.indexOf('?');
  const params: Record<string, string> = {};
  if (q >= 0) {
    for (const [k, v] of new URLSearchParams(rest.slice(q + 1))) {
      const allowed = SQLITE_PARAMS[k];
      // A misspelt parameter must not be ignored: `?foreign_key=on` would quietly leave keys unchecked.
      if (!allowed) {
        throw new ShaleError('E_URL', `unknown parameter "${k}" in ${text}: sqlite URLs take ${Object.keys(SQLITE_PARAMS).map((p) => `?${p}=on|off`).join(', ')}`, { url: text });
      }
      if (!allowed.includes(v.toLowerCase())) throw new ShaleError('E_URL', `invalid value "${v}" for ${k} in ${text}: use on or off`, { url: text });
      params[k] = v;
    }
    rest = rest.slice(0, q);
  }
  // sqlite:///abs/path.db → /abs/path.db ; sqlite://rel.db → rel.db ; sqlite:rel.db → rel.db
  if (rest.startsWith('///')) rest = rest.slice(2);
  else if (rest.startsWith('//')) rest = rest.slice(2);
  if (rest === '') throw new ShaleError('E_URL', `sqlite URL has no file path: ${text} (use sqlite:path/to.db or sqlite::memory:)`, { url: text });
  return { kind: 'sqlite', path: rest, display: text, params };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Replace the password of any URL-looking text with `****`. Works on unparsable input too. The
 * password runs to the last `@` of the authority, as URL parsers read it: an unencoded `@` in a
 * password (`u:p@ss@host`) must not leave `ss` behind.
 */
export function redactUrl(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)([^/?#\s]*)(@)/gi, '$1****$3');
}

/** Remove every known secret from a message (driver errors may echo connection strings). */
export function redactSecrets(message: string, secrets: readonly (string | undefined)[]): string {
  let out = redactUrl(message);
  for (const s of secrets) {
    if (s && s.length >= 1) out = out.split(s).join('****');
  }
  return out;
}
