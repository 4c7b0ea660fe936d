import type { Change } from './change.js';
import type { Constraint, Func, Index, Policy, QName, Schema, Trigger, View } from './model.js';
import { KeyMap, KeySet, keys, sameKey, type ObjectKey, type EditKey } from '../keys.js';
import { matchByKey, sameData } from '../diff-match.js';
import type { EditList } from '../edit-list.js';
import { detachSlot, partitionSlot } from './diff-tables.js';
import { ShaleError } from '../../errors.js';

const qn = (t: QName): QName => ({ schema: t.schema, name: t.name });

/** What {@link diffTypes} compares. */
export interface ObjectDiffOptions {
  readonly ignoreExtensionVersions: boolean;
}

/** Schemas, extensions, collations and types. */
export function diffTypes(from: Schema, to: Schema, opts: ObjectDiffOptions, out: EditList<Change>): void {
  const s = matchByKey(from.schemas, to.schemas);
  for (const x of s.added) out.add({ kind: 'createSchema', name: x.name }, 'create', x.key);
  for (const x of s.removed) out.add({ kind: 'dropSchema', name: x.name }, 'drop', x.key);

  const e = matchByKey(from.extensions, to.extensions);
  for (const x of e.added) {
    out.add({ kind: 'createExtension', extension: x, withVersion: !opts.ignoreExtensionVersions }, 'create', x.key, {
      needs: [keys.schema(x.schema)],
    });
  }
  for (const x of e.removed) out.add({ kind: 'dropExtension', name: x.name }, 'drop', x.key);
  for (const [a, b] of e.both) {
    if (!opts.ignoreExtensionVersions && a.version !== b.version) {
      out.add({ kind: 'updateExtension', name: b.name, version: b.version }, 'alter', b.key);
    }
  }

  const c = matchByKey(from.collations, to.collations);
  for (const x of c.added) out.add({ kind: 'createCollation', collation: x }, 'create', x.key);
  for (const x of c.removed) out.add({ kind: 'dropCollation', collation: qn(x), recreate: false }, 'drop', x.key);
  for (const [a, b] of c.both) {
    if (sameData(a, b)) continue;
    out.add({ kind: 'dropCollation', collation: qn(a), recreate: false }, 'drop', a.key);
    out.add({ kind: 'createCollation', collation: b }, 'create', b.key);
  }

  const en = matchByKey(from.enums, to.enums);
  for (const x of en.added) out.add({ kind: 'createEnum', type: x }, 'create', x.key);
  for (const x of en.removed) out.add({ kind: 'dropType', type: qn(x), what: 'enum' }, 'drop', x.key);
  for (const [a, b] of en.both) {
    if (sameData(a.labels, b.labels)) continue;
    // Recreate rather than ADD VALUE: a new label cannot be used in the transaction that adds it.
    setTypeAside(a, 'enum', out);
    out.add({ kind: 'createEnum', type: b }, 'create', b.key);
  }

  const d = matchByKey(from.domains, to.domains);
  for (const x of d.added) out.add({ kind: 'createDomain', domain: x }, 'create', x.key);
  for (const x of d.removed) out.add({ kind: 'dropType', type: qn(x), what: 'domain' }, 'drop', x.key);
  for (const [a, b] of d.both) {
    if (sameData(a, b)) continue;
    if (a.baseType === b.baseType && a.collation === b.collation) {
      out.add({ kind: 'alterDomain', from: a, to: b }, 'alter', b.key);
      continue;
    }
    // No ALTER DOMAIN changes the base type or collation: recreate it (its users follow, diff-recreate.ts).
    setTypeAside(a, 'domain', out);
    out.add({ kind: 'createDomain', domain: b }, 'create', b.key);
  }

  const ct = matchByKey(from.composites, to.composites);
  for (const x of ct.added) out.add({ kind: 'createComposite', type: x }, 'create', x.key);
  for (const x of ct.removed) out.add({ kind: 'dropType', type: qn(x), what: 'composite type' }, 'drop', x.key);
  for (const [a, b] of ct.both) if (!sameData(a, b)) out.add({ kind: 'alterComposite', from: a, to: b }, 'alter', b.key);

  const sq = matchByKey(from.sequences, to.sequences);
  // OWNED BY is planned once the table edits are known (diffSequenceOwners).
  for (const x of sq.added) out.add({ kind: 'createSequence', sequence: { ...x, ownedBy: null } }, 'create', x.key);
  for (const x of sq.removed) out.add({ kind: 'dropSequence', sequence: qn(x) }, 'drop', x.key);
  for (const [a, b] of sq.both) {
    if (!sameData({ ...a, ownedBy: null }, { ...b, ownedBy: null })) out.add({ kind: 'alterSequence', from: a, to: b }, 'alter', b.key);
  }
}

