import { ShaleError } from '../../errors.js';
import { readServerUrl } from './server-url.js';
import { describeSchemes, namesOf, type ServerScheme, type UrlScheme } from './scheme.js';

/** A URL read by one of the schemes given to {@link parseUrl}. */
export interface ParsedUrl<P> {
  /** The scheme that matched, lower case with its colon (`postgres:`, `sqlite:`). */
  readonly scheme: string;
  readonly parsed: P;
}

/**
 * Read `input` with the first of `schemes` that accepts it: a `local` scheme by its prefix, else a
 * `server` one by the protocol of the checked URL. E_URL when it is empty, malformed (see
 * {@link readServerUrl}) or has no scheme of the list; no message echoes a password.
 * @example parseUrl('sqlite:app.db', schemes).scheme // 'sqlite:'
 */
export function parseUrl<P>(input: string, schemes: readonly UrlScheme<P>[]): ParsedUrl<P> {
  const text = input.trim();
  if (text === '') throw new ShaleError('E_URL', 'no database URL: pass --db <url> or set SHALE_DATABASE_URL or DATABASE_URL');
  for (const s of schemes) {
    if (s.form !== 'local') continue;
    const scheme = namesOf(s).find((name) => text.startsWith(name));
    if (scheme !== undefined) return { scheme, parsed: s.parse(text) };
  }
  const expected = describeSchemes(schemes);
  const server = readServerUrl(text, expected);
  const scheme = server.url.protocol;
  const s = schemes.find((c): c is ServerScheme<P> => c.form === 'server' && namesOf(c).includes(scheme));
  if (!s) {
    throw new ShaleError('E_URL', `unsupported database URL scheme "${scheme}" in ${server.display}: use ${expected}`, { url: server.display });
  }
  return { scheme, parsed: s.parse(server) };
}
