import { canonical } from '../diff-match.js';
import type { Change, RebuildPart } from './change.js';
import type { Index, SqliteSchema, Table, Trigger, View } from './model.js';
import { planTable } from './table-plan.js';
import { createdObject, mentions, sameName, tokenize, type Token } from './tokens.js';

/** The tokens of a CREATE statement after the object's name. */
function body(sql: string): Token[] {
  const tokens = tokenize(sql);
  return tokens.slice(createdObject(tokens)?.after ?? 0);
}

type Named = { readonly name: string };

function byName<T extends Named>(list: readonly T[], name: string): T | undefined {
  return list.find((x) => sameName(x.name, name));
}

const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);
const indexShape = ({ sql: _sql, ...rest }: Index) => ({ ...rest, name: rest.name.toLowerCase(), table: rest.table.toLowerCase() });
const viewShape = ({ sql: _sql, ...rest }: View) => ({ ...rest, name: rest.name.toLowerCase() });
const triggerShape = ({ sql: _sql, ...rest }: Trigger) => ({ ...rest, name: rest.name.toLowerCase(), table: rest.table.toLowerCase() });

/** The tables' fates: what to create, drop, alter or rebuild. */
function tableChanges(from: SqliteSchema, to: SqliteSchema) {
  const created = to.tables.filter((t) => !byName(from.tables, t.name));
  const dropped = from.tables.filter((t) => !byName(to.tables, t.name));
  const altered: Change[] = [];
  const rebuilt: Change[] = [];
  for (const a of from.tables) {
    const b = byName(to.tables, a.name);
    if (!b) continue;
    const ctx = { indexes: from.indexes.filter((i) => sameName(i.table, a.name)), triggers: from.triggers.filter((t) => sameName(t.table, a.name)) };
    const plan = planTable(a, b, ctx);
    if (plan.kind === 'alter') {
      // Adds first: SQLite refuses to drop a table's last column.
      for (const column of plan.add) altered.push({ kind: 'addColumn', table: a.name, column });
      for (const column of plan.drop) altered.push({ kind: 'dropColumn', table: a.name, column });
    } else if (plan.kind === 'rebuild') {
      rebuilt.push(rebuild(a, b));
    }
  }
  return { created, dropped, altered, rebuilt };
}

function rebuild(from: Table, to: Table): Change {
  const copied = to.columns.filter((c) => c.generated === null && byName(from.columns, c.name)).map((c) => c.name);
  // A generated column's values are computed, not lost.
  const lost = from.columns.filter((c) => c.generated === null && !byName(to.columns, c.name)).map((c) => c.name);
  return { kind: 'rebuildTable', from, to, copied, lost };
}

/** Views to drop: changed or gone, or naming a touched table or a view dropped (transitively). */
function viewsToDrop(from: SqliteSchema, to: SqliteSchema, touched: readonly string[]): Set<string> {
  const drop = new Set(from.views.filter((v) => { const w = byName(to.views, v.name); return !w || !same(viewShape(v), viewShape(w)); }).map((v) => v.name));
  for (let grew = true; grew; ) {
    grew = false;
    for (const v of from.views) {
      if (drop.has(v.name) || ![...touched, ...drop].some((n) => mentions(body(v.sql), n))) continue;
      drop.add(v.name);
      grew = true;
    }
  }
  return drop;
}

/**
 * Triggers of a dropped or rebuilt table or a dropped view go with it (`dropped`); one is dropped
 * first (`explicit`) when it is changed or gone, or names something that changes, even when its own
 * table is rebuilt later in the plan: SQLite checks every trigger when an earlier table is renamed.
 */