/** The name a type (or its multirange) takes while set aside; PostgreSQL names are at most 63 bytes (NAMEDATALEN - 1). */
export function asideName(name: string): string {
  return `${name}__old_version_to_be_dropped`.slice(0, 63);
}

/**
 * Rename a type aside (freeing its name for its new version) and drop it at the end, once its users
 * (columns, functions, types built on it) have moved to the new version.
 */
export function setTypeAside(t: QName & { key: ObjectKey }, what: 'enum' | 'domain' | 'composite type', out: EditList<Change>): void {
  const aside = asideName(t.name);
  out.add({ kind: 'renameTypeAside', type: qn(t), aside }, 'release', t.key);
  out.add({ kind: 'dropType', type: { schema: t.schema, name: aside }, what }, 'drop', keys.part('aside', t.key), { depKey: t.key });
}

/** Objects that hang off tables or are defined by text: constraints, indexes, views, functions, triggers, policies, rules, statistics. */
export function diffDefinitions(from: Schema, to: Schema, out: EditList<Change>): void {
  // Indexes and constraints PostgreSQL clones onto partitions are its business, except on a table
  // the plan detaches: those become the table's own, so they are diffed (after the detach).
  // (A table re-attached elsewhere keeps them: ATTACH PARTITION adopts matching indexes.)
  const standalone = new KeySet(to.tables.filter((t) => t.partitionOf === null).map((t) => t.key));
  // (A partition detached before its DROP TABLE takes them with it.)
  const kept = new KeySet(to.tables.map((t) => t.key));
  const detachedAll = new KeySet(
    out.edits.flatMap((s) => (s.change.kind === 'detachPartition' ? [keys.rel(s.change.table.schema, s.change.table.name)] : [])).filter((k) => kept.has(k)),
  );
  const detached = new KeySet([...detachedAll].filter((k) => standalone.has(k)));
  const relOf = (x: { schema: string; table: string }) => keys.rel(x.schema, x.table);
  // A table detached and attached again (a new bound) keeps the clones of parent objects that stay;
  // the clone of one that is dropped or redefined is left behind as its own, so it is dropped too.
  const changedParents = new KeySet();
  for (const [fromList, toList] of [[from.indexes, to.indexes], [from.constraints, to.constraints]] as const) {
    const toByKey = new KeyMap<Index | Constraint>(toList.map((x) => [x.key, x]));
    for (const x of fromList) {
      const y = toByKey.get(x.key);
      if (x.parent === null && (!y || !sameData({ ...x, parent: null }, { ...y, parent: null }))) changedParents.add(x.key);
    }
  }
  const leftBehind = (x: { parent: ObjectKey | null; schema: string; table: string }) =>
    x.parent !== null && detachedAll.has(relOf(x)) && !detached.has(relOf(x)) && changedParents.has(x.parent);
  const own = <T extends { parent: ObjectKey | null; schema: string; table: string }>(l: readonly T[], side: 'from' | 'to') =>
    l.filter((x) => x.parent === null || (side === 'from' && (detached.has(relOf(x)) || leftBehind(x))));
  // A parent index or constraint dropped while one of its partitions is detached waits for the
  // detach too: dropped first, it would take the partition's clone (now to be its own) with it.
  const detachedClones = new KeyMap<EditKey[]>();
  for (const x of [...own(from.indexes, 'from'), ...own(from.constraints, 'from')]) {
    if (x.parent !== null) detachedClones.set(x.parent, [...(detachedClones.get(x.parent) ?? []), detachSlot(relOf(x))]);
  }
  const afterDetach = (x: { key: ObjectKey; parent: ObjectKey | null; schema: string; table: string }) => {
    const needs: EditKey[] = [...(x.parent === null ? [] : [detachSlot(relOf(x))]), ...(detachedClones.get(x.key) ?? [])];
    return needs.length > 0 ? needs : undefined;
  };
  const moved = (x: { schema: string; table: string }) => detachedAll.has(relOf(x));
  const conAttach = constraintAttachments(from, to, moved);
  simple<Constraint>(own(from.constraints, 'from').filter((x) => !conAttach.dropped.has(x.key)), own(to.constraints, 'to'), out,
    (x) => ({ kind: 'addConstraint', constraint: x }),
    (x, recreate) => ({ kind: 'dropConstraint', constraint: x, recreate }), afterDetach);
  const adopted = adoptedIndexes(from, to);
  const attach = indexAttachments(from, to, out, moved, conAttach.rebuild);
  simple<Index>(own(from.indexes, 'from').filter((x) => !adopted.has(x.key)), [...own(to.indexes, 'to'), ...attach.children], out,
    (x) => ({ kind: 'createIndex', index: x, ...(attach.only.has(x.key) ? { only: true } : {}) }),
    (x, recreate) => ({ kind: 'dropIndex', index: x, recreate, ...(conAttach.cascade.has(x.key) ? { cascade: true } : {}) }), afterDetach);
  for (const { index, parent } of attach.attaches) out.add({ kind: 'attachIndex', index, parent }, 'alter', index.key, { needs: [parent.key] });
  for (const { index, parent, after } of conAttach.attaches) out.add({ kind: 'attachIndex', index, parent }, 'alter', index.key, { needs: [parent.key, after] });
  // Re-attaching would adopt a left-behind clone again (it still matches): attach after its drop.
  for (const x of [...from.indexes, ...from.constraints].filter(leftBehind)) {
    const i = out.edits.findIndex((st) => st.change.kind === 'attachPartition' && sameKey(st.key, partitionSlot(relOf(x))));
    if (i >= 0) out.update(i, { needs: [x.key] });
  }
  simple<View>(from.views, to.views, out,
    (x) => ({ kind: 'createView', view: x }),
    (x, recreate) => ({ kind: 'dropView', view: x, recreate }));
  simple<Trigger>(from.triggers, to.triggers, out,
    (x) => ({ kind: 'createTrigger', trigger: x }),
    (x, recreate) => ({ kind: 'dropTrigger', trigger: x, recreate }));
  simple<Policy>(from.policies, to.policies, out,
    (x) => ({ kind: 'createPolicy', policy: x }),
    (x, recreate) => ({ kind: 'dropPolicy', policy: x, recreate }));
  // A new definition is a drop and a create rather than CREATE OR REPLACE RULE, so it orders like
  // every other redefinition (before what the old actions named is dropped, after what the new need).
  const ru = matchByKey(from.rules, to.rules);
  for (const x of ru.added) out.add({ kind: 'createRule', rule: x }, 'create', x.key);
  for (const x of ru.removed) out.add({ kind: 'dropRule', rule: x, recreate: false }, 'drop', x.key);
  for (const [x, y] of ru.both) {
    if (sameData(x, y)) continue;
    if (x.definition === y.definition) out.add({ kind: 'alterRule', rule: y }, 'alter', y.key);
    else {
      out.add({ kind: 'dropRule', rule: x, recreate: false }, 'drop', x.key);
      out.add({ kind: 'createRule', rule: y }, 'create', y.key);
    }
  }

  const st = matchByKey(from.statistics, to.statistics);
  for (const x of st.added) out.add({ kind: 'createStatistics', statistics: x }, 'create', x.key);
  for (const x of st.removed) out.add({ kind: 'dropStatistics', statistics: x, recreate: false }, 'drop', x.key);
  for (const [a, b] of st.both) {
    if (sameData(a, b)) continue;
    if (sameData({ ...a, target: null }, { ...b, target: null })) out.add({ kind: 'alterStatistics', statistics: b }, 'alter', b.key);
    else {
      out.add({ kind: 'dropStatistics', statistics: a, recreate: false }, 'drop', a.key);
      out.add({ kind: 'createStatistics', statistics: b }, 'create', b.key);
    }
  }

  const f = matchByKey(from.functions, to.functions);
  for (const x of f.added) out.add({ kind: 'createFunction', func: x, replace: false }, 'create', x.key);
  for (const x of f.removed) out.add({ kind: 'dropFunction', func: x, recreate: false }, 'drop', x.key);
  for (const [a, b] of f.both) {
    if (a.definition === b.definition) continue;
    if (replaceable(a, b)) out.add({ kind: 'createFunction', func: b, replace: true }, 'alter', b.key);
    else {
      out.add({ kind: 'dropFunction', func: a, recreate: false }, 'drop', a.key);
      out.add({ kind: 'createFunction', func: b, replace: false }, 'create', b.key);
    }
  }
}

