import { createRequire } from 'node:module';
import type { InDoubtResolution, OrphanSession, Queryable, StatementTxn } from '../adapter.js';
import { RUN_TAG, tagHolder } from '../shared/run-tag.js';
import { quoteIdent } from './quote.js';

type Node = Record<string, unknown>;
type Parser = { parseSync(sql: string): { stmts?: { stmt?: Record<string, Node> }[] } };

/** libpg-query, loaded (its WASM module initialised) by the splitter before any statement exists. */
const parser = (): Parser => createRequire(import.meta.url)('libpg-query') as Parser;

/** The parse tree of one statement: its node type and fields; null when it does not parse alone. */
function parseOne(sql: string): { type: string; node: Node } | null {
  try {
    const stmt = parser().parseSync(sql).stmts?.[0]?.stmt;
    const type = stmt ? Object.keys(stmt)[0] : undefined;
    return type ? { type, node: stmt![type]! } : null;
  } catch {
    return null;
  }
}

/** Statements PostgreSQL refuses to run in a transaction block (PreventInTransactionBlock). */
const NEVER_IN_TRANSACTION = new Set(['CreatedbStmt', 'DropdbStmt', 'AlterSystemStmt', 'CreateTableSpaceStmt', 'DropTableSpaceStmt', 'CreateSubscriptionStmt', 'AlterSubscriptionStmt', 'DropSubscriptionStmt']);

const TRANSACTION_KINDS: Record<string, StatementTxn> = {
  TRANS_STMT_BEGIN: 'begin',
  TRANS_STMT_START: 'begin',
  TRANS_STMT_COMMIT: 'commit',
  // PREPARE TRANSACTION ends the transaction as COMMIT does (its rows wait for COMMIT PREPARED).
  TRANS_STMT_PREPARE: 'commit',
  TRANS_STMT_ROLLBACK: 'rollback',
};

function concurrently(params: unknown): boolean {
  return Array.isArray(params) && params.some((p) => (p as { DefElem?: { defname?: string } }).DefElem?.defname === 'concurrently');
}

/** How one PostgreSQL statement relates to transactions, from its parse tree. */
export function pgStatementTxn(sql: string): StatementTxn {
  const p = parseOne(sql);
  if (!p) return 'transactional';
  const { type, node } = p;
  if (type === 'TransactionStmt') return TRANSACTION_KINDS[String(node['kind'])] ?? 'transactional';
  if (NEVER_IN_TRANSACTION.has(type)) return 'autocommit';
  if ((type === 'IndexStmt' || type === 'DropStmt') && node['concurrent'] === true) return 'autocommit';
  if (type === 'ReindexStmt' && (concurrently(node['params']) || node['kind'] === 'REINDEX_OBJECT_SYSTEM' || node['kind'] === 'REINDEX_OBJECT_DATABASE')) return 'autocommit';
  if (type === 'VacuumStmt' && node['is_vacuumcmd'] === true) return 'autocommit';
  if (type === 'ClusterStmt' && node['relation'] === undefined) return 'autocommit';
  return 'transactional';
}

type RangeVar = { schemaname?: string; relname?: string };

function names(list: unknown): string[] {
  const items = (list as { List?: { items?: { String?: { sval?: string } }[] } })?.List?.items ?? [];
  return items.map((i) => i.String?.sval ?? '');
}

/** Re-running these cannot do harm: they converge on the same state. */
const RERUNNABLE: Record<string, string> = {
  VacuumStmt: 'VACUUM can run again',
  ReindexStmt: 'REINDEX can run again',
  ClusterStmt: 'CLUSTER can run again',
  AlterSystemStmt: 'ALTER SYSTEM sets the same value again',
};

/**
 * Whether an `autocommit` statement that a killed run had sent took effect. An index that exists
 * and is valid is done; an invalid one (left by an interrupted CREATE INDEX CONCURRENTLY) is dropped
 * concurrently so that the statement can run again.
 */