function triggersToDrop(from: SqliteSchema, to: SqliteSchema, changing: readonly string[], goesWith: (tr: Trigger) => boolean) {
  const names = (tr: Trigger) => changing.some((n) => mentions(body(tr.sql), n));
  const changed = (tr: Trigger) => { const b = byName(to.triggers, tr.name); return !b || !same(triggerShape(tr), triggerShape(b)); };
  return {
    explicit: from.triggers.filter((tr) => names(tr) || (changed(tr) && !goesWith(tr))),
    dropped: from.triggers.filter((tr) => changed(tr) || names(tr) || goesWith(tr)),
  };
}

/**
 * The changes that turn `from` into `to`, in an order SQLite accepts: triggers, views and indexes
 * that go (or must be recreated around a table change) first, then table drops, creates, ALTERs and
 * rebuilds, then indexes, views and triggers, and a foreign key check after any rebuild. Views and
 * triggers that name a table that is rebuilt, dropped or loses a column are dropped and recreated:
 * SQLite checks them when a table is renamed or a column dropped.
 * @example diffSchemas(await inspect(a), await inspect(b)).map((c) => c.kind)
 */
export function diffSchemas(from: SqliteSchema, to: SqliteSchema): Change[] {
  const t = tableChanges(from, to);
  const rebuilds = t.rebuilt.flatMap((c) => (c.kind === 'rebuildTable' ? [c] : []));
  const goneTables = [...t.dropped.map((x) => x.name), ...rebuilds.map((c) => c.from.name)];
  const touched = [...goneTables, ...t.altered.flatMap((c) => (c.kind === 'dropColumn' ? [c.table] : []))];
  const isGone = (table: string) => goneTables.some((n) => sameName(n, table));
  const dropViews = viewsToDrop(from, to, touched);
  const viewGone = (name: string) => [...dropViews].some((n) => sameName(n, name));
  const trig = triggersToDrop(from, to, [...touched, ...dropViews], (tr) => isGone(tr.table) || viewGone(tr.table));
  const idxDropped = from.indexes.filter((i) => { const b = byName(to.indexes, i.name); return isGone(i.table) || !b || !same(indexShape(i), indexShape(b)); });
  const rebuildOf = (table: string): RebuildPart => {
    const r = rebuilds.find((c) => sameName(c.to.name, table));
    return r ? (r.lost.length > 0 ? 'loses' : 'keeps') : null;
  };
  const again = <T extends Named>(list: readonly T[], dropped: readonly Named[], x: Named) => !byName(list, x.name) || dropped.some((d) => sameName(d.name, x.name));
  const out: Change[] = [];
  for (const tr of trig.explicit) out.push({ kind: 'dropTrigger', trigger: tr, recreate: recreated(tr, to.triggers, triggerShape), rebuild: rebuildOf(tr.table) });
  for (const v of from.views) if (dropViews.has(v.name)) out.push({ kind: 'dropView', view: v, recreate: recreated(v, to.views, viewShape) });
  for (const i of idxDropped) if (!isGone(i.table)) out.push({ kind: 'dropIndex', index: i, recreate: recreated(i, to.indexes, indexShape) });
  for (const table of t.dropped) out.push({ kind: 'dropTable', table });
  for (const table of t.created) out.push({ kind: 'createTable', table });
  out.push(...t.altered, ...rebuilds);
  for (const i of to.indexes) if (again(from.indexes, idxDropped, i)) out.push({ kind: 'createIndex', index: i, rebuild: rebuildOf(i.table) });
  for (const v of to.views) if (!byName(from.views, v.name) || viewGone(v.name)) out.push({ kind: 'createView', view: v });
  for (const tr of to.triggers) if (again(from.triggers, trig.dropped, tr)) out.push({ kind: 'createTrigger', trigger: tr, rebuild: rebuildOf(tr.table) });
  if (rebuilds.length > 0) out.push({ kind: 'checkForeignKeys' });
  return out;
}

/** The same object, unchanged, is in `to`: its drop only makes way. */
function recreated<T extends Named>(x: T, to: readonly T[], shape: (v: T) => unknown): boolean {
  const y = byName(to, x.name);
  return y !== undefined && same(shape(x), shape(y));
}