/**
 * Objects defined by their parts rather than a catalog-rendered text: event triggers, aggregates,
 * operators, operator classes and families, and casts. Each redefinition is a drop and a create (there is
 * no ALTER for their definitions); an event trigger only enabled or disabled, an operator with new
 * estimators only, is altered (a family's loose members: {@link diffOperatorFamilyMembers}).
 */
export function diffRoutineObjects(from: Schema, to: Schema, out: EditList<Change>): void {
  const et = matchByKey(from.eventTriggers, to.eventTriggers);
  for (const x of et.added) out.add({ kind: 'createEventTrigger', trigger: x }, 'create', x.key);
  for (const x of et.removed) out.add({ kind: 'dropEventTrigger', trigger: x, recreate: false }, 'drop', x.key);
  for (const [a, b] of et.both) {
    if (sameData(a, b)) continue;
    if (sameData({ ...a, enabled: '' }, { ...b, enabled: '' })) out.add({ kind: 'alterEventTrigger', trigger: b }, 'alter', b.key);
    else {
      out.add({ kind: 'dropEventTrigger', trigger: a, recreate: false }, 'drop', a.key);
      out.add({ kind: 'createEventTrigger', trigger: b }, 'create', b.key);
    }
  }
  const ag = matchByKey(from.aggregates, to.aggregates);
  for (const x of ag.added) out.add({ kind: 'createAggregate', aggregate: x }, 'create', x.key);
  for (const x of ag.removed) out.add({ kind: 'dropAggregate', aggregate: x, recreate: false }, 'drop', x.key);
  for (const [a, b] of ag.both) {
    if (sameData(a, b)) continue;
    out.add({ kind: 'dropAggregate', aggregate: a, recreate: false }, 'drop', a.key);
    out.add({ kind: 'createAggregate', aggregate: b }, 'create', b.key);
  }
  const op = matchByKey(from.operators, to.operators);
  for (const x of op.added) out.add({ kind: 'createOperator', operator: x }, 'create', x.key);
  for (const x of op.removed) out.add({ kind: 'dropOperator', operator: x, recreate: false }, 'drop', x.key);
  for (const [a, b] of op.both) {
    if (sameData(a, b)) continue;
    if (sameData({ ...a, restrict: null, join: null }, { ...b, restrict: null, join: null })) out.add({ kind: 'alterOperator', operator: b }, 'alter', b.key);
    else {
      out.add({ kind: 'dropOperator', operator: a, recreate: false }, 'drop', a.key);
      out.add({ kind: 'createOperator', operator: b }, 'create', b.key);
    }
  }
  diffOperatorClasses(from, to, out);
  const ca = matchByKey(from.userCasts, to.userCasts);
  for (const x of ca.added) out.add({ kind: 'createCast', cast: x }, 'create', x.key);
  for (const x of ca.removed) out.add({ kind: 'dropCast', cast: x, recreate: false }, 'drop', x.key);
  for (const [a, b] of ca.both) {
    if (sameData(a, b)) continue;
    out.add({ kind: 'dropCast', cast: a, recreate: false }, 'drop', a.key);
    out.add({ kind: 'createCast', cast: b }, 'create', b.key);
  }
}

