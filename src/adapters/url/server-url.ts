import { ShaleError } from '../../errors.js';
import { decodeUrlPart, displayOf, splitUrl } from './parts.js';
import type { ServerUrl } from './scheme.js';

/**
 * Split and check a `scheme://…` URL without echoing a secret it may carry: E_URL when it has no
 * `//`, when an unencoded `#`, `?` or `/` (or a fragment) would hide part of the password from
 * redaction, or when `new URL` rejects it. `expected` lists the accepted schemes, for the first case.
 * @example readServerUrl('postgres://u:pw@h/db', 'postgres://').display // 'postgres://u:****@h/db'
 */
export function readServerUrl(text: string, expected: string): ServerUrl {
  const parts = splitUrl(text);
  if (parts === null) {
    // No `scheme://`: nothing tells where a password would be, so nothing of the text is echoed.
    const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(text)?.[0];
    throw new ShaleError('E_URL', `invalid database URL${scheme ? ` (${scheme}…)` : ''}: use ${expected}`, {});
  }
  // Without user info the "host" may be the start of a password (`u:pw` read as host u, port pw).
  const shown = `${parts.scheme}//…${parts.user === null ? '' : `@${parts.host}`}`;
  // An unencoded `#`, `?` or `/` in a password moves the rest of it (and the host) into the fragment,
  // query or path, where no redaction can know it is a secret: `u:123#45@host` parses as host `u`, port
  // 123. Such a URL is rejected without echoing it. A fragment has no meaning in a database URL.
  if (parts.fragment !== null || (parts.user === null && parts.rest.includes('@'))) {
    throw new ShaleError('E_URL', `invalid database URL ${shown}: percent-encode # ? / @ in the user name and password (%23 %3F %2F %40)`, { url: shown });
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ShaleError('E_URL', `invalid database URL ${shown}: check the host and port, and percent-encode # ? / @ in the password`, { url: shown });
  }
  return { text, url, display: displayOf(parts) };
}

/**
 * The password as pg and mysql2 read it: a `password` (or mysql2 `password1`) parameter wins over
 * the password of the user info, which is percent-decoded.
 * @example urlPassword(new URL('postgres://u:a%40b@h/db')) // 'a@b'
 */
export function urlPassword(url: URL): string | undefined {
  return url.searchParams.get('password') || url.searchParams.get('password1') || (url.password ? decodeUrlPart(url.password) : undefined);
}
