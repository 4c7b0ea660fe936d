import type { ServerScheme, ServerUrl } from '../url/scheme.js';
import { urlPassword } from '../url/server-url.js';

/** A `postgres://` URL (DESIGN §2); `schema` sets the search_path. Only `display` may be shown. */
export interface PostgresUrl {
  /** As given, password included: the connection string for pg. */
  readonly url: string;
  readonly display: string;
  readonly schema?: string;
  readonly password?: string;
}

/**
 * @example parsePostgresUrl(readServerUrl('postgres://u:pw@h/db?schema=s', …)).schema // 's'
 */
export function parsePostgresUrl(u: ServerUrl): PostgresUrl {
  const password = urlPassword(u.url);
  const schema = u.url.searchParams.get('schema') ?? undefined;
  return { url: u.text, display: u.display, ...(schema ? { schema } : {}), ...(password ? { password } : {}) };
}

/** `postgres://user:password@host:port/db?sslmode=…&schema=s`, also written `postgresql://`. */
export const POSTGRES_SCHEME: ServerScheme<PostgresUrl> = { form: 'server', schemes: ['postgres:'], aliases: ['postgresql:'], parse: parsePostgresUrl };