/** New and dropped families (their members: {@link diffOperatorFamilyMembers}); a class with anything changed is dropped and created. */
function diffOperatorClasses(from: Schema, to: Schema, out: EditList<Change>): void {
  const fa = matchByKey(from.operatorFamilies, to.operatorFamilies);
  for (const x of fa.added) out.add({ kind: 'createOperatorFamily', family: x }, 'create', x.key);
  for (const x of fa.removed) out.add({ kind: 'dropOperatorFamily', family: x, recreate: false }, 'drop', x.key);
  const cl = matchByKey(from.operatorClasses, to.operatorClasses);
  for (const x of cl.added) out.add({ kind: 'createOperatorClass', opclass: x }, 'create', x.key);
  for (const x of cl.removed) out.add({ kind: 'dropOperatorClass', opclass: x, recreate: false }, 'drop', x.key);
  for (const [a, b] of cl.both) {
    if (sameData(a, b)) continue;
    out.add({ kind: 'dropOperatorClass', opclass: a, recreate: false }, 'drop', a.key);
    out.add({ kind: 'createOperatorClass', opclass: b }, 'create', b.key);
  }
}

/**
 * The loose members a family the plan keeps gains and loses, in place (ALTER OPERATOR FAMILY ADD/DROP). Planned
 * after `recreateDependents` (diff-recreate.ts): a family recreated there (a loose member names a recreated
 * operator or function, which takes the member with it) is created with all its members instead.
 */
