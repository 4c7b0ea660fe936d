import { createRequire } from 'node:module';
import type { InDoubtResolution, OrphanSession, Queryable, StatementTxn } from '../adapter.js';
import { RUN_TAG, tagHolder } from '../shared/run-tag.js';
import { quoteIdent } from './quote.js';

type Node = Record<string, unknown>;
type Parser = { parseSync(sql: string): { stmts?: { stmt?: Record<string, Node> }[] } };

/** libpg-query, loaded (its WASM module initialised) by the splitter before any statement exists. */
const parser = (): Parser => createRequire(import.meta.url)('libpg-query') as Parser;

/**
 * The parse tree of one statement: its node type and fields. Null when it does not parse on its own
 * (the splitter parsed it in its script, so this does not happen for a split statement): callers then
 * take the cautious answer.
 */
function parseOne(sql: string): { type: string; node: Node } | null {
  let stmt: Record<string, Node> | undefined;
  try {
    stmt = parser().parseSync(sql).stmts?.[0]?.stmt;
  } catch {
    return null;
  }
  const type = stmt ? Object.keys(stmt)[0] : undefined;
  return type ? { type, node: stmt![type]! } : null;
}

/** Statements PostgreSQL refuses to run in a transaction block (PreventInTransactionBlock). */
const NEVER_IN_TRANSACTION = new Set([
  'CreatedbStmt',
  'DropdbStmt',
  'AlterSystemStmt',
  'CreateTableSpaceStmt',
  'DropTableSpaceStmt',
  'CreateSubscriptionStmt',
  'AlterSubscriptionStmt',
  'DropSubscriptionStmt',
]);

const TRANSACTION_KINDS: Record<string, StatementTxn> = {
  TRANS_STMT_BEGIN: 'begin',
  TRANS_STMT_START: 'begin',
  TRANS_STMT_COMMIT: 'commit',
  // PREPARE TRANSACTION ends the transaction as COMMIT does (its rows wait for COMMIT PREPARED).
  TRANS_STMT_PREPARE: 'commit',
  TRANS_STMT_ROLLBACK: 'rollback',
  TRANS_STMT_COMMIT_PREPARED: 'autocommit',
  TRANS_STMT_ROLLBACK_PREPARED: 'autocommit',
};

function concurrently(params: unknown): boolean {
  return Array.isArray(params) && params.some((p) => (p as { DefElem?: { defname?: string } }).DefElem?.defname === 'concurrently');
}

function detachesConcurrently(cmds: unknown): boolean {
  type Cmd = { AlterTableCmd?: { subtype?: string; def?: { PartitionCmd?: { concurrent?: boolean } } } };
  return Array.isArray(cmds) && cmds.some((c: Cmd) => c.AlterTableCmd?.subtype === 'AT_DetachPartition' && c.AlterTableCmd.def?.PartitionCmd?.concurrent === true);
}

/** How one PostgreSQL statement relates to transactions, from its parse tree. */
export function pgStatementTxn(sql: string): StatementTxn {
  const p = parseOne(sql);
  // Unknown: journaled started/done, never assumed to roll back.
  if (!p) return 'autocommit';
  const { type, node } = p;
  if (type === 'TransactionStmt') return TRANSACTION_KINDS[String(node['kind'])] ?? 'transactional';
  if (NEVER_IN_TRANSACTION.has(type)) return 'autocommit';
  // A procedure or DO block may COMMIT itself: not in shale's transaction; in the migration's own
  // block it is part of it (where PostgreSQL refuses its COMMIT, as it should).
  if (type === 'CallStmt' || type === 'DoStmt') return 'outside';
  if ((type === 'IndexStmt' || type === 'DropStmt') && node['concurrent'] === true) return 'autocommit';
  if (type === 'ReindexStmt' && (concurrently(node['params']) || ['REINDEX_OBJECT_SYSTEM', 'REINDEX_OBJECT_DATABASE', 'REINDEX_OBJECT_SCHEMA'].includes(String(node['kind'])))) return 'autocommit';
  if (type === 'VacuumStmt' && node['is_vacuumcmd'] === true) return 'autocommit';
  if (type === 'ClusterStmt' && node['relation'] === undefined) return 'autocommit';
  if (type === 'DiscardStmt' && node['target'] === 'DISCARD_ALL') return 'autocommit';
  if (type === 'AlterDatabaseStmt' && Array.isArray(node['options']) && node['options'].some((o) => (o as { DefElem?: { defname?: string } }).DefElem?.defname === 'tablespace')) return 'autocommit';
  if (type === 'AlterTableStmt' && detachesConcurrently(node['cmds'])) return 'autocommit';
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
    const rel = node['relation'] as RangeVar | undefined;
    if (!rel?.relname) return { outcome: 'unknown', reason: 'the statement names no table' };
    return indexState(db, rel, node['idxname']);
  }
  if (type === 'DropStmt' && node['removeType'] === 'OBJECT_INDEX') {
    const objects = (node['objects'] as unknown[] | undefined) ?? [];
    if (objects.length !== 1) return { outcome: 'unknown', reason: 'it drops several indexes' };
    const parts = names(objects[0]);
    const idx = parts[parts.length - 1]!;
    const exists = await findIndex(db, parts.length > 1 ? parts[0]! : null, idx);
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

/** The index `name` of table `rel` (resolved as the search path finds it), if it exists. */
async function indexOn(db: Queryable, rel: RangeVar, name: string): Promise<{ valid: boolean; schema: string } | null> {
  const table = rel.schemaname ? `${quoteIdent(rel.schemaname)}.${quoteIdent(rel.relname!)}` : quoteIdent(rel.relname!);
  const r = await db.query<{ valid: boolean; schema: string }>(
    `select i.indisvalid as valid, n.nspname as schema from pg_catalog.pg_index i
       join pg_catalog.pg_class c on c.oid = i.indexrelid join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where c.relname = $1 and i.indrelid = pg_catalog.to_regclass($2)`,
    [name, table],
  );
  return r.rows[0] ?? null;
}

/** The index `name` (qualified or found on the search path), if it exists. */
async function findIndex(db: Queryable, schema: string | null, name: string): Promise<boolean> {
  const r = await db.query('select 1 from pg_catalog.pg_index where indexrelid = pg_catalog.to_regclass($1)', [schema ? `${quoteIdent(schema)}.${quoteIdent(name)}` : quoteIdent(name)]);
  return r.rows.length > 0;
}

async function indexState(db: Queryable, rel: RangeVar, name: string): Promise<InDoubtResolution> {
  const found = await indexOn(db, rel, name);
  if (!found) return { outcome: 'not-done', reason: `index ${name} on ${rel.relname} does not exist` };
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
