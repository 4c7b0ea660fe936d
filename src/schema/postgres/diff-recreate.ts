import { assertNever } from '../../errors.js';
import type { Change } from './change.js';
import type { Column, QName, Schema } from './model.js';
import { KeyMap, KeySet, keys, relationOf, type EditKey, type KeyOf, type ObjectKey } from '../keys.js';
import type { EditList } from '../edit-list.js';
import { setTypeAside } from './diff-objects.js';
import { setRangeAside } from './diff-ranges.js';
import { detachSlot } from './diff-tables.js';

type Recreatable =
  | { kind: 'view'; from: Schema['views'][number]; to: Schema['views'][number] }
  | { kind: 'index'; from: Schema['indexes'][number]; to: Schema['indexes'][number] }
  | { kind: 'constraint'; from: Schema['constraints'][number]; to: Schema['constraints'][number] }
  | { kind: 'trigger'; from: Schema['triggers'][number]; to: Schema['triggers'][number] }
  | { kind: 'policy'; from: Schema['policies'][number]; to: Schema['policies'][number] }
  | { kind: 'function'; from: Schema['functions'][number]; to: Schema['functions'][number] }
  | { kind: 'domain'; from: Schema['domains'][number]; to: Schema['domains'][number] }
  | { kind: 'composite'; from: Schema['composites'][number]; to: Schema['composites'][number] }
  | { kind: 'range'; from: Schema['ranges'][number]; to: Schema['ranges'][number] }
  | { kind: 'user mapping'; from: Schema['userMappings'][number]; to: Schema['userMappings'][number] }
  | { kind: 'foreign table'; from: Schema['foreignTables'][number]; to: Schema['foreignTables'][number] }
  | { kind: 'text search configuration'; from: Schema['textSearchConfigurations'][number]; to: Schema['textSearchConfigurations'][number] }
  | { kind: 'rule'; from: Schema['rules'][number]; to: Schema['rules'][number] }
  | { kind: 'statistics'; from: Schema['statistics'][number]; to: Schema['statistics'][number] }
  | { kind: 'event trigger'; from: Schema['eventTriggers'][number]; to: Schema['eventTriggers'][number] }
  | { kind: 'aggregate'; from: Schema['aggregates'][number]; to: Schema['aggregates'][number] }
  | { kind: 'cast'; from: Schema['userCasts'][number]; to: Schema['userCasts'][number] }
  | { kind: 'operator'; from: Schema['operators'][number]; to: Schema['operators'][number] }
  | { kind: 'operator family'; from: Schema['operatorFamilies'][number]; to: Schema['operatorFamilies'][number] }
  | { kind: 'operator class'; from: Schema['operatorClasses'][number]; to: Schema['operatorClasses'][number] };

/**
 * Objects that survive unchanged but depend (in `from`) on something the plan drops, renames aside or
 * retypes must be dropped first and created again afterwards: views over a column whose type
 * changes, views over views, triggers on a recreated view, columns of a recreated enum (retyped),
 * defaults calling a replaced function, domains and composite types over a recreated enum (renamed
 * aside and created again, their columns retyped), range types over a recreated subtype, text search configurations over a recreated dictionary, user mappings and foreign tables over
 * a recreated server, rules over a retyped column or a recreated view,
 * aggregates, casts, operators and event triggers over a recreated function, operator classes over a
 * recreated operator or function and indexes over a recreated class, operator families whose loose
 * members name a recreated operator or function (dropping it drops them; dropping the family drops its
 * classes, which follow). Runs to a fixpoint.
 */
