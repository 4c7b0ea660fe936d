import type { ServerScheme, ServerUrl } from '../url/scheme.js';
import { urlPassword } from '../url/server-url.js';

/** A `mysql://` or `mariadb://` URL (DESIGN §2). Only `display` may be shown. */
export interface MysqlUrl {
  /** As given, password included: what `mysqlConnectionOptions` reads. */
  readonly url: string;
  readonly display: string;
  readonly password?: string;
}

/**
 * @example parseMysqlUrl(readServerUrl('mysql://root:pw@h:3306/app', …)).password // 'pw'
 */
export function parseMysqlUrl(u: ServerUrl): MysqlUrl {
  const password = urlPassword(u.url);
  return { url: u.text, display: u.display, ...(password ? { password } : {}) };
}

/** `mysql://user:password@host:port/db?…`; MariaDB is the same protocol under its own name. */
export const MYSQL_SCHEME: ServerScheme<MysqlUrl> = { form: 'server', schemes: ['mysql:', 'mariadb:'], parse: parseMysqlUrl };
