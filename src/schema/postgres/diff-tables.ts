import type { Change } from './change.js';
import type { Column, QName, Schema, Table } from './model.js';
import { KeyMap, KeySet, keys, type KeyOf, type ObjectKey, type EditKey } from '../keys.js';
import { matchByKey, sameData } from '../diff-match.js';
import type { EditList } from '../edit-list.js';
import { ShaleError } from '../../errors.js';
import { retypeOf, type RetypeRules } from './diff-retype.js';

const qn = (t: QName): QName => ({ schema: t.schema, name: t.name });

/** Tables, their columns, partitioning, inheritance, persistence and row-level security. */
export function diffTables(from: Schema, to: Schema, retype: RetypeRules, out: EditList<Change>): void {
  const enumColumns = columnsOfEnums(from, to);
  const m = matchByKey(from.tables, to.tables);
  const toByKey = new KeyMap(to.tables.map((t) => [t.key, t]));
  const fromByKey = new KeyMap(from.tables.map((t) => [t.key, t]));
  // Tables on both sides not dropped and created again.
  const kept = new KeySet(m.both.filter(([a, b]) => a.kind === b.kind && a.partitionKey === b.partitionKey).map(([, b]) => b.key));
  const referenced = referencedByOtherTables(from, to, kept);
  for (const t of m.removed) {
    // A foreign key to the parent has a clone on each partition it references, which DROP TABLE refuses
    // to remove; DETACH PARTITION removes it (checking no row still references the partition).
    const p = t.partitionOf?.parent;
    if (p && referenced.has(t.key) && kept.has(keys.rel(p.schema, p.name))) {
      out.add({ kind: 'detachPartition', table: qn(t), parent: p }, 'drop', partitionSlot(t.key), { depKey: detachSlot(t.key) });
    }
    out.add({ kind: 'dropTable', table: qn(t), recreate: false }, 'drop', t.key);
  }
  for (const t of m.added) createTable(t, toByKey, out);
  for (const [a, b] of m.both) {
    if (a.kind !== b.kind || a.partitionKey !== b.partitionKey) {
      out.add({ kind: 'dropTable', table: qn(a), recreate: true }, 'drop', a.key);
      createTable(b, toByKey, out);
      continue;
    }
    alterTable(a, b, { from: fromByKey, to: toByKey, enumColumns, retype }, out);
  }
}

/**
 * REPLICA IDENTITY of tables and partitions, once every index edit is known: a new table's when not
 * the default, a changed one, and USING INDEX again when the plan recreates that index (the new
 * index is not the identity). Runs after the index and constraint edits it waits for.
 */
export function diffReplicaIdentity(from: Schema, to: Schema, out: EditList<Change>): void {
  const before = new KeyMap(from.tables.map((t) => [t.key, t]));
  // By name: catalog order moves a table its ALTER rewrote, and differs between engines.
  const byName = [...to.tables].sort((x, y) => (x.schema === y.schema ? (x.name < y.name ? -1 : 1) : x.schema < y.schema ? -1 : 1));
  for (const t of byName) {
    const r = t.replicaIdentity;
    const old = out.has(t.key, 'create') ? undefined : before.get(t.key)?.replicaIdentity;
    const indexKeys = r.mode === 'index' ? [keys.rel(t.schema, r.index), keys.constraint(t.schema, t.name, r.index)] : [];
    const recreated = indexKeys.some((k) => out.has(k, 'create'));
    if (old === undefined ? r.mode === 'default' : sameData(old, r) && !recreated) continue;
    out.add({ kind: 'setReplicaIdentity', table: qn(t), identity: r }, 'alter', t.key, { needs: [t.key, ...indexKeys] });
  }
}

/**
 * Tables whose columns a constraint of another table depends on (a foreign key, or its clone for a
 * partition, references them) when that constraint (or the one it was cloned from) stays as it is,
 * on a table that is kept.
 */
