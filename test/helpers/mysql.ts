// MariaDB/MySQL test databases: each test creates its own database so files can run in parallel.
import mysql from 'mysql2/promise';
import { IN_CI, MYSQL_URL, uniqueName } from './databases.js';

function adminOptions(): mysql.ConnectionOptions {
  const u = new URL(MYSQL_URL);
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 3306,
    user: decodeURIComponent(u.username) || 'root',
    password: u.password ? decodeURIComponent(u.password) : undefined,
    connectTimeout: 3000,
  };
}

/** A connection to the test server without a database selected. */
export function mysqlAdmin(): Promise<mysql.Connection> {
  return mysql.createConnection(adminOptions());
}

/** Whether the MySQL/MariaDB test server answers. Under CI=true a missing server is a failure, not a skip. */
export async function mysqlAvailable(): Promise<boolean> {
  try {
    const c = await mysqlAdmin();
    await c.end();
    return true;
  } catch (e) {
    if (IN_CI) throw new Error(`MySQL/MariaDB test server not reachable at ${MYSQL_URL} (CI=true: tests must not skip): ${String(e)}`);
    return false;
  }
}

/** The node:test `skip` option for MySQL tests: never skips under CI. */
export async function skipUnlessMysql(): Promise<string | false> {
  return (await mysqlAvailable()) ? false : `MySQL/MariaDB not reachable at ${MYSQL_URL} (set SHALE_TEST_MYSQL_URL)`;
}

export interface TempMysqlDatabase {
  readonly name: string;
  /** `mysql://…/<name>` */
  readonly url: string;
  /** A connection to this database (closed by `drop`). */
  connect(): Promise<mysql.Connection>;
  drop(): Promise<void>;
}

/** Create a fresh database; `drop()` removes it and closes the connections `connect()` opened. */
export async function createMysqlDatabase(prefix = 'shale_t'): Promise<TempMysqlDatabase> {
  const name = uniqueName(prefix);
  const admin = await mysqlAdmin();
  try {
    await admin.query(`create database \`${name}\``);
  } finally {
    await admin.end();
  }
  const u = new URL(MYSQL_URL);
  u.pathname = `/${name}`;
  const opened: mysql.Connection[] = [];
  return {
    name,
    url: u.toString(),
    async connect() {
      const c = await mysql.createConnection({ ...adminOptions(), database: name });
      opened.push(c);
      return c;
    },
    async drop() {
      for (const c of opened) await c.end().catch(() => c.destroy());
      const a = await mysqlAdmin();
      try {
        await a.query(`drop database if exists \`${name}\``);
      } finally {
        await a.end();
      }
    },
  };
}
