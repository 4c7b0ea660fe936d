/**
 * Query parameters that hold a secret: libpq and pg read `password` (and libpq `sslpassword`, the
 * passphrase of the client key, and since PostgreSQL 18 `oauth_client_secret`); mysql2 reads
 * `password` and its multi-factor `password1..3`.
 */
export const SECRET_URL_PARAMS: readonly string[] = ['password', 'sslpassword', 'password1', 'password2', 'password3', 'oauth_client_secret'];

/** Whether a query parameter name (as written, maybe percent-encoded) is one of {@link SECRET_URL_PARAMS}. */
export function isSecretParam(name: string): boolean {
  return SECRET_URL_PARAMS.includes(decodeUrlPart(name).toLowerCase());
}

/** A URL split as text, before any decoding: what {@link displayOf} rebuilds with the secrets masked. */
export interface UrlParts {
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
 * @example splitUrl('postgres://u:pw@h/db')?.password // 'pw'
 */
export function splitUrl(text: string): UrlParts | null {
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

/**
 * The URL rebuilt from its parts with the password, the secret parameters and any fragment masked.
 * @example displayOf(splitUrl('postgres://u:pw@h/db?password=x')!) // 'postgres://u:****@h/db?password=****'
 */
export function displayOf(p: UrlParts): string {
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
 * Percent-decode a URL part the way pg-connection-string does for the usual case: a `%` not followed
 * by two hex digits stays a literal `%` (`new URL` keeps it too) instead of failing.
 * @example decodeUrlPart('a%20b%zz') // 'a b%zz'
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
