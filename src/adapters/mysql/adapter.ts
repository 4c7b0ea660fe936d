import { ShaleError } from '../../errors.js';
import { redactSecrets, urlSecrets } from '../url/redact.js';
import type { MysqlUrl } from './url.js';
import type { Adapter, Capabilities, Transaction } from '../adapter.js';
import { connectMysql, holderAttributes } from './connect.js';
import { mysqlErrorFacts } from './errors.js';
import { mysqlHistoryStore } from './history-store.js';
import { runKey, runTag } from '../shared/run-tag.js';
import { executeEach, plainTransactions } from '../shared/transaction.js';
import { mysqlOrphans, mysqlResolveInDoubt, mysqlStatementTxn } from './journal.js';
import { mysqlLocker, mysqlLockName } from './locker.js';
import { splitMysql } from './splitter.js';

/** DDL commits implicitly on MySQL/MariaDB, so the engine statement-journals every migration. */
export const MYSQL_CAPABILITIES: Capabilities = { transactionalDdl: false, savepoints: true };

/**
 * Connect to MySQL or MariaDB (`mysql://` or `mariadb://`): one connection for work, a second one
 * (opened on demand) that holds the `GET_LOCK` lock. The URL must name a database: the state tables
 * live there and the lock is scoped to it.
 */
export async function openMysql(url: MysqlUrl, opts: { tablePrefix: string }): Promise<Adapter> {
  const conn = await connectMysql(url.url, url.display, url.password);
  let database: string;
  try {
    const r = await conn.query<{ d: string | null }>('select database() as d');
    const d = r.rows[0]?.d;
    if (!d) throw new ShaleError('E_URL', `${url.display} names no database: add it to the URL path (mysql://user@host:3306/<database>)`, { url: url.display });
    database = d;
  } catch (e) {
    await conn.end();
    throw e;
  }
  // A migration's statements say which run sent them, so a later run sees one still running in
  // the processlist (DESIGN §7). The bookkeeping's short queries are not tagged.
  const key = runKey(`${database}|${opts.tablePrefix}`);
  const tag = `/* ${runTag(key)} */ `;
  const history = mysqlHistoryStore(conn, database, opts.tablePrefix);
  const execute = (sql: string) => conn.query(tag + sql);
  const tx: Transaction = { query: conn.query, execute, executeAll: (sqls) => executeEach(tx, sqls), checkpoint: async () => undefined, history };
  const locker = mysqlLocker(() => connectMysql(url.url, url.display, url.password, holderAttributes()), conn, mysqlLockName(database, opts.tablePrefix));
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
    async close() {
      try {
        await locker.release();
      } finally {
        await conn.end();
      }
    },
  };
}
