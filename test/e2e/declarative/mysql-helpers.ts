// Shared by the MySQL/MariaDB declarative e2e tests: a project folder, statements on a test database.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MYSQL_URL } from '../../helpers/databases.js';
import { mysqlAdmin } from '../../helpers/mysql.js';

/** The server as a dev database URL (no database: shale creates `shale_dev_<random>` there). */
export const MYSQL_DEV_URL = MYSQL_URL;

export interface MysqlProject {
  readonly dir: string;
  readonly migrations: string;
  readonly schema: string;
}

export function mysqlProject(migrations: Record<string, string>, schema = ''): MysqlProject {
  const dir = mkdtempSync(join(tmpdir(), 'shale-mysql-'));
  const m = join(dir, 'migrations');
  mkdirSync(m);
  for (const [name, text] of Object.entries(migrations)) writeFileSync(join(m, name), text);
  writeFileSync(join(dir, 'schema.sql'), schema);
  return { dir, migrations: m, schema: join(dir, 'schema.sql') };
}

/** Run statements on a database of the test server. */
export async function mysqlRun(database: string, statements: readonly string[]): Promise<Record<string, unknown>[]> {
  const c = await mysqlAdmin();
  try {
    await c.query(`use \`${database}\``);
    let rows: Record<string, unknown>[] = [];
    for (const s of statements) rows = ((await c.query(s))[0] as Record<string, unknown>[]) ?? [];
    return rows;
  } finally {
    await c.end();
  }
}