function referencedByOtherTables(from: Schema, to: Schema, kept: KeySet): KeySet {
  const fromConstraints = new KeyMap(from.constraints.map((c) => [c.key, c]));
  const toConstraints = new KeyMap(to.constraints.map((c) => [c.key, c]));
  const out = new KeySet();
  for (const d of from.dependencies) {
    if (d.from.kind !== 'constraint' || (d.to.kind !== 'column' && d.to.kind !== 'constraint')) continue;
    const c = fromConstraints.get(d.from);
    const own = c && (c.parent ? fromConstraints.get(c.parent) : c);
    const stays = own && toConstraints.get(own.key)?.definition === own.definition && kept.has(keys.rel(own.schema, own.table));
    if (!stays) continue;
    if (d.from.schema !== d.to.schema || d.from.table !== d.to.table) out.add(keys.rel(d.to.schema, d.to.table));
  }
  return out;
}

/** Columns whose type (in either schema) is an enum: their type changes cast through text. */
function columnsOfEnums(from: Schema, to: Schema): KeySet {
  const out = new KeySet();
  for (const s of [from, to]) {
    const enums = new KeySet(s.enums.map((e) => e.key));
    for (const d of s.dependencies) if (d.from.kind === 'column' && enums.has(d.to)) out.add(d.from);
  }
  return out;
}

/** The edit key of a table's partition membership (detach frees it, attach takes it). */
export function partitionSlot(tableKey: ObjectKey): KeyOf<'part'> {
  return keys.part('partition', tableKey);
}

/** What waits for a table's DETACH PARTITION alone (`partitionSlot` names the attach too). */
export function detachSlot(tableKey: ObjectKey): KeyOf<'part'> {
  return keys.part('detach', tableKey);
}

function parentKeys(t: Table): ObjectKey[] {
  const ps = t.partitionOf ? [t.partitionOf.parent] : t.inherits;
  return ps.map((p) => keys.rel(p.schema, p.name));
}

function createTable(t: Table, toByKey: KeyMap<Table>, out: EditList<Change>): void {
  out.add({ kind: 'createTable', table: t }, 'create', t.key, { needs: parentKeys(t) });
  inheritedColumnsOfNew(t, toByKey, out);
  if (t.rowSecurity || t.forceRowSecurity) {
    out.add({ kind: 'setRowSecurity', table: qn(t), enabled: t.rowSecurity, forced: t.forceRowSecurity }, 'alter', t.key);
  }
}

/**
 * A new partition or inheritance child takes an inherited column's default and NOT NULL from its
 * parents; where it has its own (`PARTITION OF p (c NOT NULL, d DEFAULT 1)`, or an ALTER on the
 * child), they are set after it is created and after the parents' own edits of that column (which
 * reach their children).
 */
function inheritedColumnsOfNew(t: Table, toByKey: KeyMap<Table>, out: EditList<Change>): void {
  const parents = (t.partitionOf ? [t.partitionOf.parent] : t.inherits).flatMap((p) => toByKey.get(keys.rel(p.schema, p.name)) ?? []);
  if (parents.length === 0) return;
  for (const c of t.columns) {
    if (c.local || c.generated || c.identity) continue;
    const from = parents.flatMap((p) => p.columns.filter((x) => x.name === c.name));
    if (from.length === 0) continue;
    const left: Column = { ...c, notNull: from.some((x) => x.notNull), default: from.find((x) => x.default !== null)?.default ?? null };
    if (left.default === c.default && left.notNull === c.notNull) continue;
    const needs = [t.key, ...parents.map((p) => keys.column(p.schema, p.name, c.name))];
    out.add({ kind: 'alterColumn', table: qn(t), from: left, to: c, retype: false, castViaText: false }, 'alter', keys.column(t.schema, t.name, c.name), { needs });
  }
}

