import type { InDoubtResolution, OrphanSession, Queryable, StatementTxn } from '../adapter.js';
import { headTokens, headWords, type HeadToken } from '../shared/leading-words.js';
import { RUN_TAG, tagHolder } from '../shared/run-tag.js';

/** Statements that do not commit implicitly: they run in a transaction with the journal update. */
const TRANSACTIONAL = new Set(['INSERT', 'UPDATE', 'DELETE', 'REPLACE', 'SELECT', 'WITH', 'VALUES', 'TABLE', 'DO', 'SAVEPOINT', 'RELEASE', 'HANDLER']);

const head = (sql: string, max = 12): HeadToken[] => headTokens(sql, max, { hashComments: true });

/**
 * How one MySQL/MariaDB statement relates to transactions: DML runs in one; DDL and the other
 * statements that commit implicitly (https://dev.mysql.com/doc/refman/8.0/en/implicit-commit.html)
 * are `autocommit`. (DML on a non-transactional engine such as MyISAM commits at once whatever shale does.)
 */
export function mysqlStatementTxn(sql: string): StatementTxn {
  const w = headWords(head(sql, 4));
  const first = w[0] ?? '';
  if (first === 'BEGIN') return w[1] === 'NOT' ? 'autocommit' : 'begin';
  if (first === 'START' && w[1] === 'TRANSACTION') return 'begin';
  if (first === 'COMMIT') return 'commit';
  if (first === 'ROLLBACK') return w.includes('TO') ? 'transactional' : 'rollback';
  // LOAD DATA / LOAD XML are DML; LOAD INDEX INTO CACHE commits implicitly.
  if (first === 'LOAD') return w[1] === 'DATA' || w[1] === 'XML' ? 'transactional' : 'autocommit';
  // A procedure may commit; it does not commit the caller's transaction by being called.
  if (first === 'CALL') return 'outside';
  if (first === 'SET') {
    const h = headWords(head(sql, 6));
    if (h.includes('PASSWORD') || h.includes('AUTOCOMMIT')) return 'autocommit';
    // SET TRANSACTION (for the next transaction) is refused inside one.
    if (h[1] === 'TRANSACTION') return 'prelude';
    return 'transactional';
  }
  return TRANSACTIONAL.has(first) ? 'transactional' : 'autocommit';
}

/** `[db.]name` at `tokens[i]`: the name and the index after it. */
function qualifiedName(tokens: readonly HeadToken[], i: number): { schema: string | null; name: string; next: number } | null {
  const a = tokens[i];
  if (!a || a.kind === 'punct') return null;
  if (tokens[i + 1]?.text === '.' && tokens[i + 2] && tokens[i + 2]!.kind !== 'punct') return { schema: tokens[i]!.raw, name: tokens[i + 2]!.raw, next: i + 3 };
  return { schema: null, name: a.raw, next: i + 1 };
}

const NOT_A_COLUMN = new Set(['CONSTRAINT', 'PRIMARY', 'FOREIGN', 'CHECK', 'PARTITION', 'PERIOD', 'SYSTEM', 'VERSIONING', 'INDEX', 'KEY', 'UNIQUE', 'FULLTEXT', 'SPATIAL']);

const RERUN: InDoubtResolution = { outcome: 'not-done', reason: 'the statement is written to be run again (IF [NOT] EXISTS / OR REPLACE)' };
const UNKNOWN: InDoubtResolution = { outcome: 'unknown', reason: 'shale cannot tell from the catalog whether it took effect' };

async function tableExists(db: Queryable, schema: string | null, name: string): Promise<boolean> {
  const r = await db.query('select 1 from information_schema.tables where table_schema = coalesce(?, database()) and table_name = ?', [schema, name]);
  return r.rows.length > 0;
}

async function indexExists(db: Queryable, t: { schema: string | null; name: string }, index: string): Promise<boolean> {
  const r = await db.query('select 1 from information_schema.statistics where table_schema = coalesce(?, database()) and table_name = ? and index_name = ?', [t.schema, t.name, index]);
  return r.rows.length > 0;
}

async function columnExists(db: Queryable, t: { schema: string | null; name: string }, column: string): Promise<boolean> {
  const r = await db.query('select 1 from information_schema.columns where table_schema = coalesce(?, database()) and table_name = ? and column_name = ?', [t.schema, t.name, column]);
  return r.rows.length > 0;
}