export function diffOperatorFamilyMembers(from: Schema, to: Schema, out: EditList<Change>): void {
  for (const [a, b] of matchByKey(from.operatorFamilies, to.operatorFamilies).both) {
    if (out.has(a.key, 'drop')) continue;
    const drop = a.members.filter((m) => !b.members.some((n) => sameData(m, n)));
    const add = b.members.filter((m) => !a.members.some((n) => sameData(m, n)));
    if (drop.length > 0 || add.length > 0) out.add({ kind: 'alterOperatorFamily', family: b, add, drop }, 'alter', b.key);
  }
}

/**
 * A partition's own index that a new index of its parent will adopt: CREATE INDEX on a partitioned
 * table attaches a matching index of each partition instead of building a clone, so `to`'s clone
 * there is this index (under another name) and it is neither dropped nor rebuilt.
 */
function adoptedIndexes(from: Schema, to: Schema): KeySet {
  const out = new KeySet();
  const existing = new KeySet(from.indexes.map((x) => x.key));
  const shape = (x: Index) => x.definition.replace(/^(CREATE (?:UNIQUE )?INDEX )(?:"(?:[^"]|"")*"|\S+)( ON )(?:ONLY )?/, '$1$2');
  const partitions = new KeySet(from.tables.filter((t) => t.partitionOf !== null).map((t) => t.key));
  const kept = new KeySet(to.indexes.map((x) => x.key));
  const clones = to.indexes.filter((y) => y.parent !== null && !existing.has(y.parent) && !existing.has(y.key));
  for (const x of from.indexes) {
    if (x.parent !== null || kept.has(x.key) || !partitions.has(keys.rel(x.schema, x.table))) continue;
    // One adoption per clone: PostgreSQL attaches a single matching index.
    const i = clones.findIndex((y) => y.schema === x.schema && y.table === x.table && shape(y) === shape(x));
    if (i >= 0) {
      out.add(x.key);
      clones.splice(i, 1);
    }
  }
  return out;
}

/**
 * A partition's own PRIMARY KEY/UNIQUE/EXCLUDE constraint whose index is attached to a partitioned
 * index (`indexParent`): neither can be dropped while the other stands, so a parent index that is
 * dropped goes with CASCADE (`cascade`), taking the constraint along (`dropped`: no DROP CONSTRAINT
 * of its own; created again after when `to` still has it standalone). One attached in `to` to a
 * parent index that stays is attached after it is added (`attaches`). Any other change of such an
 * attachment (an index partition cannot be detached) is refused, naming the constraint.
 */
