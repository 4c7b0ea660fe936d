/**
 * The table-level locks PostgreSQL takes for a statement, from its parse tree (the lock levels of
 * the PostgreSQL documentation: "Explicit Locking" and each command's page).
 */
import { asNode, type AstNode, list, names, nodeOf, relName, type RelName } from './ast.js';
import { optionOn } from './locks-options.js';
import type { PgStatement } from './rule.js';
import { statementMemo } from './statement-memo.js';

/** PostgreSQL's eight table lock modes. */
export type LockMode =
  | 'ACCESS SHARE'
  | 'ROW SHARE'
  | 'ROW EXCLUSIVE'
  | 'SHARE UPDATE EXCLUSIVE'
  | 'SHARE'
  | 'SHARE ROW EXCLUSIVE'
  | 'EXCLUSIVE'
  | 'ACCESS EXCLUSIVE';

/** The lock modes from weakest to strongest: index + 1 is PostgreSQL's number for the mode (`LOCK … mode` in the parse tree). */
export const LOCK_MODES: readonly LockMode[] = ['ACCESS SHARE', 'ROW SHARE', 'ROW EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE', 'SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'];

/** A lock a statement takes on a relation (table, index, view, sequence) that exists before it runs. */
export interface RelationLock {
  readonly relation: RelName;
  readonly mode: LockMode;
  /** The relation is an index (DROP INDEX, REINDEX INDEX, ALTER INDEX…): its table is not named, though it is locked too. */
  readonly index?: true;
}

/** Whether a lock in `mode` makes INSERT/UPDATE/DELETE on the relation wait (it conflicts with ROW EXCLUSIVE). */
export function blocksWrites(mode: LockMode): boolean {
  return LOCK_MODES.indexOf(mode) >= LOCK_MODES.indexOf('SHARE');
}

/** Whether a lock in `mode` makes even a plain SELECT wait (it conflicts with ACCESS SHARE). */
export function blocksReads(mode: LockMode): boolean {
  return mode === 'ACCESS EXCLUSIVE';
}

/** The stronger of two modes. */
function stronger(a: LockMode, b: LockMode): LockMode {
  return LOCK_MODES.indexOf(a) >= LOCK_MODES.indexOf(b) ? a : b;
}

/** A qualified name list (`[schema,] name`, a database name before it ignored) as a relation. */
function relOfNames(parts: readonly string[]): RelName | null {
  const name = parts[parts.length - 1];
  if (!name) return null;
  return { schema: parts.length > 1 ? parts[parts.length - 2]! : null, name };
}

/** The name lists of a `DropStmt`/`CommentStmt` object (`{ List: { items } }`, or a bare `String`). */
function objectNames(o: unknown): string[] {
  const items = asNode(o, 'List')?.['items'];
  if (items) return names(items);
  const s = asNode(o, 'String')?.['sval'];
  return typeof s === 'string' ? [s] : [];
}