export function recreateDependents(from: Schema, to: Schema, out: EditList<Change>): void {
  const objects = pairObjects(from, to);
  const fromTables = new KeyMap(from.tables.map((t) => [t.key, t]));
  const toTables = new KeyMap(to.tables.map((t) => [t.key, t]));
  // A column of a table on both sides, looked up when a dependency reaches it (most never are).
  const columnPair = (k: KeyOf<'column'>, table: ObjectKey): { table: QName; from: Column; to: Column } | undefined => {
    const t = fromTables.get(table);
    const c = t?.columns.find((x) => x.name === k.column);
    const nc = c && toTables.get(table)?.columns.find((x) => x.name === k.column);
    return t && c && nc ? { table: { schema: t.schema, name: t.name }, from: c, to: nc } : undefined;
  };
  const parentColumns = (t: Schema['tables'][number] | undefined, name: string): { cols: Column[]; keys: ObjectKey[] } => {
    const ps = t ? (t.partitionOf ? [t.partitionOf.parent] : t.inherits) : [];
    const cols = ps.flatMap((q) => toTables.get(keys.rel(q.schema, q.name))?.columns.filter((x) => x.name === name) ?? []);
    return { cols, keys: ps.map((q) => keys.column(q.schema, q.name, name)) };
  };
  // A partition's clone of a constraint or index becomes its own when the plan detaches it: the
  // parent's is dropped after the detach (else it takes the clone along, which is dropped again later).
  const detachedTables = new KeySet(out.edits.flatMap((s) => (s.change.kind === 'detachPartition' ? [keys.rel(s.change.table.schema, s.change.table.name)] : [])));
  const clonesDetached = new KeyMap<EditKey[]>();
  for (const x of [...from.constraints, ...from.indexes]) {
    const rel = keys.rel(x.schema, x.table);
    if (x.parent !== null && detachedTables.has(rel)) clonesDetached.set(x.parent, [...(clonesDetached.get(x.parent) ?? []), detachSlot(rel)]);
  }
  const dependents = new KeyMap<ObjectKey[]>();
  for (const d of from.dependencies) {
    const l = dependents.get(d.to);
    if (l) l.push(d.from);
    else dependents.set(d.to, [d.from]);
  }
  const columnsOf = (k: EditKey): ObjectKey[] => {
    const t = k.kind === 'relation' ? fromTables.get(k) : undefined;
    return t ? t.columns.map((c) => keys.column(t.schema, t.name, c.name)) : [];
  };

  const work: EditKey[] = [];
  const seen = new KeySet();
  const invalidate = (k: EditKey) => {
    if (seen.has(k)) return;
    seen.add(k);
    work.push(k);
  };
  const alterIndex = new KeyMap<number>();
  out.edits.forEach((s, i) => {
    const c = s.change;
    if (s.op === 'drop' || s.op === 'release') invalidate(s.depKey ?? s.key);
    if (c.kind === 'alterColumn') {
      alterIndex.set(s.key, i);
      if (c.from.type !== c.to.type || c.from.collation !== c.to.collation) invalidate(s.key);
    }
  });

  for (let q = work.pop(); q !== undefined; q = work.pop()) {
    const isType = q.kind === 'type';
    for (const p of [...(dependents.get(q) ?? []), ...columnsOf(q).flatMap((c) => dependents.get(c) ?? [])]) {
      if (out.has(p, 'drop')) continue;
      const table = relationOf(p);
      if (table !== null && p.kind === 'column') {
        const col = columnPair(p, table);
        if (!col || out.has(table, 'drop')) continue;
        if (isType) {
          const at = alterIndex.get(p);
          const change: Change = { kind: 'alterColumn', table: col.table, from: col.from, to: col.to, retype: true, castViaText: true };
          if (at !== undefined) out.update(at, { change });
          else {
            alterIndex.set(p, out.edits.length);
            out.add(change, 'alter', p);
          }
          invalidate(p);
        } else if (col.from.generated) {
          // A generated column blocks changes to the columns its expression uses.
          if (col.to.generated) {
            out.add({ kind: 'dropColumn', table: col.table, column: col.from.name }, 'drop', p);
            out.add({ kind: 'addColumn', table: col.table, column: col.to }, 'create', p);
          } else {
            const qAlter = alterIndex.get(q);
            if (qAlter !== undefined) out.update(qAlter, { needs: [p] });
          }
        } else if (col.from.default !== null) {
          out.add({ kind: 'dropColumnDefault', table: col.table, column: col.from.name }, 'drop', p);
          const at = alterIndex.get(p);
          const planned = at === undefined ? undefined : out.edits[at]?.change;
          if (at !== undefined && planned?.kind === 'alterColumn') {
            out.update(at, { change: { ...planned, from: { ...planned.from, default: null } } });
          } else if (at === undefined && !col.from.local && !col.to.local) {
            // An inherited column's type follows its parent, and so does its default when it is the
            // parent's (the parent's SET DEFAULT reaches it): only a default of its own is set again.
            const parents = parentColumns(toTables.get(table), col.to.name);
            if (col.to.default !== null && !parents.cols.every((x) => x.default === col.to.default)) {
              alterIndex.set(p, out.edits.length);
              const change: Change = { kind: 'alterColumn', table: col.table, from: { ...col.to, default: null }, to: col.to, retype: false, castViaText: false };
              out.add(change, 'alter', p, { needs: parents.keys });
            }
          } else if (at === undefined) {
            alterIndex.set(p, out.edits.length);
            out.add({ kind: 'alterColumn', table: col.table, from: { ...col.from, default: null }, to: col.to, retype: false, castViaText: false }, 'alter', p);
          }
        }
        continue;
      }
      const o = objects.get(p);
      // A configuration with mappings of its own to change was planned around its dictionaries (diff-text-search.ts).
      if (!o || (o.kind === 'text search configuration' && out.has(p, 'alter'))) continue;
      addRecreate(o, out, clonesDetached.get(o.from.key));
      invalidate(p);
    }
  }
}

