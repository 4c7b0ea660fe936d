import { decodeUrlPart, isSecretParam, splitUrl } from './parts.js';

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

/**
 * Replace the password of any URL-looking text with `****`, and the value of any secret query
 * parameter (`?password=`, `&sslpassword=`, …). Works on unparsable input too. The password runs to
 * the last `@` of the word, as URL parsers read the authority: an unencoded `@`, `/`, `?` or `#` in a
 * password (`u:p@ss@host`, `u:12#34@host`) must not leave part of it behind; failing that, to an `@`
 * further on the same line if no `/` comes first (an unencoded space: `u:pass word@host`). It may
 * mask more than the password, never less.
 * @example redactUrl('cannot connect to postgres://u:pw@h/db') // 'cannot connect to postgres://u:****@h/db'
 */
export function redactUrl(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)(?:[^\s"'`]*|[^\r\n"'`/]*)(@)/gi, '$1****$2')
    // A database scheme without `//` (`postgres:u:pw@host`, a typo) still carries a password.
    .replace(/\b((?:postgres(?:ql)?|mysql|mariadb):(?!\/\/)[^:/@\s]*:)[^\s"'`]*(@)/gi, '$1****$2')
    .replace(/([?&;](?:ssl)?password[0-9]?=)[^&#\s"'`]*/gi, '$1****');
}

/**
 * Remove every known secret from a message (driver errors may echo connection strings).
 * @example redactSecrets('auth failed for pw', ['pw']) // 'auth failed for ****'
 */
export function redactSecrets(message: string, secrets: readonly (string | undefined)[]): string {
  let out = redactUrl(message);
  // Longest first: a secret that contains another must go whole.
  for (const s of [...secrets].sort((a, b) => (b?.length ?? 0) - (a?.length ?? 0))) {
    if (s && s.length >= 1) out = out.split(s).join('****');
  }
  return out;
}
