import { isAbsolute, resolve } from 'node:path';
import { ShaleError } from '../../errors.js';
import type { LocalScheme } from '../url/scheme.js';

/** A `sqlite:` URL (DESIGN §2): a file, or `:memory:`. It holds no secret: `display` is the URL as given. */
export interface SqliteUrl {
  readonly path: string;
  readonly display: string;
  readonly params: Readonly<Record<string, string>>;
}

/** Query parameters a `sqlite:` URL may carry, with the values each accepts. */
const SQLITE_PARAMS: Readonly<Record<string, readonly string[]>> = {
  foreign_keys: ['on', 'off', 'true', 'false', '1', '0', 'yes', 'no'],
};

/**
 * `sqlite:rel.db`, `sqlite://rel.db` → `rel.db`; `sqlite:///abs/path.db` → `/abs/path.db`;
 * `sqlite::memory:`; `?foreign_keys=on|off`. An unknown parameter or value is E_URL.
 * @example parseSqliteUrl('sqlite:///abs/x.db?foreign_keys=on').path // '/abs/x.db'
 */
export function parseSqliteUrl(text: string): SqliteUrl {
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
  if (rest.startsWith('///')) rest = rest.slice(2);
  else if (rest.startsWith('//')) rest = rest.slice(2);
  if (rest === '') throw new ShaleError('E_URL', `sqlite URL has no file path: ${text} (use sqlite:path/to.db or sqlite::memory:)`, { url: text });
  return { path: rest, display: text, params };
}

/**
 * `sqlite:app.db` read from a config file in `dir` is `dir/app.db`, not a file beside whoever runs shale.
 * @example sqliteUrlRelativeTo('sqlite:app.db?foreign_keys=on', '/srv/x') // 'sqlite:///srv/x/app.db?foreign_keys=on'
 */
export function sqliteUrlRelativeTo(text: string, dir: string): string {
  const { path } = parseSqliteUrl(text);
  if (path === ':memory:' || path === '' || isAbsolute(path)) return text;
  const q = text.indexOf('?');
  return `sqlite://${resolve(dir, path)}${q >= 0 ? text.slice(q) : ''}`;
}

export const SQLITE_SCHEME: LocalScheme<SqliteUrl> = { form: 'local', schemes: ['sqlite:'], parse: parseSqliteUrl, relativeTo: sqliteUrlRelativeTo };
