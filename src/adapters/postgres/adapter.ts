import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Adapter, Capabilities, ErrorFacts, QueryResult, Queryable, Row } from '../adapter.js';
import { redactSecrets, urlSecrets, type DatabaseUrl } from '../../core/url.js';
import { runBatch } from './batch.js';
import { connectPg } from './connect.js';
import { postgresFleetQueue } from './fleet-queue.js';
import { postgresHistoryStore } from './history-store.js';
import { runKey as runKeyOf, runTag } from '../shared/run-tag.js';
import { pgOrphans, pgResolveInDoubt, pgStatementTxn } from './journal.js';
import { holderTag, postgresLocker } from './locker.js';
import { quoteIdent } from './quote.js';
import { codePointsToOffset, loadPgParser, splitPostgres } from './splitter.js';

export const POSTGRES_CAPABILITIES: Capabilities = { transactionalDdl: true, savepoints: true };

type PgUrl = Extract<DatabaseUrl, { kind: 'postgres' }>;

function wrap(client: pg.Client) {
  let ending = false;
  return {
    async query<R = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      const r = await client.query(sql, params as unknown[] | undefined);
      // A multi-statement string yields one result per statement; the last one is what callers want.
      const last = Array.isArray(r) ? (r[r.length - 1] as pg.QueryResult) : r;
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

/** PostgreSQL position (1-based character index into the statement) → 0-based UTF-16 offset in `sql`. */
export function pgErrorPosition(error: unknown, sql: string): { offset: number } | null {
  const p = (error as { position?: string } | null)?.position;
  const n = p === undefined ? NaN : Number(p);
  return Number.isFinite(n) && n > 0 ? { offset: codePointsToOffset(sql, n - 1) } : null;
}

/** The facts of a PostgreSQL error (pg and PGlite errors carry the same fields). SQLSTATE 25001: active SQL transaction. */
export function pgErrorFacts(error: unknown, sql: string): ErrorFacts {
  const e = error as { code?: unknown; detail?: unknown; hint?: unknown } | null;
  return {
    position: pgErrorPosition(error, sql),
    notInTransaction: e?.code === '25001',
    // Class 42 (syntax error or access rule violation) and 25001 are raised while the statement is
    // parsed and analysed, before it runs.
    notRun: typeof e?.code === 'string' && (e.code.startsWith('42') || e.code === '25001'),
    detail: typeof e?.detail === 'string' ? e.detail : null,
    hint: typeof e?.hint === 'string' ? e.hint : null,
  };
}

/** Make an error position relative to the statement after a prefix sent with it. */
function shiftPosition(e: unknown, by: number): void {
  const err = e as { position?: string };
  const n = Number(err?.position);
  if (Number.isFinite(n) && n > by) err.position = String(n - by);
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
export async function openPostgres(url: PgUrl, opts: { tablePrefix: string }): Promise<Adapter> {
  const client = await connectPg(url.url, url.display, url.password, 'shale');
  const q = wrap(client);
  const searchPath = url.schema ? `set search_path to ${url.schema.split(',').map((s) => quoteIdent(s.trim())).join(', ')}` : null;
  if (searchPath) await q.query(searchPath);
  let lazyCommit = false;
  let keepSession = false;
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
  // A BEGIN is held back until the next statement (see execute); every other query sends it first.
  let pendingBegin: string | null = null;
  const flushBegin = async (): Promise<void> => {
    const prefix = pendingBegin;
    pendingBegin = null;
    if (prefix !== null) await q.query(prefix);
  };
  const query = async <R = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> => {
    await flushBegin();
    return q.query<R>(sql, params);
  };
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
    // The BEGIN of a transaction travels with its first statement: one round trip less per migration.
    execute: async (sql) => {
      const prefix = pendingBegin;
      if (prefix === null) return q.query(sql);
      pendingBegin = null;
      try {
        return await q.query(prefix + sql);
      } catch (e) {
        shiftPosition(e, prefix.length);
        throw e;
      }
    },
    executeMany: async (sqls) => {
      const prefix = pendingBegin ?? '';
      pendingBegin = null;
      await runBatch(client, prefix, prefix.split(';').length - 1, sqls);
    },
    // Asynchronous commit is safe here: WAL order keeps a migration and its state row together.
    begin: async (o) => {
      lazyCommit = o?.durable === false;
      keepSession = o?.keepSession === true;
      pendingBegin = lazyCommit ? 'begin; set local synchronous_commit to off;\n' : 'begin;\n';
    },
    commit: async () => {
      if (pendingBegin !== null) pendingBegin = null;
      // The statement may have reset the session (RESET ALL, DISCARD): the run's tag goes back on.
      else if (keepSession) await q.query(`${setTag}; commit`);
      else await q.query(`${restoreSession}${lazyCommit ? 'set local synchronous_commit to off;\n' : ''}commit`);
    },
    // The state and log rows travel with the COMMIT. Not with the statements: a client killed
    // mid-migration must leave the server waiting for a COMMIT that never comes.
    commitWith: async (sqls) => {
      // `reset all` also resets the SET LOCAL of a lazy commit: set it again after.
      const text = restoreSession + [...(lazyCommit ? ['set local synchronous_commit to off'] : []), ...sqls, 'commit'].join(';\n');
      const prefix = pendingBegin;
      pendingBegin = null;
      await q.query(prefix === null ? text : prefix + text);
    },
    // Also ends a transaction a `-- transaction: false` migration opened itself and left failed.
    rollback: async () => {
      if (pendingBegin !== null) pendingBegin = null;
      else await q.query(`rollback;\n${restoreSession}`);
    },
    statementTxn: pgStatementTxn,
    resolveInDoubt: (sql) => pgResolveInDoubt({ query }, sql),
    orphans: () => pgOrphans({ query }, runKey),
    fleetQueue: (tablePrefix) => postgresFleetQueue({ query }, tablePrefix),
    devDatabase: { kind: 'scratch', create: () => createScratchDatabase({ query }, url.url) },
    redact: (text) => redactSecrets(text, urlSecrets(url.url)),
    errorFacts: pgErrorFacts,
    async close() {
      await locker.release().catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}