/** Every table of each side by key. */
interface TablesByKey {
  readonly from: KeyMap<Table>;
  readonly to: KeyMap<Table>;
  /** Columns whose type is an enum (their type changes cast through text). */
  readonly enumColumns: KeySet;
  readonly retype: RetypeRules;
}

/** The edit key of a child's NO INHERIT from `parent`. */
const inheritSlot = (child: Table, parent: QName) => keys.link('inherit', child.key, keys.rel(parent.schema, parent.name));

function alterTable(a: Table, b: Table, tables: TablesByKey, out: EditList<Change>): void {
  const toByKey = tables.to;
  const t = qn(b);
  if (a.persistence !== b.persistence) out.add({ kind: 'setTablePersistence', table: t, persistence: b.persistence }, 'alter', b.key);
  if (a.rowSecurity !== b.rowSecurity || a.forceRowSecurity !== b.forceRowSecurity) {
    out.add({ kind: 'setRowSecurity', table: t, enabled: b.rowSecurity, forced: b.forceRowSecurity }, 'alter', b.key);
  }
  const partSlot = partitionSlot(b.key);
  if (a.partitionOf && !sameData(a.partitionOf, b.partitionOf)) {
    out.add({ kind: 'detachPartition', table: t, parent: a.partitionOf.parent }, 'drop', partSlot, { depKey: detachSlot(b.key) });
  }
  const joining = (b.partitionOf && !sameData(a.partitionOf, b.partitionOf)) || b.inherits.some((p) => !a.inherits.some((q) => q.schema === p.schema && q.name === p.name));
  if (joining) {
    // ATTACH PARTITION / INHERIT need the parent's columns to exist on the child already.
    const kept = a.partitionOf && sameData(a.partitionOf, b.partitionOf) ? [a.partitionOf.parent] : [];
    for (const p of a.inherits) if (b.inherits.some((q) => q.schema === p.schema && q.name === p.name)) kept.push(p);
    const fromKept = (name: string) =>
      kept.some((p) => toByKey.get(keys.rel(p.schema, p.name))?.columns.some((pc) => pc.name === name));
    for (const c of b.columns) {
      if (!c.local && !a.columns.some((x) => x.name === c.name) && !fromKept(c.name)) {
        out.add({ kind: 'addColumn', table: t, column: c }, 'create', keys.column(b.schema, b.name, c.name));
      }
    }
  }
  if (b.partitionOf && !sameData(a.partitionOf, b.partitionOf)) {
    const p = b.partitionOf.parent;
    // The table's columns must match the parent's: wait for its columns to be added and dropped.
    const columns = [...b.columns, ...a.columns.filter((c) => !b.columns.some((x) => x.name === c.name))];
    out.add({ kind: 'attachPartition', table: t, parent: p, bound: b.partitionOf.bound }, 'create', partSlot, {
      needs: [keys.rel(p.schema, p.name), ...columns.map((c) => keys.column(b.schema, b.name, c.name))],
    });
  }
  const aParents = new KeySet(a.inherits.map((p) => keys.rel(p.schema, p.name)));
  const bParents = new KeySet(b.inherits.map((p) => keys.rel(p.schema, p.name)));
  for (const p of a.inherits) {
    if (!bParents.has(keys.rel(p.schema, p.name))) out.add({ kind: 'dropInherit', table: t, parent: p }, 'drop', inheritSlot(b, p));
  }
  for (const p of b.inherits) {
    const pk = keys.rel(p.schema, p.name);
    if (!aParents.has(pk)) {
      out.add({ kind: 'addInherit', table: t, parent: p }, 'alter', b.key, {
        needs: [pk, ...b.columns.map((c) => keys.column(b.schema, b.name, c.name))],
      });
    }
  }
  diffColumns(a, b, tables, out);
}

