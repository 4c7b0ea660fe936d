import { sameData } from '../diff-match.js';
import type { EditList } from '../edit-list.js';
import type { Change } from './change.js';
import { matchBy, type TableDiff } from './diff-tables.js';
import type { Schema, Trigger, View } from './model.js';
import { mkeys } from './object-keys.js';

/** Views reading a changed table or a recreated view (transitively): recreated so the server checks them again. */
function viewsToRecreate(from: Schema, changed: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const v of from.views) {
      if (out.has(v.name)) continue;
      if (v.reads.some((r) => changed.has(r) || out.has(r))) {
        out.add(v.name);
        grew = true;
      }
    }
  }
  return out;
}

/** Views: created, dropped, changed (drop and create), and recreated when what they read changes. */
export function diffViews(from: Schema, to: Schema, out: EditList<Change>, d: TableDiff): void {
  const m = matchBy(from.views, to.views, (v) => v.name);
  const changed = new Set(m.both.filter(([x, y]) => !sameData(x, y)).map(([x]) => x.name));
  const droppedTables = new Set(from.tables.filter((t) => !to.tables.some((u) => u.name === t.name)).map((t) => t.name));
  const recreate = viewsToRecreate(from, new Set([...d.changedTables, ...changed, ...droppedTables]));
  const create = (v: View) => out.add({ kind: 'createView', view: v }, 'create', mkeys.rel(v.name));
  for (const v of m.removed) out.add({ kind: 'dropView', view: v.name, recreate: false }, 'drop', mkeys.rel(v.name));
  for (const [x, y] of m.both) {
    if (!changed.has(x.name) && !recreate.has(x.name)) continue;
    out.add({ kind: 'dropView', view: x.name, recreate: sameData(x, y) }, 'drop', mkeys.rel(x.name));
    create(y);
  }
  for (const v of m.added) create(v);
}

const groupOf = (t: Trigger) => `${t.table}\u0000${t.timing}\u0000${t.event}`;

/**
 * Triggers: a trigger of a changed table, or in a group (table, timing, event) where one changes,
 * is dropped and created again in the target's order (the server orders a group by creation).
 * A dropped table's triggers go with it.
 */
export function diffTriggers(from: Schema, to: Schema, out: EditList<Change>, d: TableDiff): void {
  const m = matchBy(from.triggers, to.triggers, (t) => `${t.table}\u0000${t.name}`);
  const toTables = new Set(to.tables.map((t) => t.name));
  const touchedGroups = new Set<string>([
    ...m.added.map(groupOf),
    ...m.removed.map(groupOf),
    ...m.both.filter(([x, y]) => !sameData(x, y)).flatMap(([x, y]) => [groupOf(x), groupOf(y)]),
  ]);
  const redo = (t: Trigger) => touchedGroups.has(groupOf(t)) || d.changedTables.has(t.table);
  for (const t of m.removed) if (toTables.has(t.table)) out.add({ kind: 'dropTrigger', trigger: t, recreate: false }, 'drop', mkeys.trigger(t.table, t.name));
  for (const [x, y] of m.both) {
    if (sameData(x, y) && !redo(x)) continue;
    out.add({ kind: 'dropTrigger', trigger: x, recreate: sameData(x, y) }, 'drop', mkeys.trigger(x.table, x.name));
  }
  const creates = to.triggers.filter((t) => {
    const old = m.both.find(([, y]) => y === t)?.[0];
    return old === undefined || !sameData(old, t) || redo(old);
  });
  for (const t of [...creates].sort((a, b) => a.order - b.order)) out.add({ kind: 'createTrigger', trigger: t }, 'create', mkeys.trigger(t.table, t.name));
}

/** Stored procedures and functions: created, dropped, or dropped and created again when their text differs. */
export function diffRoutines(from: Schema, to: Schema, out: EditList<Change>): void {
  const m = matchBy(from.routines, to.routines, (r) => `${r.type} ${r.name}`);
  for (const r of m.removed) out.add({ kind: 'dropRoutine', routine: r, recreate: false }, 'drop', mkeys.routine(r.type, r.name));
  for (const [x, y] of m.both) {
    if (sameData(x, y)) continue;
    out.add({ kind: 'dropRoutine', routine: x, recreate: false }, 'drop', mkeys.routine(x.type, x.name));
    out.add({ kind: 'createRoutine', routine: y }, 'create', mkeys.routine(y.type, y.name));
  }
  for (const r of m.added) out.add({ kind: 'createRoutine', routine: r }, 'create', mkeys.routine(r.type, r.name));
}
