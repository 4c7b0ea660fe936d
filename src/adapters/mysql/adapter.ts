import { ShaleError } from '../../errors.js';
import type { DatabaseUrl } from '../../core/url.js';
import type { Adapter } from '../adapter.js';

/** Placeholder until the MySQL/MariaDB adapter lands (issue 3): a clear error, never a silent no-op. */
export async function openMysql(url: Extract<DatabaseUrl, { kind: 'mysql' }>, _opts: { tablePrefix: string }): Promise<Adapter> {
  throw new ShaleError('E_UNSUPPORTED', `MySQL/MariaDB is not supported yet (${url.display})`, { url: url.display });
}