function addRecreate(o: Recreatable, out: EditList<Change>, afterDetach?: readonly EditKey[]): void {
  switch (o.kind) {
    case 'view':
      out.add({ kind: 'dropView', view: o.from, recreate: true }, 'drop', o.from.key);
      out.add({ kind: 'createView', view: o.to }, 'create', o.to.key);
      return;
    case 'index':
      out.add({ kind: 'dropIndex', index: o.from, recreate: true }, 'drop', o.from.key, afterDetach ? { needs: afterDetach } : {});
      out.add({ kind: 'createIndex', index: o.to }, 'create', o.to.key);
      return;
    case 'constraint':
      out.add({ kind: 'dropConstraint', constraint: o.from, recreate: true }, 'drop', o.from.key, afterDetach ? { needs: afterDetach } : {});
      out.add({ kind: 'addConstraint', constraint: o.to }, 'create', o.to.key);
      return;
    case 'trigger':
      out.add({ kind: 'dropTrigger', trigger: o.from, recreate: true }, 'drop', o.from.key);
      out.add({ kind: 'createTrigger', trigger: o.to }, 'create', o.to.key);
      return;
    case 'policy':
      out.add({ kind: 'dropPolicy', policy: o.from, recreate: true }, 'drop', o.from.key);
      out.add({ kind: 'createPolicy', policy: o.to }, 'create', o.to.key);
      return;
    case 'function':
      out.add({ kind: 'dropFunction', func: o.from, recreate: true }, 'drop', o.from.key);
      out.add({ kind: 'createFunction', func: o.to, replace: false }, 'create', o.to.key);
      return;
    case 'domain':
      setTypeAside(o.from, 'domain', out);
      out.add({ kind: 'createDomain', domain: o.to }, 'create', o.to.key);
      return;
    case 'composite':
      setTypeAside(o.from, 'composite type', out);
      out.add({ kind: 'createComposite', type: o.to }, 'create', o.to.key);
      return;
    case 'range':
      setRangeAside(o.from, out);
      out.add({ kind: 'createRange', range: o.to }, 'create', o.to.key);
      return;
    case 'user mapping':
      out.add({ kind: 'dropUserMapping', mapping: o.from, recreate: true }, 'drop', o.from.key);
      out.add({ kind: 'createUserMapping', mapping: o.to }, 'create', o.to.key);
      return;
    case 'foreign table':
      out.add({ kind: 'dropForeignTable', table: o.from, recreate: true }, 'drop', o.from.key);
      out.add({ kind: 'createForeignTable', table: o.to }, 'create', o.to.key);
      return;
    case 'text search configuration':
      out.add({ kind: 'dropTsConfiguration', configuration: o.from, recreate: true }, 'drop', o.from.key);
      out.add({ kind: 'createTsConfiguration', configuration: o.to }, 'create', o.to.key);
      return;
    case 'rule':
      out.add({ kind: 'dropRule', rule: o.from, recreate: true }, 'drop', o.from.key);
      out.add({ kind: 'createRule', rule: o.to }, 'create', o.to.key);
      return;
    case 'statistics':
      out.add({ kind: 'dropStatistics', statistics: o.from, recreate: true }, 'drop', o.from.key);
      out.add({ kind: 'createStatistics', statistics: o.to }, 'create', o.to.key);
      return;
    case 'event trigger':
      out.add({ kind: 'dropEventTrigger', trigger: o.from, recreate: true }, 'drop', o.from.key);
      out.add({ kind: 'createEventTrigger', trigger: o.to }, 'create', o.to.key);
      return;
    case 'aggregate':
      out.add({ kind: 'dropAggregate', aggregate: o.from, recreate: true }, 'drop', o.from.key);
      out.add({ kind: 'createAggregate', aggregate: o.to }, 'create', o.to.key);
      return;
    case 'cast':
      out.add({ kind: 'dropCast', cast: o.from, recreate: true }, 'drop', o.from.key);
      out.add({ kind: 'createCast', cast: o.to }, 'create', o.to.key);
      return;
    case 'operator':
      out.add({ kind: 'dropOperator', operator: o.from, recreate: true }, 'drop', o.from.key);
      out.add({ kind: 'createOperator', operator: o.to }, 'create', o.to.key);
      return;
    case 'operator family':
      out.add({ kind: 'dropOperatorFamily', family: o.from, recreate: true }, 'drop', o.from.key);
      out.add({ kind: 'createOperatorFamily', family: o.to }, 'create', o.to.key);
      return;
    case 'operator class':
      out.add({ kind: 'dropOperatorClass', opclass: o.from, recreate: true }, 'drop', o.from.key);
      out.add({ kind: 'createOperatorClass', opclass: o.to }, 'create', o.to.key);
      return;
    default:
      assertNever(o, 'recreatable object');
  }
}

