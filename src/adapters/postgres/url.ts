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
 * The query parameters a `postgres://` URL may carry: shale's `schema`, what pg reads (`ssl`, `db`
 * and `encoding` for a socket path, the timeouts, `binary`, `uselibpqcompat`), and every libpq
 * connection keyword, so that a URL copied from libpq tooling is accepted as pg accepts it.
 */
const POSTGRES_PARAMS: ReadonlySet<string> = new Set([
  'schema',
  // pg and pg-connection-string
  'ssl', 'db', 'database', 'encoding', 'statement_timeout', 'lock_timeout', 'idle_in_transaction_session_timeout', 'query_timeout', 'binary', 'uselibpqcompat', 'sslpassword',
  // libpq connection keywords (PostgreSQL 18)
  'host', 'hostaddr', 'port', 'dbname', 'user', 'password', 'passfile', 'require_auth', 'channel_binding', 'connect_timeout', 'client_encoding', 'options',
  'application_name', 'fallback_application_name', 'keepalives', 'keepalives_idle', 'keepalives_interval', 'keepalives_count', 'tcp_user_timeout', 'replication',
  'gssencmode', 'sslmode', 'requiressl', 'sslnegotiation', 'sslcompression', 'sslcert', 'sslkey', 'sslcertmode', 'sslrootcert', 'sslcrl', 'sslcrldir', 'sslsni',
  'requirepeer', 'ssl_min_protocol_version', 'ssl_max_protocol_version', 'krbsrvname', 'gsslib', 'gssdelegation', 'service', 'target_session_attrs', 'load_balance_hosts',
]);

/** A misspelt parameter must not be ignored: `?schem=app` would quietly put the state tables in `public`. */
function checkParams(u: ServerUrl): void {
  for (const k of u.url.searchParams.keys()) {
    if (POSTGRES_PARAMS.has(k)) continue;
    // A name that is not a plain word is not echoed: it may be a misplaced secret.
    const plain = /^[a-z][a-z0-9_]{0,40}$/i.test(k);
    const near = plain ? [...POSTGRES_PARAMS].find((p) => p !== k && (p.startsWith(k) || k.startsWith(p)) && Math.abs(p.length - k.length) <= 2) : undefined;
    const what = plain ? `unknown parameter "${k}"` : 'an unknown parameter';
    throw new ShaleError('E_URL', `${what} in ${u.display}${near ? ` (did you mean "${near}"?)` : ''}: postgres URLs take schema and the libpq connection parameters`, {
      url: u.display,
      ...(plain ? { parameter: k } : {}),
    });
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