function constraintAttachments(from: Schema, to: Schema, moved: (x: { schema: string; table: string }) => boolean): {
  cascade: KeySet; rebuild: KeySet; dropped: KeySet; attaches: { index: Index; parent: Index; after: ObjectKey }[];
} {
  const fromIdx = new KeyMap<Index>(from.indexes.map((x) => [x.key, x]));
  const toIdx = new KeyMap<Index>(to.indexes.map((x) => [x.key, x]));
  const fromCon = new KeyMap<Constraint>(from.constraints.map((x) => [x.key, x]));
  const toCon = new KeyMap<Constraint>(to.constraints.map((x) => [x.key, x]));
  const hasTable = (s: Schema, x: { schema: string; table: string }) => s.tables.some((t) => t.schema === x.schema && t.name === x.table);
  const refuse = (x: Constraint, why: string): never => {
    throw new ShaleError('E_UNSUPPORTED', `constraint ${x.schema}.${x.table}.${x.name}: ${why} (an index partition cannot be detached). ` +
      'Drop the partitioned index it is attached to (with CASCADE, which drops the constraint too), create both as the desired schema has them, then diff again',
    { object: `${x.schema}.${x.table}.${x.name}` });
  };
  const cascade = new KeySet();
  const rebuild = new KeySet();
  const dropped = new KeySet();
  const attaches: { index: Index; parent: Index; after: ObjectKey }[] = [];
  const same = (a: Index, b: Index) => sameData({ ...a, parent: null }, { ...b, parent: null });
  for (const x of from.constraints) {
    const p = x.indexParent;
    if (!p || moved(x)) continue;
    if (!hasTable(to, x)) { // DROP TABLE takes it along (on its own it cannot go)
      dropped.add(x.key);
      if (!toIdx.has(p) && fromIdx.has(p)) cascade.add(p); // a parent index dropped before the table
      continue;
    }
    const y = toCon.get(x.key);
    if (y?.indexParent && sameKey(y.indexParent, p)) continue;
    const q = fromIdx.get(p);
    const r = toIdx.get(p);
    if (q && !toCon.has(p) && (!r || same(q, r))) {
      // Dropped, or dropped and created again ON ONLY (see indexAttachments) when it stays.
      cascade.add(p);
      if (r) rebuild.add(p);
      continue;
    }
    refuse(x, 'its index is attached to a partitioned index that stays, but not in the desired schema');
  }
  for (const x of from.constraints) if (x.indexParent && cascade.has(x.indexParent)) dropped.add(x.key);
  for (const y of to.constraints) {
    const p = y.indexParent;
    if (!p || moved(y)) continue;
    const x = fromCon.get(y.key);
    if (x?.indexParent && sameKey(x.indexParent, p) && !rebuild.has(p)) continue;
    const parent = toIdx.get(p);
    const old = fromIdx.get(p);
    if (!hasTable(from, y)) {
      if (((!old && !fromCon.has(p)) || rebuild.has(p)) && parent) attaches.push({ index: { key: keys.rel(y.schema, y.name), schema: y.schema, table: y.table, name: y.name, definition: y.definition, parent: p }, parent, after: y.key });
      else if (parent && !rebuild.has(p)) refuse(y, `it is on a new partition and its index is to be attached to ${parent.schema}.${parent.name}, but creating the partition attaches a new copy of that index instead`);
      continue;
    }
    // A new partitioned index is created ON ONLY (see indexAttachments), then attached to.
    if ((x?.indexParent && !rebuild.has(p)) || !parent || (old && !same(old, parent)) || (!old && fromCon.has(p))) {
      refuse(y, 'its index is to be attached to a partitioned index that is not kept as it is');
    }
    const index: Index = { key: keys.rel(y.schema, y.name), schema: y.schema, table: y.table, name: y.name, definition: y.definition, parent: p };
    attaches.push({ index, parent: parent!, after: y.key });
  }
  return { cascade, rebuild, dropped, attaches };
}

