import { ShaleError } from '../../errors.js';
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
 * The query parameters shale, pg and libpq read from a `postgres://` URL: shale's `schema`, pg's own
 * (`ssl`, `db` and `encoding` for a socket path, the timeouts, `binary`, `uselibpqcompat`) and the
 * libpq connection keywords (PostgreSQL 18).
 */
const KNOWN_PARAMS: readonly string[] = [
  'schema',
  'ssl', 'db', 'database', 'encoding', 'statement_timeout', 'lock_timeout', 'idle_in_transaction_session_timeout', 'query_timeout', 'binary', 'uselibpqcompat',
  'host', 'hostaddr', 'port', 'dbname', 'user', 'password', 'passfile', 'require_auth', 'channel_binding', 'connect_timeout', 'client_encoding', 'options',
  'application_name', 'fallback_application_name', 'keepalives', 'keepalives_idle', 'keepalives_interval', 'keepalives_count', 'tcp_user_timeout', 'replication',
  'gssencmode', 'sslmode', 'requiressl', 'sslnegotiation', 'sslcompression', 'sslcert', 'sslkey', 'sslpassword', 'sslcertmode', 'sslrootcert', 'sslcrl', 'sslcrldir',
  'sslsni', 'sslkeylogfile', 'requirepeer', 'ssl_min_protocol_version', 'ssl_max_protocol_version', 'min_protocol_version', 'max_protocol_version', 'krbsrvname',
  'gsslib', 'gssdelegation', 'service', 'target_session_attrs', 'load_balance_hosts', 'oauth_issuer', 'oauth_client_id', 'oauth_client_secret', 'oauth_scope',
];

/** Levenshtein distance, stopping early above `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * A misspelt parameter must not be ignored (`?schem=app` would quietly put the state tables in
 * `public`), but pg passes over parameters it does not read, and other tools' URLs carry their own
 * (Prisma's `connection_limit`, `pgbouncer`): so a parameter is refused when it is one or two edits
 * away from a known one, and accepted otherwise. The message names the parameter, never the URL's
 * query: a misspelt `pasword` holds a password.
 */
function checkParams(u: ServerUrl): void {
  const where = u.display.split('?')[0];
  for (const k of u.url.searchParams.keys()) {
    if (KNOWN_PARAMS.includes(k)) continue;
    const near = KNOWN_PARAMS.find((p) => distance(k.toLowerCase(), p, k.length < 6 ? 1 : 2) <= (k.length < 6 ? 1 : 2));
    if (near === undefined) continue;
    const plain = /^[a-z][a-z0-9_]{0,40}$/i.test(k);
    throw new ShaleError('E_URL', `${plain ? `unknown parameter "${k}"` : 'an unknown parameter'} in ${where}?…: did you mean "${near}"?`, { url: where, ...(plain ? { parameter: k } : {}) });
  }
}

/**
 * @example parsePostgresUrl(readServerUrl('postgres://u:pw@h/db?schema=s', …)).schema // 's'
 */
export function parsePostgresUrl(u: ServerUrl): PostgresUrl {
  checkParams(u);
  const password = urlPassword(u.url);
  const schema = u.url.searchParams.get('schema') ?? undefined;
  return { url: u.text, display: u.display, ...(schema ? { schema } : {}), ...(password ? { password } : {}) };
}

/** `postgres://user:password@host:port/db?sslmode=…&schema=s`, also written `postgresql://`. */
export const POSTGRES_SCHEME: ServerScheme<PostgresUrl> = { form: 'server', schemes: ['postgres:'], aliases: ['postgresql:'], parse: parsePostgresUrl };
