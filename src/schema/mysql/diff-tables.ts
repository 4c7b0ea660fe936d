import { sameData } from '../diff-match.js';
import type { EditList } from '../edit-list.js';
import type { EditKey } from '../keys.js';
import type { Change, ColumnPosition } from './change.js';
import * as algo from './ddl-algorithm.js';
import type { Check, Column, ForeignKey, IndexPart, Schema, Server, Table } from './model.js';
import { mkeys } from './object-keys.js';

/** Pair two lists up by a name, keeping each list's order. */
export function matchBy<T>(from: readonly T[], to: readonly T[], name: (x: T) => string) {
  const a = new Map(from.map((x) => [name(x), x]));
  const b = new Map(to.map((x) => [name(x), x]));
  return {
    added: to.filter((y) => !a.has(name(y))),
    removed: from.filter((x) => !b.has(name(x))),
    both: from.flatMap((x): [T, T][] => (b.has(name(x)) ? [[x, b.get(name(x))!]] : [])),
  };
}

/** Columns whose change MySQL refuses while a foreign key uses them (type, charset, collation). */
function retyped(a: Column, b: Column): boolean {
  return a.type !== b.type || a.charset !== b.charset || a.collation !== b.collation || a.nullable !== b.nullable;
}

/** Table changes, with the column edits of each table recorded for foreign keys and views. */
export interface TableDiff {
  /** `table.column` of every column that is retyped (foreign keys on it must be dropped around it). */
  readonly retypedColumns: Set<string>;
  /** `table\u0000index` of every index and primary key that is dropped or changed. */
  readonly droppedIndexes: Map<string, readonly (readonly IndexPart[])[]>;
  /** Tables whose columns or keys change (their views and triggers are recreated). */
  readonly changedTables: Set<string>;
}

/**
 * Tables, columns, primary keys, indexes and checks; foreign keys are diffed after all tables
 * (see {@link diffForeignKeys}), as they are dropped and re-added around the changes that need it.
 */
export function diffTables(from: Schema, to: Schema, out: EditList<Change>): TableDiff {
  const d: TableDiff = { retypedColumns: new Set(), droppedIndexes: new Map(), changedTables: new Set() };
  const m = matchBy(from.tables, to.tables, (t) => t.name);
  for (const t of m.added) out.add({ kind: 'createTable', table: t }, 'create', mkeys.rel(t.name));
  for (const t of m.removed) out.add({ kind: 'dropTable', table: t.name }, 'drop', mkeys.rel(t.name));
  for (const [a, b] of m.both) diffTable(from.server, a, b, out, d);
  return d;
}

function positionOf(t: Table, column: string): ColumnPosition {
  const i = t.columns.findIndex((c) => c.name === column);
  if (i === t.columns.length - 1) return null;
  return i === 0 ? { first: true } : { after: t.columns[i - 1]!.name };
}

const onlyDefaultDiffers = (a: Column, b: Column) => sameData({ ...a, default: null }, { ...b, default: null }) && a.default !== b.default;

/** Generated columns change by drop and add: MySQL cannot switch STORED/VIRTUAL, or a column to or from generated, in place. */
const regenerates = (a: Column, b: Column) => (a.generated !== null || b.generated !== null) && !sameData(a.generated, b.generated);

function diffTable(server: Server, a: Table, b: Table, out: EditList<Change>, d: TableDiff): void {
  const t = b.name;
  diffTableOptions(a, b, out);
  const cols = diffColumns(server, a, b, out, d);
  if (!sameData(a.primaryKey, b.primaryKey)) {
    d.changedTables.add(t);
    if (a.primaryKey) d.droppedIndexes.set(t, [...(d.droppedIndexes.get(t) ?? []), a.primaryKey]);
    // Dropping every column of the old key drops the key with them.
    const fromKey = a.primaryKey && a.primaryKey.some((p) => p.column === null || !cols.dropped.has(p.column)) ? a.primaryKey : null;
    if (!cols.keyAddedWithColumn && (fromKey !== null || b.primaryKey !== null)) {
      out.add({ kind: 'setPrimaryKey', table: t, from: fromKey, to: b.primaryKey, ddl: algo.PRIMARY_KEY }, 'alter', mkeys.primaryKey(t), { needs: cols.keyNeeds });
    }
  }
  if (cols.dropped.size > 0 || cols.added || cols.modified.size > 0) d.changedTables.add(t);
  diffIndexes(server, a, b, out, d);
  diffChecks(a, b, out, cols.dropped, cols.modified);
}

