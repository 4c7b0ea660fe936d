import { hostname } from 'node:os';
import type { Connection, ConnectionOptions } from 'mysql2/promise';
import { ShaleError, messageOf } from '../../errors.js';
import { decodeUrlPart } from '../url/parts.js';
import { redactSecrets, urlSecrets } from '../url/redact.js';
import { urlPassword } from '../url/server-url.js';
import type { Queryable, QueryResult, Row } from '../adapter.js';

export const MYSQL_CONNECT_TIMEOUT_MS = 10_000;

/** Query parameters a `mysql://` / `mariadb://` URL may carry (`password1..3`: mysql2's multi-factor passwords). */
const URL_PARAMS = ['ssl', 'socket', 'charset', 'connectTimeout', 'password', 'password1', 'password2', 'password3'] as const;

const SSL_OFF = new Set(['false', '0', 'no', 'off', 'disabled']);
/** Encrypt without checking the server certificate, as `mysql --ssl-mode=REQUIRED` does. */
const SSL_UNVERIFIED = new Set(['required']);
const SSL_VERIFIED = new Set(['true', '1', 'yes', 'on', 'verify_ca', 'verify_identity']);

/** TLS options from `ssl=true|false` (or a `mysql --ssl-mode` value); null: no TLS. */
function sslOptions(u: URL, display: string): { rejectUnauthorized?: boolean } | null {
  const v = u.searchParams.get('ssl')?.toLowerCase();
  if (v === undefined || SSL_OFF.has(v)) return null;
  if (SSL_VERIFIED.has(v)) return {};
  if (SSL_UNVERIFIED.has(v)) return { rejectUnauthorized: false };
  throw new ShaleError('E_URL', `unsupported ssl=${v} in ${display}: use true, false, required, verify_ca or verify_identity`, { url: display, parameter: 'ssl' });
}

/**
 * mysql2 options from a `mysql://user:pass@host:port/db?ssl=true&socket=/path&charset=…&connectTimeout=ms`
 * URL. `multipleStatements` stays off: shale splits scripts itself and runs one statement at a time.
 * Datetimes are exchanged as UTC (`timezone: 'Z'`), whatever the time zone of this process.
 */
export function mysqlConnectionOptions(url: string, display: string): ConnectionOptions {
  const u = new URL(url);
  for (const k of u.searchParams.keys()) {
    if (!(URL_PARAMS as readonly string[]).includes(k)) {
      // The name only: `display` masks secret values, but a misplaced secret may be the name itself (`?S3cr3t`).
      const name = /^[a-z][a-z0-9_]{0,30}$/i.test(k) ? `"${k}"` : 'a parameter';
      throw new ShaleError('E_URL', `unsupported ${name} in a mysql:// URL: use ${URL_PARAMS.join(', ')}`, { url: display, ...(name === 'a parameter' ? {} : { parameter: k }) });
    }
  }
  const socket = u.searchParams.get('socket');
  const charset = u.searchParams.get('charset');
  const timeout = u.searchParams.get('connectTimeout');
  const connectTimeout = timeout === null ? MYSQL_CONNECT_TIMEOUT_MS : Number(timeout);
  if (!Number.isSafeInteger(connectTimeout) || connectTimeout <= 0) {
    throw new ShaleError('E_URL', `connectTimeout takes milliseconds, got "${timeout}" in ${display}`, { url: display, parameter: 'connectTimeout' });
  }
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  const ssl = sslOptions(u, display);
  return {
    host: u.hostname.replace(/^\[(.*)\]$/, '$1') || 'localhost',
    port: u.port ? Number(u.port) : 3306,
    user: decodeUrlPart(u.username) || undefined,
    password: urlPassword(u),
    ...(u.searchParams.get('password2') ? { password2: u.searchParams.get('password2')! } : {}),
    ...(u.searchParams.get('password3') ? { password3: u.searchParams.get('password3')! } : {}),
    ...(database ? { database } : {}),
    ...(socket ? { socketPath: socket } : {}),
    ...(charset ? { charset } : {}),
    ...(ssl ? { ssl } : {}),
    multipleStatements: false,
    timezone: 'Z',
    supportBigNumbers: true,
    connectTimeout,
  };
}

/** What a holder's lock connection carries, so `holder()` can name pid@host where the server shows it. */
export function holderAttributes(): Record<string, string> {
  return { program_name: 'shale', shale_pid: String(process.pid), shale_host: hostname() };
}

/** A mysql2 connection seen as a {@link Queryable}. */
export interface MysqlConnection extends Queryable {
  /** The server's id of this connection (`CONNECTION_ID()`, the `KILL` target). */
  readonly threadId: number;
  end(): Promise<void>;
  /** Call `fn` when the connection closes or fails, except by `end()`. */
  onLost(fn: (reason: string) => void): void;
}

/** mysql2 results → {@link QueryResult}: rows for reads, affected rows for writes, the first result set of a CALL. */
export function toQueryResult<R>(result: unknown): QueryResult<R> {
  if (Array.isArray(result)) {
    const rows = (result.length > 0 && Array.isArray(result[0]) ? result[0] : result) as R[];
    return { rows, rowCount: rows.length };
  }
  const header = result as { affectedRows?: number } | null;
  return { rows: [], rowCount: header?.affectedRows ?? 0 };
}

/** Open a mysql2 connection; failures become one-line E_CONNECT errors with every secret of the URL redacted. */
export async function connectMysql(url: string, display: string, password: string | undefined, attributes: Record<string, string> = {}): Promise<MysqlConnection> {
  const { createConnection } = await import('mysql2/promise');
  let conn: Connection;
  try {
    conn = await createConnection({ ...mysqlConnectionOptions(url, display), connectAttributes: attributes });
  } catch (e) {
    if (e instanceof ShaleError) throw e;
    const msg = redactSecrets(messageOf(e).split('\n')[0] ?? '', [password, ...urlSecrets(url)]);
    throw new ShaleError('E_CONNECT', `cannot connect to ${display}: ${msg}`, { url: display, dbCode: (e as { code?: unknown }).code }, { cause: e });
  }
  // A killed or dropped connection surfaces as a failed query; without a listener it would crash the process.
  conn.on('error', () => undefined);
  let ending = false;
  return {
    threadId: conn.threadId,
    async query<R = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      // Text protocol (`query`, not `execute`): prepared statements reject many DDL and routine statements.
      const [result] = params && params.length > 0 ? await conn.query(sql, params as unknown[]) : await conn.query(sql);
      return toQueryResult<R>(result);
    },
    end: () => {
      ending = true;
      return conn.end().catch(() => conn.destroy());
    },
    onLost(fn: (reason: string) => void): void {
      conn.on('error', (e: Error) => void (ending || fn(e.message.split('\n')[0] ?? 'connection error')));
      conn.on('end', () => void (ending || fn('connection closed')));
    },
  };
}
