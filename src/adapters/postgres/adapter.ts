import { pgLockTrace } from './lock-trace.js';
import { readLintTarget } from './lint-target.js';
import { randomBytes } from 'node:crypto';
import type { Client, QueryResult as PgQueryResult } from 'pg';
import type { Adapter, Capabilities, QueryResult, Queryable, Row } from '../adapter.js';
import { redactSecrets, urlSecrets } from '../url/redact.js';
import type { PostgresUrl } from './url.js';
import { connectPg, pg } from './connect.js';
import { pgErrorFacts } from './errors.js';
import { postgresFleetQueue } from './fleet-queue.js';
import { postgresHistoryStore } from './history-store.js';
import { runKey as runKeyOf, runTag } from '../shared/run-tag.js';
import { pgOrphans, pgResolveInDoubt, pgStatementTxn } from './journal.js';
import { holderTag, postgresLocker } from './locker.js';
import { quoteIdent } from './quote.js';
import { loadPgParser, splitPostgres } from './splitter.js';
import { pgTransactions } from './transaction.js';

export const POSTGRES_CAPABILITIES: Capabilities = { transactionalDdl: true, savepoints: true };

function wrap(client: Client) {
  let ending = false;
  return {
    async query<R = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      const r = await client.query(sql, params as unknown[] | undefined);
      // A multi-statement string yields one result per statement; the last one is what callers want.
      const last = Array.isArray(r) ? (r[r.length - 1] as PgQueryResult) : r;
      return { rows: (last?.rows ?? []) as R[], rowCount: last?.rowCount ?? 0 };
    },
    end: () => {
      ending = true;
      return client.end();
    },
    onLost(fn: (reason: string) => void): void {
      client.on('error', (e: Error) => void (ending || fn(e.message.split('\n')[0] ?? 'connection error')));
      client.on('end', () => void (ending || fn('connection closed')));
    },
  };
}

/** `shale_dev_<random>` on the server, for the declarative commands; dropped (sessions ended) by `drop`. */
async function createScratchDatabase(db: Queryable, serverUrl: string): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `shale_dev_${randomBytes(6).toString('hex')}`;
  await db.query(`create database ${quoteIdent(name)}`);
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return { url: u.toString(), name, drop: async () => void (await db.query(`drop database if exists ${quoteIdent(name)} with (force)`)) };
}

/** Connect to PostgreSQL: one connection for work, a second one (opened on demand) for the lock. */
export async function openPostgres(url: PostgresUrl, opts: { tablePrefix: string }): Promise<Adapter> {
  const client = await connectPg(url.url, url.display, url.password, 'shale');
  const q = wrap(client);
  const searchPath = url.schema ? `set search_path to ${url.schema.split(',').map((s) => quoteIdent(s.trim())).join(', ')}` : null;
  if (searchPath) await q.query(searchPath);
  const cur = await q.query<{ s: string | null; d: string }>('select current_schema() as s, current_database() as d');
  const schema = url.schema?.split(',')[0]?.trim() || cur.rows[0]?.s || 'public';
  const scope = `${cur.rows[0]?.d ?? ''}|${schema}|${opts.tablePrefix}`;
  // The work session says which run it belongs to and which state tables it works on, so a later
  // run can see a statement this one left running on the server when it was killed (DESIGN §7).
  const runKey = runKeyOf(scope);
  const setTag = `set application_name to ${pg.escapeLiteral(runTag(runKey))}`;
  await q.query(setTag);
  // A migration's SET, SET ROLE or SET SESSION AUTHORIZATION outlives its transaction. Sent before
  // the state rows and COMMIT (and after a ROLLBACK), this puts the session back as shale opened
  // it: the bookkeeping and the next migration never run as another role, with another
  // search_path or statement_timeout. (DISCARD ALL cannot run in a transaction.) `reset all` also
  // resets application_name: the run's tag is set again (SET takes no parameters; the tag is ours).
  const restoreSession = `reset session authorization; reset role; reset all; ${setTag};${searchPath ? ` ${searchPath};` : ''}\n`;
  const session = { client, raw: q, restoreSession, setTag };
  const { query, transaction } = pgTransactions(session, (db) => postgresHistoryStore(db, schema, opts.tablePrefix));
  const history = postgresHistoryStore({ query }, schema, opts.tablePrefix);
  const locker = postgresLocker(
    async () => wrap(await connectPg(url.url, url.display, url.password, holderTag())),
    { query },
    scope,
  );
  return {
    display: url.display,
    capabilities: POSTGRES_CAPABILITIES,
    locker,
    history,
    query,
    param: (i) => `$${i}`,
    split: async (script) => {
      await loadPgParser();
      return splitPostgres(script);
    },
    execute: (sql) => query(sql),
    transaction,
    // Also ends a transaction a `-- transaction: false` migration opened itself and left failed.
    rollback: async () => void (await query(`rollback;\n${restoreSession}`)),
    statementTxn: pgStatementTxn,
    resolveInDoubt: (sql) => pgResolveInDoubt({ query }, sql),
    orphans: () => pgOrphans({ query }, runKey),
    fleetQueue: (tablePrefix) => postgresFleetQueue({ query }, tablePrefix),
    devDatabase: { kind: 'scratch', create: () => createScratchDatabase({ query }, url.url) },
    schemaDialect: async () => (await import('../../schema/postgres/index.js')).postgresSchema,
    lintTarget: () => readLintTarget({ query }),
    lockTrace: pgLockTrace,
    redact: (text) => redactSecrets(text, urlSecrets(url.url)),
    errorFacts: pgErrorFacts,
    async close() {
      await locker.release().catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}