export async function pgResolveInDoubt(db: Queryable, sql: string): Promise<InDoubtResolution> {
  const p = parseOne(sql);
  if (!p) return { outcome: 'unknown', reason: 'the statement could not be analysed' };
  const { type, node } = p;
  if (RERUNNABLE[type]) return { outcome: 'not-done', reason: RERUNNABLE[type]! };
  if (type === 'IndexStmt' && typeof node['idxname'] === 'string') {
    const schema = (node['relation'] as RangeVar | undefined)?.schemaname ?? null;
    return indexState(db, schema, node['idxname']);
  }
  if (type === 'DropStmt' && node['removeType'] === 'OBJECT_INDEX') {
    const objects = (node['objects'] as unknown[] | undefined) ?? [];
    if (objects.length !== 1) return { outcome: 'unknown', reason: 'it drops several indexes' };
    const parts = names(objects[0]);
    const idx = parts[parts.length - 1]!;
    const exists = (await findIndex(db, parts.length > 1 ? parts[0]! : null, idx)) !== null;
    return exists ? { outcome: 'not-done', reason: `index ${idx} still exists` } : { outcome: 'done', reason: `index ${idx} no longer exists` };
  }
  if (type === 'CreatedbStmt' || type === 'DropdbStmt') {
    const name = String(node['dbname']);
    const r = await db.query('select 1 from pg_catalog.pg_database where datname = $1', [name]);
    const exists = r.rows.length > 0;
    const done = type === 'CreatedbStmt' ? exists : !exists;
    return { outcome: done ? 'done' : 'not-done', reason: `database ${name} ${exists ? 'exists' : 'does not exist'}` };
  }
  return { outcome: 'unknown', reason: 'shale cannot tell from the catalog whether it took effect' };
}

async function findIndex(db: Queryable, schema: string | null, name: string): Promise<{ valid: boolean; schema: string } | null> {
  const r = await db.query<{ valid: boolean; schema: string }>(
    `select i.indisvalid as valid, n.nspname as schema from pg_catalog.pg_class c
       join pg_catalog.pg_index i on i.indexrelid = c.oid join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where c.relname = $1 and (n.nspname = $2 or ($2::text is null and n.nspname = any (pg_catalog.current_schemas(false))))
      order by array_position(pg_catalog.current_schemas(false), n.nspname) limit 1`,
    [name, schema],
  );
  return r.rows[0] ?? null;
}

async function indexState(db: Queryable, schema: string | null, name: string): Promise<InDoubtResolution> {
  const found = await findIndex(db, schema, name);
  if (!found) return { outcome: 'not-done', reason: `index ${name} does not exist` };
  if (found.valid) return { outcome: 'done', reason: `index ${name} exists and is valid` };
  await db.query(`drop index concurrently if exists ${quoteIdent(found.schema)}.${quoteIdent(name)}`);
  return { outcome: 'not-done', reason: `index ${name} was left invalid by the interrupted build: dropped it (drop index concurrently) to build it again` };
}

/** Work sessions of other shale runs on the same state tables that are still busy on the server. */
export async function pgOrphans(db: Queryable, key: string): Promise<OrphanSession[]> {
  const r = await db.query<{ pid: number; app: string; secs: number; query: string }>(
    `select pid, application_name as app, coalesce(extract(epoch from now() - query_start), 0)::float8 as secs, left(query, 200) as query
       from pg_catalog.pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle'
        and application_name like $1`,
    [`${RUN_TAG} ${key} %`],
  );
  // The query text starts with the BEGIN the adapter sent with the statement.
  const statement = (q: string): string => q.replace(/^begin;\s*(?:set local synchronous_commit to off;\s*)?/i, '');
  return r.rows.map((row) => ({ session: row.pid, holder: tagHolder(row.app), runningSeconds: Math.round(row.secs), query: statement(row.query) }));
}