function diffColumns(a: Table, b: Table, tables: TablesByKey, out: EditList<Change>): void {
  const toByKey = tables.to;
  const t = qn(b);
  const aCols = new Map(a.columns.map((c) => [c.name, c]));
  const bCols = new Map(b.columns.map((c) => [c.name, c]));
  const key = (c: string) => keys.column(b.schema, b.name, c);
  const bParents = new KeySet(b.inherits.map((p) => keys.rel(p.schema, p.name)));
  for (const c of a.columns) {
    if (bCols.has(c.name)) continue;
    if (c.local) {
      out.add({ kind: 'dropColumn', table: t, column: c.name }, 'drop', key(c.name));
      continue;
    }
    // Inherited only: it goes with its parents, unless the table leaves every parent that has it
    // (NO INHERIT, DETACH PARTITION), which leaves it behind as a column of its own, to drop after
    // (and before an ATTACH to a new parent, which waits for the table's columns, see alterTable).
    const has = (p: QName) => tables.from.get(keys.rel(p.schema, p.name))?.columns.some((pc) => pc.name === c.name) === true;
    const providers = a.inherits.filter(has);
    if (providers.length > 0 && providers.every((p) => !bParents.has(keys.rel(p.schema, p.name)))) {
      out.add({ kind: 'dropColumn', table: t, column: c.name }, 'drop', key(c.name), { needs: providers.map((p) => inheritSlot(b, p)) });
    } else if (a.partitionOf && !sameData(a.partitionOf, b.partitionOf) && has(a.partitionOf.parent)) {
      out.add({ kind: 'dropColumn', table: t, column: c.name }, 'drop', key(c.name), { needs: [detachSlot(b.key)] });
    }
  }
  for (const c of b.columns) {
    const old = aCols.get(c.name);
    if (!old) {
      if (c.local) out.add({ kind: 'addColumn', table: t, column: c }, 'create', key(c.name));
      continue;
    }
    if (!old.local && c.local) {
      // Inherited in `from`; if the parent loses the column, the child loses it too and must add its own.
      const lost = b.inherits
        .map((p) => toByKey.get(keys.rel(p.schema, p.name)))
        .filter((p): p is Table => p !== undefined && a.inherits.some((q) => q.schema === p.schema && q.name === p.name))
        .filter((p) => !p.columns.some((pc) => pc.name === c.name));
      if (lost.length > 0) {
        out.add({ kind: 'addColumn', table: t, column: c }, 'create', key(c.name), {
          needs: lost.map((p) => keys.column(p.schema, p.name, c.name)),
        });
        continue;
      }
    }
    // A partition the plan detaches keeps its columns as they were, as its own: altered after the detach.
    const detaching = !old.local && c.local && a.partitionOf !== null && b.partitionOf === null && b.inherits.length === 0;
    if (!detaching && (!c.local || !old.local)) {
      if (!c.local && !old.local) inheritedColumn(a, b, old, c, tables, out);
      continue; // an inherited column's type follows its parent
    }
    // A new expression needs a new column; so does a virtual one becoming plain (it has no data to keep).
    if ((c.generated || old.generated?.kind === 'virtual') && !sameData(old.generated, c.generated)) {
      out.add({ kind: 'dropColumn', table: t, column: c.name }, 'drop', key(c.name));
      out.add({ kind: 'addColumn', table: t, column: c }, 'create', key(c.name));
      continue;
    }
    if (old.type !== c.type && a.partitionKey !== null && mentions(a.partitionKey, c.name)) {
      throw new ShaleError('E_UNSUPPORTED', `changing the type of ${b.schema}.${b.name}.${c.name} is not supported: it is part of the partition key`, {
        object: `${b.schema}.${b.name}.${c.name}`,
      });
    }
    const needs: EditKey[] = detaching ? [detachSlot(b.key)] : [];
    let [from, to] = [old, c];
    if (old.identity && !c.identity) {
      out.add({ kind: 'dropIdentity', table: t, column: c.name }, 'release', identityKey(b, old));
      needs.push(identityKey(b, old));
      from = { ...from, identity: null, identitySequence: null };
    } else if (c.identity && !old.identity) {
      out.add({ kind: 'addIdentity', table: t, column: c }, 'create', identityKey(b, c), { needs: [key(c.name)] });
      to = { ...to, identity: null, identitySequence: null };
    }
    if (!sameColumn(from, to)) alterColumn(b, old, c, tables, needs, out);
  }
}