function existence(exists: boolean, doneWhenExists: boolean, what: string): InDoubtResolution {
  return { outcome: exists === doneWhenExists ? 'done' : 'not-done', reason: `${what} ${exists ? 'exists' : 'does not exist'}` };
}

/**
 * Whether a DDL statement a killed run had sent took effect, from information_schema: tables,
 * indexes and single-clause column changes. Anything else is `unknown` (the user decides).
 */
export async function mysqlResolveInDoubt(db: Queryable, sql: string): Promise<InDoubtResolution> {
  const t = head(sql, 64);
  const w = (i: number): string => (t[i]?.kind === 'word' ? t[i]!.text : '');
  let i = 0;
  if (w(0) === 'CREATE' && w(1) === 'OR' && w(2) === 'REPLACE') return RERUN;
  if (w(0) === 'CREATE' || w(0) === 'DROP') {
    i = 1;
    while (['TEMPORARY', 'UNIQUE', 'FULLTEXT', 'SPATIAL', 'ONLINE', 'OFFLINE'].includes(w(i))) i++;
    const kind = w(i++);
    if (w(i) === 'IF') return RERUN;
    const target = qualifiedName(t, i);
    if (!target) return UNKNOWN;
    const create = w(0) === 'CREATE';
    if (kind === 'TABLE' || kind === 'VIEW') {
      // DROP TABLE a, b: only a single name is checked.
      if (t[target.next]?.text === ',') return UNKNOWN;
      return existence(await tableExists(db, target.schema, target.name), create, `${kind.toLowerCase()} ${target.name}`);
    }
    if (kind === 'INDEX' || kind === 'KEY') {
      if (w(target.next) !== 'ON') return UNKNOWN;
      const table = qualifiedName(t, target.next + 1);
      if (!table) return UNKNOWN;
      return existence(await indexExists(db, table, target.name), create, `index ${target.name} on ${table.name}`);
    }
    return UNKNOWN;
  }
  if (w(0) === 'ALTER' && w(1) === 'TABLE') {
    const table = qualifiedName(t, 2);
    if (!table) return UNKNOWN;
    // One clause only: with several, one that exists says nothing of the others.
    let depth = 0;
    for (const x of t.slice(table.next)) {
      if (x.text === '(') depth++;
      else if (x.text === ')') depth--;
      else if (x.text === ',' && depth === 0) return UNKNOWN;
    }
    let k = table.next;
    const verb = w(k++);
    if (verb !== 'ADD' && verb !== 'DROP') return UNKNOWN;
    const what = w(k);
    if (['INDEX', 'KEY', 'UNIQUE', 'FULLTEXT', 'SPATIAL'].includes(what)) {
      if (['UNIQUE', 'FULLTEXT', 'SPATIAL'].includes(w(k))) k++;
      if (w(k) === 'INDEX' || w(k) === 'KEY') k++;
      if (w(k) === 'IF') return RERUN;
      const index = t[k];
      if (!index || index.kind === 'punct') return UNKNOWN;
      return existence(await indexExists(db, table, index.raw), verb === 'ADD', `index ${index.raw} on ${table.name}`);
    }
    if (what === 'COLUMN') k++;
    if (w(k) === 'IF') return RERUN;
    const col = t[k];
    // Only a plain name is a column: any keyword there (CONSTRAINT, PRIMARY, PERIOD, SYSTEM …) is another kind of clause.
    if (!col || col.kind === 'punct' || (col.kind === 'word' && NOT_A_COLUMN.has(col.text))) return UNKNOWN;
    return existence(await columnExists(db, table, col.raw), verb === 'ADD', `column ${table.name}.${col.raw}`);
  }
  return UNKNOWN;
}

/**
 * Statements of other shale runs on the same state tables still executing on the server, from the
 * processlist: each statement shale sends starts with its run's tag (see `shared/run-tag.ts`).
 */
export async function mysqlOrphans(db: Queryable, key: string): Promise<OrphanSession[]> {
  const p = await db.query<{ ID: number; TIME: number | null; INFO: string | null }>(
    `select ID, TIME, INFO from information_schema.processlist where ID <> connection_id() and COMMAND <> 'Sleep' and INFO like ?`,
    [`/* ${RUN_TAG} ${key} %`],
  );
  return p.rows.map((row) => {
    const info = row.INFO ?? '';
    const end = info.indexOf('*/');
    return { session: Number(row.ID), holder: tagHolder(info.slice(3, end)), runningSeconds: Number(row.TIME ?? 0), query: info.slice(end + 2).trim().slice(0, 200) };
  });
}