/**
 * Partitions' indexes attached to a partitioned index that PostgreSQL will not attach by itself:
 * - the parent is created ON ONLY (`only`) when some partition in `to` has no index attached to
 *   it (nor a PRIMARY KEY/UNIQUE/EXCLUDE constraint, whose index may be): created without ONLY it
 *   would build or adopt one there (it stays invalid as long as one is missing);
 * - a partition's index attached in `from` but standalone in `to` cannot be detached (PostgreSQL
 *   has no DETACH for indexes): its parent is dropped (taking its attached indexes along) and
 *   created again ON ONLY (`rebuild`), and the indexes attached in `to` are created again;
 * - a partition's index attached in `to` to a parent that stays or is created ON ONLY is diffed as
 *   the partition's own (`children`: created if missing) and then attached (`attaches`).
 * Partitions the plan attaches or detaches are left to PostgreSQL (it clones and adopts); a rebuild
 * over one of them is refused.
 */
function indexAttachments(from: Schema, to: Schema, out: EditList<Change>, moved: (x: { schema: string; table: string }) => boolean,
  constraintRebuild: KeySet): {
  only: KeySet; children: Index[]; attaches: { index: Index; parent: Index }[];
} {
  const fromIdx = new KeyMap<Index>(from.indexes.map((x) => [x.key, x]));
  const toIdx = new KeyMap<Index>(to.indexes.map((x) => [x.key, x]));
  const fromTables = new KeyMap(from.tables.map((t) => [t.key, t]));
  const attached = new KeySet(out.edits.flatMap((s) => (s.change.kind === 'attachPartition' ? [keys.rel(s.change.table.schema, s.change.table.name)] : [])));
  const relOf = (x: { schema: string; table: string }) => keys.rel(x.schema, x.table);
  const partsOf = (p: Index) => to.tables.filter((t) => t.partitionOf !== null && t.partitionOf.parent.schema === p.schema && t.partitionOf.parent.name === p.table);
  const same = (a: Index, b: Index) => sameData({ ...a, parent: null }, { ...b, parent: null });
  const rebuild = new KeySet(constraintRebuild);
  const forced = new KeySet();
  for (const x of from.indexes) {
    const y = toIdx.get(x.key);
    if (x.parent === null || (y && y.parent !== null) || moved(x)) continue;
    const parentOf = x.parent;
    // Gone in `to` with its partition still there and nothing attached in its place (a clone
    // PostgreSQL named differently, or a constraint's index, may be): only a rebuild removes it.
    if (!y && (!to.tables.some((t) => t.schema === x.schema && t.name === x.table) ||
      to.indexes.some((c) => c.parent !== null && sameKey(c.parent, parentOf) && c.schema === x.schema && c.table === x.table) ||
      to.constraints.some((c) => c.schema === x.schema && c.table === x.table && (c.type === 'primary' || c.type === 'unique' || c.type === 'exclusion')))) continue;
    const p = toIdx.get(x.parent);
    const q = fromIdx.get(x.parent);
    if (!p && !to.constraints.some((c) => sameKey(c.key, parentOf))) continue; // dropped with its parent, then created
    if (!p || !q || [...partsOf(p), ...from.tables.filter((t) => t.partitionOf?.parent.schema === p.schema && t.partitionOf.parent.name === p.table)]
      .some((t) => attached.has(relOf({ schema: t.schema, table: t.name })) || moved({ schema: t.schema, table: t.name }))) {
      const name = q ? `${q.schema}.${q.name}` : 'its parent index (a constraint\'s)';
      throw new ShaleError('E_UNSUPPORTED', `index ${x.schema}.${x.name} is attached to ${name} but ${y ? 'standalone' : 'missing'} in the desired schema: PostgreSQL cannot detach an index partition, ` +
        `and shale does not rebuild ${name} here. Drop ${name} (that drops ${x.name} too) and create both again, then diff again`, { object: `${x.schema}.${x.name}` });
    }
    if (same(p, q)) rebuild.add(p.key);
    else forced.add(p.key); // dropped and created anyway: ON ONLY, so y is not adopted again
  }
  for (const k of rebuild) {
    const p = toIdx.get(k)!;
    out.add({ kind: 'dropIndex', index: fromIdx.get(k)!, recreate: true, ...(constraintRebuild.has(k) ? { cascade: true } : {}) }, 'drop', k);
    out.add({ kind: 'createIndex', index: p, only: true }, 'create', k);
  }
  const stays = (k: ObjectKey) => {
    const a = fromIdx.get(k);
    const b = toIdx.get(k);
    return a !== undefined && b !== undefined && same(a, b) && !rebuild.has(k);
  };
  const only = new KeySet([...rebuild, ...forced]);
  for (const p of to.indexes) {
    if (stays(p.key) || rebuild.has(p.key) || p.parent !== null || !/^CREATE (?:UNIQUE )?INDEX (?:"(?:[^"]|"")*"|\S+) ON ONLY /.test(p.definition)) continue;
    // A partition's constraint attached to it is added after it: created ON ONLY, then attached.
    const byConstraint = (t: { schema: string; name: string }) =>
      to.constraints.some((c) => c.schema === t.schema && c.table === t.name && c.indexParent !== undefined && sameKey(c.indexParent, p.key));
    const covered = (t: { schema: string; name: string }) =>
      to.indexes.some((c) => c.parent !== null && sameKey(c.parent, p.key) && c.schema === t.schema && c.table === t.name);
    if (partsOf(p).some((t) => !covered(t) || byConstraint(t))) only.add(p.key);
  }
  const children: Index[] = [];
  const attaches: { index: Index; parent: Index }[] = [];
  for (const y of to.indexes) {
    if (y.parent === null) continue;
    const parent = toIdx.get(y.parent);
    if (!parent || moved(y) || attached.has(relOf(y))) continue;
    const x = fromIdx.get(y.key);
    const t = fromTables.get(relOf(y));
    // One attached already under another name (PostgreSQL names its clones) is the same.
    const parentOf = y.parent;
    if (stays(parentOf) && from.indexes.some((c) => c.parent !== null && sameKey(c.parent, parentOf) && c.schema === y.schema && c.table === y.table)) continue;
    if (only.has(parent.key)) {
      // Created ON ONLY after the partitions: each of its indexes is created (unless it stands alone already) and attached.
      if (x && x.parent !== null && stays(x.parent)) continue;
    } else {
      // A parent that stays: its existing partitions' indexes missing or standalone (a new partition gets a clone).
      if (!stays(parent.key) || !t || t.partitionOf === null || (x && x.parent !== null)) continue;
    }
    children.push(y);
    attaches.push({ index: y, parent });
  }
  return { only, children, attaches };
}