/** Engine, character set, comment and options; and partitioning, removed first while the unique keys change. */
function diffTableOptions(a: Table, b: Table, out: EditList<Change>): void {
  const t = b.name;
  if (a.engine !== b.engine || a.collation !== b.collation || a.comment !== b.comment || !sameData(a.options, b.options)) {
    out.add({ kind: 'alterTableOptions', table: t, from: a, to: b, ddl: algo.tableOptionsAlgorithm(a, b) }, 'alter', mkeys.options(t), { depKey: mkeys.rel(t) });
  }
  const keysChange = !sameData(a.primaryKey, b.primaryKey) || !sameData(a.indexes.filter((i) => i.unique), b.indexes.filter((i) => i.unique));
  if (a.partitionBy === b.partitionBy && !(a.partitionBy !== null && keysChange)) return;
  if (a.partitionBy !== null && keysChange) out.add({ kind: 'removePartitioning', table: t, ddl: algo.PARTITIONING }, 'release', mkeys.partitioning(t));
  if (b.partitionBy !== null || !keysChange) {
    // Not an alter of the table for ordering: it runs after the keys it needs (by rank).
    out.add({ kind: 'setPartitioning', table: t, partitionBy: b.partitionBy, ddl: algo.PARTITIONING }, 'alter', mkeys.partitioning(t));
  }
}

/** What the column edits of a table mean for its primary key and checks. */
interface ColumnEdits {
  readonly dropped: Set<string>;
  readonly modified: Set<string>;
  added: boolean;
  /** Column edits the primary key change waits for (dropped key columns, AUTO_INCREMENT removed). */
  readonly keyNeeds: EditKey[];
  /** An AUTO_INCREMENT column was added with the new primary key. */
  keyAddedWithColumn: boolean;
}

function diffColumns(server: Server, a: Table, b: Table, out: EditList<Change>, d: TableDiff): ColumnEdits {
  const t = b.name;
  const pkChanges = !sameData(a.primaryKey, b.primaryKey);
  const inKey = (pk: readonly IndexPart[] | null, c: string) => (pk ?? []).some((p) => p.column === c);
  const e: ColumnEdits = { dropped: new Set(), modified: new Set(), added: false, keyNeeds: [], keyAddedWithColumn: false };
  const drop = (c: Column, recreate: boolean) =>
    out.add({ kind: 'dropColumn', table: t, column: c.name, recreate, ddl: algo.forEngine([a, b], algo.dropColumnAlgorithm(server, a, c.name)) }, 'drop', mkeys.column(t, c.name));
  const add = (c: Column) => {
    e.added = true;
    const position = positionOf(b, c.name);
    // An AUTO_INCREMENT column must be a key when it is added: it takes the new primary key with it.
    const withKey = c.autoIncrement && pkChanges && inKey(b.primaryKey, c.name);
    if (withKey) e.keyAddedWithColumn = true;
    const others = withKey ? (b.primaryKey ?? []).flatMap((p) => (p.column !== null && p.column !== c.name && !a.columns.some((x) => x.name === p.column) ? [mkeys.column(t, p.column)] : [])) : [];
    const ddl = withKey ? algo.PRIMARY_KEY : algo.forEngine([a, b], algo.addColumnAlgorithm(server, a, c, position));
    const change: Change = { kind: 'addColumn', table: t, column: c, position, primaryKey: withKey ? b.primaryKey : null, replacesPrimaryKey: withKey && a.primaryKey !== null, ddl };
    out.add(change, 'create', mkeys.column(t, c.name), { needs: others });
  };
  for (const c of a.columns) {
    if (b.columns.some((x) => x.name === c.name)) continue;
    e.dropped.add(c.name);
    drop(c, false);
    if (inKey(a.primaryKey, c.name)) e.keyNeeds.push(mkeys.column(t, c.name));
  }
  for (const c of b.columns) {
    const old = a.columns.find((x) => x.name === c.name);
    if (!old) add(c);
    else if (regenerates(old, c)) {
      drop(old, old.generated !== null);
      add(c);
    } else if (onlyDefaultDiffers(old, c)) {
      out.add({ kind: 'setColumnDefault', table: t, column: c.name, default: c.default, ddl: algo.forEngine([a, b], algo.setDefaultAlgorithm(server, c.default)) }, 'alter', mkeys.column(t, c.name));
    } else if (!sameData(old, c)) {
      e.modified.add(c.name);
      if (retyped(old, c)) d.retypedColumns.add(`${t}.${c.name}`);
      // A column keeps AUTO_INCREMENT only while keyed, and a primary key's columns are NOT NULL.
      const keyFirst = pkChanges && ((c.autoIncrement && !old.autoIncrement) || (c.nullable && !old.nullable));
      if (pkChanges && old.autoIncrement && !c.autoIncrement) e.keyNeeds.push(mkeys.column(t, c.name));
      const change: Change = { kind: 'modifyColumn', table: t, from: old, to: c, ddl: algo.forEngine([a, b], algo.modifyColumnAlgorithm(server, old, c)) };
      out.add(change, 'alter', mkeys.column(t, c.name), keyFirst ? { needs: [mkeys.primaryKey(t)] } : {});
    }
  }
  return e;
}