/** ALTER COLUMN (with the type conversion {@link retypeOf} decides), or drop + add where there is none. */
function alterColumn(b: Table, old: Column, c: Column, tables: TablesByKey, needs: EditKey[], out: EditList<Change>): void {
  const t = qn(b);
  const key = keys.column(b.schema, b.name, c.name);
  const castViaText = tables.enumColumns.has(key);
  const r = old.type === c.type ? { how: 'alter' as const } : retypeOf(b, old, c, castViaText, tables.retype);
  if (r.how === 'recreate') {
    out.add({ kind: 'dropColumn', table: t, column: c.name }, 'drop', key);
    out.add({ kind: 'addColumn', table: t, column: c }, 'create', key);
    return;
  }
  out.add({ kind: 'alterColumn', table: t, from: old, to: c, retype: false, castViaText, ...(r.using ? { using: r.using } : {}) }, 'alter', key, { needs });
}

/**
 * An inherited column (of a partition or inheritance child) has its parent's type, but its default and
 * NOT NULL may be its own. The parent's ALTER reaches it too, so it is altered after that, from what
 * the parent's change leaves it with, when that is not already what `to` has.
 */
function inheritedColumn(a: Table, b: Table, old: Column, c: Column, tables: TablesByKey, out: EditList<Change>): void {
  const parentsOf = (t: Table) => (t.partitionOf ? [t.partitionOf.parent] : t.inherits);
  const [pa, pb] = [parentsOf(a), parentsOf(b)];
  const parentCol = (m: KeyMap<Table>, p: QName | undefined) => (p ? m.get(keys.rel(p.schema, p.name))?.columns.find((x) => x.name === c.name) : undefined);
  const was = parentCol(tables.from, pa[0]);
  const now = parentCol(tables.to, pb[0]);
  // With one parent on both sides, what its own edit leaves; else start from the column as it was.
  const single = pa.length === 1 && pb.length === 1 && sameData(pa[0], pb[0]) && was !== undefined && now !== undefined;
  const left = single
    ? { ...old, default: was.default !== now.default ? now.default : old.default, notNull: was.notNull !== now.notNull ? now.notNull : old.notNull }
    : old;
  if (left.default === c.default && left.notNull === c.notNull) return;
  const needs = pb.map((p) => keys.column(p.schema, p.name, c.name));
  out.add({ kind: 'alterColumn', table: qn(b), from: { ...left, type: c.type, collation: c.collation }, to: c, retype: false, castViaText: false }, 'alter', keys.column(b.schema, b.name, c.name), { needs });
}

/** The name slot of an identity column's sequence (what ADD/DROP IDENTITY create and free). */
function identityKey(t: QName, c: Column): EditKey {
  const s = c.identitySequence?.sequence;
  return s ? keys.rel(s.schema, s.name) : keys.part('identity', keys.column(t.schema, t.name, c.name));
}

/** Whether a partition key (`RANGE (a, lower(b))`) names the column. */
function mentions(partitionKey: string, column: string): boolean {
  for (const m of partitionKey.matchAll(/"((?:[^"]|"")+)"|([A-Za-z_][A-Za-z0-9_$]*)/g)) {
    if ((m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]) === column) return true;
  }
  return false;
}

/** Whether two columns have the same attributes (name aside). */
export function sameColumn(a: Column, b: Column): boolean {
  return (
    a.type === b.type &&
    a.collation === b.collation &&
    a.notNull === b.notNull &&
    a.default === b.default &&
    a.identity === b.identity &&
    sameData(a.identitySequence, b.identitySequence) &&
    sameData(a.generated, b.generated)
  );
}