/**
 * CREATE OR REPLACE keeps dependents, but only works when the kind, the result type and the
 * parameters (names, modes, and defaults: it cannot remove one) stay the same.
 */
function replaceable(a: Func, b: Func): boolean {
  return a.kind === b.kind && a.result === b.result && a.arguments === b.arguments;
}

type Create<T> = (x: T) => Change;
type Drop<T> = (x: T, recreate: boolean) => Change;

function simple<T extends { key: ObjectKey }>(
  a: readonly T[], b: readonly T[], out: EditList<Change>, create: Create<T>, drop: Drop<T>,
  dropNeeds?: (x: T) => EditKey[] | undefined,
): void {
  const m = matchByKey(a, b);
  const dropExtra = (x: T) => {
    const needs = dropNeeds?.(x);
    return needs ? { needs } : {};
  };
  for (const x of m.added) out.add(create(x), 'create', x.key);
  for (const x of m.removed) out.add(drop(x, false), 'drop', x.key, dropExtra(x));
  for (const [x, y] of m.both) {
    // An attachment is not the object's definition (attachIndex changes it).
    if (sameData({ ...x, parent: null, indexParent: undefined }, { ...y, parent: null, indexParent: undefined })) continue;
    // A changed definition replaces the object: the old one is not restored, so this drop counts as destructive.
    out.add(drop(x, false), 'drop', x.key, dropExtra(x));
    out.add(create(y), 'create', y.key);
  }
}