function pairObjects(from: Schema, to: Schema): KeyMap<Recreatable> {
  const out = new KeyMap<Recreatable>();
  const pair = <T extends { key: ObjectKey }>(a: readonly T[], b: readonly T[], make: (x: T, y: T) => Recreatable) => {
    const bm = new KeyMap(b.map((y) => [y.key, y]));
    for (const x of a) {
      const y = bm.get(x.key);
      if (y) out.set(x.key, make(x, y));
    }
  };
  pair(from.views, to.views, (x, y) => ({ kind: 'view', from: x, to: y }));
  // Clones on partitions follow their parent index/constraint; never recreated on their own.
  pair(from.indexes.filter((x) => x.parent === null), to.indexes, (x, y) => ({ kind: 'index', from: x, to: y }));
  pair(from.constraints.filter((x) => x.parent === null), to.constraints, (x, y) => ({ kind: 'constraint', from: x, to: y }));
  pair(from.triggers, to.triggers, (x, y) => ({ kind: 'trigger', from: x, to: y }));
  pair(from.policies, to.policies, (x, y) => ({ kind: 'policy', from: x, to: y }));
  pair(from.functions, to.functions, (x, y) => ({ kind: 'function', from: x, to: y }));
  pair(from.domains, to.domains, (x, y) => ({ kind: 'domain', from: x, to: y }));
  pair(from.composites, to.composites, (x, y) => ({ kind: 'composite', from: x, to: y }));
  pair(from.ranges, to.ranges, (x, y) => ({ kind: 'range', from: x, to: y }));
  pair(from.userMappings, to.userMappings, (x, y) => ({ kind: 'user mapping', from: x, to: y }));
  pair(from.foreignTables, to.foreignTables, (x, y) => ({ kind: 'foreign table', from: x, to: y }));
  pair(from.textSearchConfigurations, to.textSearchConfigurations, (x, y) => ({ kind: 'text search configuration', from: x, to: y }));
  pair(from.rules, to.rules, (x, y) => ({ kind: 'rule', from: x, to: y }));
  pair(from.statistics, to.statistics, (x, y) => ({ kind: 'statistics', from: x, to: y }));
  pair(from.eventTriggers, to.eventTriggers, (x, y) => ({ kind: 'event trigger', from: x, to: y }));
  pair(from.aggregates, to.aggregates, (x, y) => ({ kind: 'aggregate', from: x, to: y }));
  pair(from.userCasts, to.userCasts, (x, y) => ({ kind: 'cast', from: x, to: y }));
  pair(from.operators, to.operators, (x, y) => ({ kind: 'operator', from: x, to: y }));
  pair(from.operatorFamilies, to.operatorFamilies, (x, y) => ({ kind: 'operator family', from: x, to: y }));
  pair(from.operatorClasses, to.operatorClasses, (x, y) => ({ kind: 'operator class', from: x, to: y }));
  return out;
}