function diffIndexes(server: Server, a: Table, b: Table, out: EditList<Change>, d: TableDiff): void {
  const t = b.name;
  const m = matchBy(a.indexes, b.indexes, (i) => i.name);
  const dropIndex = (i: (typeof a.indexes)[number], recreate: boolean) => {
    d.droppedIndexes.set(t, [...(d.droppedIndexes.get(t) ?? []), i.parts]);
    out.add({ kind: 'dropIndex', table: t, index: i, recreate, ddl: algo.forEngine([a, b], algo.dropIndexAlgorithm(a, i)) }, 'drop', mkeys.index(t, i.name));
  };
  const create = (i: (typeof b.indexes)[number]) => out.add({ kind: 'createIndex', table: t, index: i, ddl: algo.forEngine([a, b], algo.createIndexAlgorithm(server, a, i)) }, 'create', mkeys.index(t, i.name));
  for (const i of m.removed) dropIndex(i, false);
  for (const [x, y] of m.both) {
    if (sameData(x, y)) continue;
    // A changed definition replaces the index: the old one is not restored, so the drop is destructive (as on PostgreSQL).
    dropIndex(x, false);
    create(y);
  }
  for (const i of m.added) create(i);
}

/**
 * CHECK constraints. A MariaDB column-level check goes with its column when that is dropped, and
 * is lost when the column is redefined (MODIFY): then it is dropped first and added again.
 */
function diffChecks(a: Table, b: Table, out: EditList<Change>, droppedColumns: ReadonlySet<string>, modified: ReadonlySet<string>): void {
  const t = b.name;
  const m = matchBy(a.checks, b.checks, (c) => c.name);
  const same = (x: Check, y: Check) => x.expression === y.expression && x.enforced === y.enforced;
  const drop = (c: Check, recreate: boolean) => {
    if (c.column !== null && droppedColumns.has(c.column)) return;
    const column = c.column === null ? null : (a.columns.find((x) => x.name === c.column) ?? null);
    out.add({ kind: 'dropCheck', table: t, check: c, column, recreate, ddl: algo.DROP_CHECK }, 'drop', mkeys.check(t, c.name));
  };
  for (const c of m.removed) drop(c, false);
  for (const [x, y] of m.both) {
    if (same(x, y) && !(x.column !== null && modified.has(x.column))) continue;
    drop(x, same(x, y));
    out.add({ kind: 'addCheck', table: t, check: y, ddl: algo.ADD_CHECK }, 'create', mkeys.check(t, y.name));
  }
  for (const c of m.added) out.add({ kind: 'addCheck', table: t, check: c, ddl: algo.ADD_CHECK }, 'create', mkeys.check(t, c.name));
}

/** Whether `cols` are the leading columns of an index: the index may be the one the foreign key uses. */
function leads(parts: readonly IndexPart[], cols: readonly string[]): boolean {
  return cols.every((c, i) => parts[i]?.column === c);
}

/**
 * Foreign keys: added, dropped, changed; and kept ones dropped before and re-added after a change
 * that MySQL refuses while they exist (a retyped column on either side, a dropped or changed index
 * they may use). A dropped table's keys go with it, except those to another dropped table (dropped
 * first, so the tables can be dropped in any order).
 */
export function diffForeignKeys(from: Schema, to: Schema, out: EditList<Change>, d: TableDiff): void {
  const toTables = new Map(to.tables.map((t) => [t.name, t]));
  const dropped = new Set(from.tables.filter((t) => !toTables.has(t.name)).map((t) => t.name));
  const engines = (t: string) => [...from.tables, ...to.tables].filter((x) => x.name === t);
  const drop = (t: string, fk: ForeignKey, recreate: boolean) =>
    out.add({ kind: 'dropForeignKey', table: t, foreignKey: fk, recreate, ddl: algo.forEngine(engines(t), algo.DROP_FOREIGN_KEY) }, 'drop', mkeys.foreignKey(t, fk.name), { depKey: mkeys.foreignKey(t, fk.name) });
  const add = (t: string, fk: ForeignKey) => out.add({ kind: 'addForeignKey', table: t, foreignKey: fk, ddl: algo.ADD_FOREIGN_KEY }, 'create', mkeys.foreignKey(t, fk.name));
  const disturbed = (t: string, fk: ForeignKey) =>
    fk.columns.some((c) => d.retypedColumns.has(`${t}.${c}`)) ||
    (fk.refDatabase === null && fk.refColumns.some((c) => d.retypedColumns.has(`${fk.refTable}.${c}`))) ||
    (d.droppedIndexes.get(t) ?? []).some((p) => leads(p, fk.columns)) ||
    (fk.refDatabase === null && (d.droppedIndexes.get(fk.refTable) ?? []).some((p) => leads(p, fk.refColumns)));
  for (const a of from.tables) {
    const b = toTables.get(a.name);
    if (!b) {
      for (const fk of a.foreignKeys) if (fk.refDatabase === null && dropped.has(fk.refTable)) drop(a.name, fk, true);
      continue;
    }
    const m = matchBy(a.foreignKeys, b.foreignKeys, (f) => f.name);
    for (const fk of m.removed) drop(a.name, fk, false);
    for (const [x, y] of m.both) {
      if (sameData(x, y) && !disturbed(a.name, x)) continue;
      drop(a.name, x, sameData(x, y));
      add(b.name, y);
    }
    for (const fk of m.added) add(b.name, fk);
  }
  for (const b of to.tables) if (!from.tables.some((t) => t.name === b.name)) for (const fk of b.foreignKeys) add(b.name, fk);
}