/** Object types that are relations themselves; the others named here hang off a table (`trg ON t`). */
const RELATION_OBJECTS = new Set(['OBJECT_TABLE', 'OBJECT_INDEX', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_SEQUENCE', 'OBJECT_FOREIGN_TABLE']);
const ON_TABLE_OBJECTS = new Set(['OBJECT_TRIGGER', 'OBJECT_RULE', 'OBJECT_POLICY', 'OBJECT_COLUMN', 'OBJECT_TABCONSTRAINT']);

/** The relation an object name of `objtype` locks: itself, or the table it is on; null for other objects (types, functions…). */
function relationOfObject(objtype: unknown, o: unknown): RelName | null {
  const parts = objectNames(o);
  if (RELATION_OBJECTS.has(String(objtype))) return relOfNames(parts);
  if (ON_TABLE_OBJECTS.has(String(objtype))) return relOfNames(parts.slice(0, -1));
  return null;
}

/** ALTER TABLE subcommands that take less than ACCESS EXCLUSIVE (PostgreSQL's AlterTableGetLockLevel). */
const ALTER_TABLE_MODES: Readonly<Record<string, LockMode>> = {
  AT_SetStatistics: 'SHARE UPDATE EXCLUSIVE',
  AT_SetOptions: 'SHARE UPDATE EXCLUSIVE',
  AT_ResetOptions: 'SHARE UPDATE EXCLUSIVE',
  AT_SetRelOptions: 'SHARE UPDATE EXCLUSIVE',
  AT_ResetRelOptions: 'SHARE UPDATE EXCLUSIVE',
  AT_ClusterOn: 'SHARE UPDATE EXCLUSIVE',
  AT_DropCluster: 'SHARE UPDATE EXCLUSIVE',
  AT_ValidateConstraint: 'SHARE UPDATE EXCLUSIVE',
  AT_AttachPartition: 'SHARE UPDATE EXCLUSIVE',
  AT_DetachPartitionFinalize: 'SHARE UPDATE EXCLUSIVE',
  AT_EnableTrig: 'SHARE ROW EXCLUSIVE',
  AT_EnableAlwaysTrig: 'SHARE ROW EXCLUSIVE',
  AT_EnableReplicaTrig: 'SHARE ROW EXCLUSIVE',
  AT_EnableTrigAll: 'SHARE ROW EXCLUSIVE',
  AT_EnableTrigUser: 'SHARE ROW EXCLUSIVE',
  AT_DisableTrig: 'SHARE ROW EXCLUSIVE',
  AT_DisableTrigAll: 'SHARE ROW EXCLUSIVE',
  AT_DisableTrigUser: 'SHARE ROW EXCLUSIVE',
  AT_AlterConstraint: 'SHARE ROW EXCLUSIVE',
};

/** The tables a list of constraints references by foreign key (each gets SHARE ROW EXCLUSIVE). */
function referencedTables(constraints: readonly unknown[]): RelName[] {
  return constraints.flatMap((c) => {
    const body = asNode(c, 'Constraint');
    const ref = body?.['contype'] === 'CONSTR_FOREIGN' ? relName(body['pktable']) : null;
    return ref ? [ref] : [];
  });
}

/** The locks of one ALTER TABLE subcommand on `table` (and on the other tables it touches). */
function alterCommandLocks(table: RelName, cmd: AstNode): RelationLock[] {
  const subtype = String(cmd['subtype']);
  const [defType, def] = nodeOf(cmd['def']);
  if (subtype === 'AT_AddConstraint' && defType === 'Constraint' && def['contype'] === 'CONSTR_FOREIGN') {
    const ref = relName(def['pktable']);
    return [{ relation: table, mode: 'SHARE ROW EXCLUSIVE' }, ...(ref ? [{ relation: ref, mode: 'SHARE ROW EXCLUSIVE' as const }] : [])];
  }
  if (subtype === 'AT_AttachPartition' || subtype === 'AT_DetachPartition') {
    const partition = relName(def['name']);
    const concurrent = subtype === 'AT_AttachPartition' || def['concurrent'] === true;
    const own: RelationLock = { relation: table, mode: concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE' };
    return [own, ...(partition ? [{ relation: partition, mode: 'ACCESS EXCLUSIVE' as const }] : [])];
  }
  const own: RelationLock = { relation: table, mode: ALTER_TABLE_MODES[subtype] ?? 'ACCESS EXCLUSIVE' };
  const refs = subtype === 'AT_AddColumn' && defType === 'ColumnDef' ? referencedTables(list(def['constraints'])) : [];
  return [own, ...refs.map((relation) => ({ relation, mode: 'SHARE ROW EXCLUSIVE' as const }))];
}

/** CREATE TABLE: the new table is no one else's yet; its parents and referenced tables are. */
function createTableLocks(node: AstNode): RelationLock[] {
  // A partition takes ACCESS EXCLUSIVE on its parent; plain inheritance SHARE UPDATE EXCLUSIVE.
  const parentMode: LockMode = node['partbound'] ? 'ACCESS EXCLUSIVE' : 'SHARE UPDATE EXCLUSIVE';
  const out: RelationLock[] = [];
  for (const r of list(node['inhRelations'])) {
    const rel = relName(asNode(r, 'RangeVar'));
    if (rel) out.push({ relation: rel, mode: parentMode });
  }
  // Every CREATE TABLE of a run passes here: loops, not arrays of arrays (no foreign key is the usual case).
  const referenced = (c: unknown): void => {
    const body = asNode(c, 'Constraint');
    const ref = body?.['contype'] === 'CONSTR_FOREIGN' ? relName(body['pktable']) : null;
    if (ref) out.push({ relation: ref, mode: 'SHARE ROW EXCLUSIVE' });
  };
  for (const e of list(node['tableElts'])) {
    const column = asNode(e, 'ColumnDef');
    if (column) for (const c of list(column['constraints'])) referenced(c);
    else referenced(e);
  }
  return out;
}

/** Statements whose relations are all indexes. */
function namesIndexes(type: string, node: AstNode): boolean {
  switch (type) {
    case 'DropStmt':
      return node['removeType'] === 'OBJECT_INDEX';
    case 'ReindexStmt':
      return node['kind'] === 'REINDEX_OBJECT_INDEX';
    case 'RenameStmt':
      return node['renameType'] === 'OBJECT_INDEX';
    case 'CommentStmt':
      return node['objtype'] === 'OBJECT_INDEX';
    case 'AlterTableStmt':
      return node['objtype'] === 'OBJECT_INDEX';
    default:
      return false;
  }
}

const on = (rel: RelName | null, mode: LockMode): RelationLock[] => (rel ? [{ relation: rel, mode }] : []);
const rangeVars = (v: unknown): RelName[] =>
  list(v).flatMap((r) => {
    const rel = relName(asNode(r, 'RangeVar'));
    return rel ? [rel] : [];
  });

/** RENAME: an index takes SHARE UPDATE EXCLUSIVE from PostgreSQL 12; everything else ACCESS EXCLUSIVE. */
function renameLocks(node: AstNode, serverVersion: number | undefined): RelationLock[] {
  const rel = relName(node['relation']);
  const indexRename = node['renameType'] === 'OBJECT_INDEX' && (serverVersion ?? Infinity) >= 12;
  return on(rel, indexRename ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE');
}

/** REINDEX: INDEX locks the index ACCESS EXCLUSIVE, TABLE the table SHARE; CONCURRENTLY SHARE UPDATE EXCLUSIVE. */
function reindexLocks(node: AstNode): RelationLock[] {
  const concurrent = list(node['params']).some((p) => optionOn(p, 'concurrently'));
  const rel = relName(node['relation']);
  if (node['kind'] === 'REINDEX_OBJECT_INDEX') return on(rel, concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE');
  if (node['kind'] === 'REINDEX_OBJECT_TABLE') return on(rel, concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE');
  return []; // SCHEMA, DATABASE, SYSTEM: the relations are not named
}

/** VACUUM FULL rewrites the table under ACCESS EXCLUSIVE; plain VACUUM and ANALYZE take SHARE UPDATE EXCLUSIVE. */
function vacuumLocks(node: AstNode): RelationLock[] {
  const full = node['is_vacuumcmd'] === true && list(node['options']).some((o) => optionOn(o, 'full'));
  return list(node['rels']).flatMap((r) => on(relName(asNode(r, 'VacuumRelation')?.['relation']), full ? 'ACCESS EXCLUSIVE' : 'SHARE UPDATE EXCLUSIVE'));
}

/** DROP: ACCESS EXCLUSIVE on each relation dropped (or on the table of a trigger, rule or policy); DROP INDEX CONCURRENTLY SHARE UPDATE EXCLUSIVE. */
function dropLocks(node: AstNode): RelationLock[] {
  const mode: LockMode = node['concurrent'] === true ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE';
  return list(node['objects']).flatMap((o) => on(relationOfObject(node['removeType'], o), mode));
}

function statementLocks(type: string, node: AstNode, serverVersion: number | undefined): RelationLock[] {
  switch (type) {
    case 'AlterTableStmt': {
      const table = relName(node['relation']);
      return table ? list(node['cmds']).flatMap((c) => alterCommandLocks(table, asNode(c, 'AlterTableCmd') ?? {})) : [];
    }
    case 'CreateStmt':
      return createTableLocks(node);
    case 'IndexStmt':
      return on(relName(node['relation']), node['concurrent'] === true ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE');
    case 'DropStmt':
      return dropLocks(node);
    case 'LockStmt': {
      const mode = LOCK_MODES[Number(node['mode'] ?? 8) - 1] ?? 'ACCESS EXCLUSIVE';
      return rangeVars(node['relations']).flatMap((rel) => on(rel, mode));
    }
    case 'TruncateStmt':
      return rangeVars(node['relations']).flatMap((rel) => on(rel, 'ACCESS EXCLUSIVE'));
    case 'VacuumStmt':
      return vacuumLocks(node);
    case 'ClusterStmt':
      return on(relName(node['relation']), 'ACCESS EXCLUSIVE');
    case 'RefreshMatViewStmt':
      return on(relName(node['relation']), node['concurrent'] === true ? 'EXCLUSIVE' : 'ACCESS EXCLUSIVE');
    case 'ReindexStmt':
      return reindexLocks(node);
    case 'RenameStmt':
      return renameLocks(node, serverVersion);
    case 'AlterObjectSchemaStmt':
      return on(relName(node['relation']), 'ACCESS EXCLUSIVE');
    case 'CommentStmt':
      return on(relationOfObject(node['objtype'], node['object']), 'SHARE UPDATE EXCLUSIVE');
    case 'CreateTrigStmt':
      return on(relName(node['relation']), 'SHARE ROW EXCLUSIVE');
    case 'RuleStmt':
      return on(relName(node['relation']), 'ACCESS EXCLUSIVE');
    case 'CreatePolicyStmt':
    case 'AlterPolicyStmt':
      return on(relName(node['table']), 'ACCESS EXCLUSIVE');
    case 'CreateStatsStmt':
      return rangeVars(node['relations']).flatMap((rel) => on(rel, 'SHARE UPDATE EXCLUSIVE'));
    case 'AlterSeqStmt':
      return on(relName(node['sequence']), 'SHARE ROW EXCLUSIVE');
    default:
      return [];
  }
}

/**
 * The table-level locks a statement takes on the relations it names that exist before it runs,
 * the strongest per relation. Schema changes and `LOCK` are covered; the locks of plain reads and
 * writes (ACCESS SHARE, ROW SHARE, ROW EXCLUSIVE from SELECT/INSERT/UPDATE/DELETE, which conflict
 * only with the schema-change locks) and those on relations a statement creates are not listed.
 * `serverVersion` matters where the level changed between versions (undefined: the newest).
 * @example locksOf(stmt) // ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES o (id) → t and o, SHARE ROW EXCLUSIVE
 */
export function locksOf(stmt: Pick<PgStatement, 'type' | 'node'>, serverVersion?: number): readonly RelationLock[] {
  // The key of the newest version is a constant: no string built per call in the usual case.
  return statementMemo(stmt, serverVersion === undefined ? 'locksOf' : `locksOf ${serverVersion}`, (s) => readLocks(s, serverVersion));
}

function readLocks(stmt: Pick<PgStatement, 'type' | 'node'>, serverVersion: number | undefined): RelationLock[] {
  const locks = statementLocks(stmt.type, stmt.node, serverVersion);
  if (locks.length === 0) return locks; // most statements of a run: nothing to merge
  const byName = new Map<string, RelationLock>();
  const index = namesIndexes(stmt.type, stmt.node);
  for (const found of locks) {
    const lock: RelationLock = index ? { ...found, index: true } : found;
    const key = `${lock.relation.schema ?? ''}.${lock.relation.name}`;
    const seen = byName.get(key);
    byName.set(key, seen ? { ...seen, mode: stronger(seen.mode, lock.mode) } : lock);
  }
  return [...byName.values()];
}
