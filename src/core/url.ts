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
  const parts = splitUrl(text);
  if (parts === null) {
    // No `scheme://`: nothing tells where a password would be, so nothing of the text is echoed.
    const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(text)?.[0];
    throw new ShaleError('E_URL', `invalid database URL${scheme ? ` (${scheme}…)` : ''}: use postgres://, mysql://, mariadb://, sqlite: or pglite:`, {});
  }
  // Without user info the "host" may be the start of a password (`u:pw` read as host u, port pw).
  const shown = `${parts.scheme}//…${parts.user === null ? '' : `@${parts.host}`}`;
  // An unencoded `#`, `?` or `/` in a password moves the rest of it (and the host) into the fragment,
  // query or path, where no redaction can know it is a secret: `u:123#45@host` parses as host `u`, port
  // 123. Such a URL is rejected without echoing it. A fragment has no meaning in a database URL.
  if (parts.fragment !== null || (parts.user === null && parts.rest.includes('@'))) {
    throw new ShaleError('E_URL', `invalid database URL ${shown}: percent-encode # ? / @ in the user name and password (%23 %3F %2F %40)`, { url: shown });
  }
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new ShaleError('E_URL', `invalid database URL ${shown}: check the host and port, and percent-encode # ? / @ in the password`, { url: shown });
  }
  const kind = SCHEMES[u.protocol];
  const display = displayOf(parts);
  if (!kind) {
    throw new ShaleError('E_URL', `unsupported database URL scheme "${u.protocol}" in ${display}: use postgres://, mysql://, mariadb://, sqlite: or pglite:`, { url: display });
  }
  // As pg and mysql2 read it: a `password` parameter wins over the password of the user info.
  const password = u.searchParams.get('password') || u.searchParams.get('password1') || (u.password ? decodeUrlPart(u.password) : undefined);
  if (kind === 'mysql') return { kind, url: text, display, ...(password ? { password } : {}) };
  const schema = u.searchParams.get('schema') ?? undefined;
  return { kind, url: text, display, ...(schema ? { schema } : {}), ...(password ? { password } : {}) };
}

/**
 * Query parameters that hold a secret: libpq and pg read `password` (and libpq `sslpassword`, the
 * passphrase of the client key); mysql2 reads `password` and its multi-factor `password1..3`.
 */
export const SECRET_URL_PARAMS: readonly string[] = ['password', 'sslpassword', 'password1', 'password2', 'password3'];

function isSecretParam(name: string): boolean {
  return SECRET_URL_PARAMS.includes(decodeUrlPart(name).toLowerCase());
}

/** A URL split as text, before any decoding: what {@link displayOf} rebuilds with the secrets masked. */
interface UrlParts {
  readonly scheme: string;
  readonly user: string | null;
  readonly password: string | null;
  readonly host: string;
  /** Path and query, without the fragment. */
  readonly rest: string;
  readonly fragment: string | null;
}

/**
 * `scheme://user:password@host/path?query#fragment`. The authority ends at the first `/`, `?` or `#`
 * and the user info at its last `@`, as WHATWG URL parsers read it; the password starts at the
 * first `:` of the user info. Works where `new URL` fails, so an error can still be redacted.
 */
function splitUrl(text: string): UrlParts | null {
  const m = /^([a-z][a-z0-9+.-]*:)\/\/([^/?#]*)([^#]*)(?:#(.*))?$/is.exec(text);
  if (!m) return null;
  const [, scheme, authority, rest, fragment] = m as unknown as [string, string, string, string, string | undefined];
  const at = authority.lastIndexOf('@');
  const info = at < 0 ? null : authority.slice(0, at);
  const colon = info === null ? -1 : info.indexOf(':');
  return {
    scheme,
    user: info === null ? null : colon < 0 ? info : info.slice(0, colon),
    password: info === null || colon < 0 ? null : info.slice(colon + 1),
    host: authority.slice(at + 1),
    rest,
    fragment: fragment ?? null,
  };
}

function displayOf(p: UrlParts): string {
  const q = p.rest.indexOf('?');
  const query =
    q < 0
      ? ''
      : `?${p.rest
          .slice(q + 1)
          .split('&')
          .map((kv) => {
            const eq = kv.indexOf('=');
            return eq >= 0 && isSecretParam(kv.slice(0, eq)) ? `${kv.slice(0, eq)}=****` : kv;
          })
          .join('&')}`;
  const info = p.user === null ? '' : `${p.user}${p.password === null ? '' : ':****'}@`;
  return `${p.scheme}//${info}${p.host}${q < 0 ? p.rest : p.rest.slice(0, q)}${query}${p.fragment === null ? '' : '#****'}`;
}

/**
 * Every secret a database URL carries, as the driver reads it and as written: the password of the
 * user info and the values of {@link SECRET_URL_PARAMS}. For {@link redactSecrets}.
 * @example urlSecrets('postgres://u:a%20b@h/db?sslpassword=k') // ['a b', 'a%20b', 'k']
 */
export function urlSecrets(url: string): string[] {
  const parts = splitUrl(url.trim());
  if (parts === null) return [];
  const out = new Set<string>();
  const add = (raw: string | null): void => {
    if (!raw) return;
    out.add(decodeUrlPart(raw));
    out.add(raw);
    // URLSearchParams (pg, mysql2) reads `+` as a space.
    out.add(decodeUrlPart(raw.replace(/\+/g, ' ')));
  };
  add(parts.password);
  const q = parts.rest.indexOf('?');
  if (q >= 0) {
    for (const kv of parts.rest.slice(q + 1).split('&')) {
      const eq = kv.indexOf('=');
      if (eq >= 0 && isSecretParam(kv.slice(0, eq))) add(kv.slice(eq + 1));
    }
  }
  if (parts.fragment) add(parts.fragment);
  return [...out].filter((s) => s !== '');
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

/**
 * Percent-decode a URL part the way pg-connection-string does for the usual case: a `%` not followed
 * by two hex digits stays a literal `%` (`new URL` keeps it too) instead of failing.
 */
export function decodeUrlPart(s: string): string {
  return s.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/**
 * Replace the password of any URL-looking text with `****`, and the value of any secret query
 * parameter (`?password=`, `&sslpassword=`, …). Works on unparsable input too. The password runs to
 * the last `@` of the word, as URL parsers read the authority: an unencoded `@`, `/`, `?` or `#` in a
 * password (`u:p@ss@host`, `u:12#34@host`) must not leave part of it behind; failing that, to an `@`
 * further on the same line if no `/` comes first (an unencoded space: `u:pass word@host`). It may
 * mask more than the password, never less.
 */
export function redactUrl(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)(?:[^\s"'`]*|[^\r\n"'`/]*)(@)/gi, '$1****$2')
    // A database scheme without `//` (`postgres:u:pw@host`, a typo) still carries a password.
    .replace(/\b((?:postgres(?:ql)?|mysql|mariadb):(?!\/\/)[^:/@\s]*:)[^\s"'`]*(@)/gi, '$1****$2')
    .replace(/([?&;](?:ssl)?password[0-9]?=)[^&#\s"'`]*/gi, '$1****');
}

/** Remove every known secret from a message (driver errors may echo connection strings). */
export function redactSecrets(message: string, secrets: readonly (string | undefined)[]): string {
  let out = redactUrl(message);
  // Longest first: a secret that contains another must go whole.
  for (const s of [...secrets].sort((a, b) => (b?.length ?? 0) - (a?.length ?? 0))) {
    if (s && s.length >= 1) out = out.split(s).join('****');
  }
  return out;
}
