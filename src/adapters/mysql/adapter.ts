import { randomBytes } from 'node:crypto';
import { redactSecrets, urlSecrets } from '../url/redact.js';
import type { MysqlUrl } from './url.js';
import type { Adapter, Capabilities, Queryable, Transaction } from '../adapter.js';
import { connectMysql, holderAttributes } from './connect.js';
import { mysqlErrorFacts } from './errors.js';
import { mysqlHistoryStore } from './history-store.js';
import { runKey, runTag } from '../shared/run-tag.js';
import { executeEach, plainTransactions } from '../shared/transaction.js';
import { mysqlOrphans, mysqlResolveInDoubt, mysqlStatementTxn } from './journal.js';
import { readMysqlLintTarget } from './lint-target.js';
import { mysqlLocker, mysqlLockName } from './locker.js';
import { quoteIdent } from './quote.js';
import { serverOnlyHistory, serverOnlyLocker } from './server-only.js';
import { splitMysql } from './splitter.js';

/** DDL commits implicitly on MySQL/MariaDB, so the engine statement-journals every migration. */
export const MYSQL_CAPABILITIES: Capabilities = { transactionalDdl: false, savepoints: true };

/**
 * `shale_dev_<random>` on the server, for the declarative commands (`--dev-url mysql://…`), with the
 * server's default character set; `drop` removes it. The URL's own database, if any, is untouched.
 */
async function createScratchDatabase(db: Queryable, serverUrl: string): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `shale_dev_${randomBytes(6).toString('hex')}`;
  await db.query(`create database ${quoteIdent(name)}`);
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return { url: u.toString(), name, drop: async () => void (await db.query(`drop database if exists ${quoteIdent(name)}`)) };
}

/**
 * Connect to MySQL or MariaDB (`mysql://` or `mariadb://`): one connection for work, a second one
 * (opened on demand) that holds the `GET_LOCK` lock. The state tables live in the URL's database and
 * the lock is scoped to it; a URL without a database (`mysql://host:3306/`) opens a server
 * connection that can only create scratch dev databases (anything needing state tables is E_URL).
 */
export async function openMysql(url: MysqlUrl, opts: { tablePrefix: string }): Promise<Adapter> {
  const conn = await connectMysql(url.url, url.display, url.password);
  let database: string | null;
  try {
    const r = await conn.query<{ d: string | null }>('select database() as d');
    database = r.rows[0]?.d ?? null;
  } catch (e) {
    await conn.end();
    throw e;
  }
  // A migration's statements say which run sent them, so a later run sees one still running in
  // the processlist (DESIGN §7). The bookkeeping's short queries are not tagged.
  const key = runKey(`${database ?? ''}|${opts.tablePrefix}`);
  const tag = `/* ${runTag(key)} */ `;
  // Without a database the connection is a server for scratch dev databases: no state tables.
  const history = database === null ? serverOnlyHistory(url.display) : mysqlHistoryStore(conn, database, opts.tablePrefix);
  const execute = (sql: string) => conn.query(tag + sql);
  const tx: Transaction = { query: conn.query, execute, executeAll: (sqls) => executeEach(tx, sqls), checkpoint: async () => undefined, history };
  const locker =
    database === null
      ? serverOnlyLocker(url.display)
      : mysqlLocker(() => connectMysql(url.url, url.display, url.password, holderAttributes()), conn, mysqlLockName(database, opts.tablePrefix));
  return {
    display: url.display,
    capabilities: MYSQL_CAPABILITIES,
    locker,
    history,
    query: conn.query,
    param: () => '?',
    split: async (script) => splitMysql(script),
    execute,
    transaction: plainTransactions(
      {
        begin: async () => void (await conn.query('start transaction')),
        commit: async () => void (await conn.query('commit')),
        rollback: async () => void (await conn.query('rollback')),
      },
      tx,
    ),
    rollback: async () => void (await conn.query('rollback')),
    statementTxn: mysqlStatementTxn,
    resolveInDoubt: (sql) => mysqlResolveInDoubt(conn, sql),
    orphans: () => mysqlOrphans(conn, key),
    redact: (text) => redactSecrets(text, urlSecrets(url.url)),
    errorFacts: mysqlErrorFacts,
    devDatabase: { kind: 'scratch', create: () => createScratchDatabase(conn, url.url) },
    schemaDialect: async () => (await import('../../schema/mysql/index.js')).mysqlSchema,
    lintTarget: () => readMysqlLintTarget(conn),
    async close() {
      try {
        await locker.release();
      } finally {
        await conn.end();
      }
    },
  };
}
