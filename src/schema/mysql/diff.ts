import { EditList } from '../edit-list.js';
import { orderEdits, type Dependency } from '../order.js';
import type { Change } from './change.js';
import { diffRoutines, diffTriggers, diffViews } from './diff-objects.js';
import { diffForeignKeys, diffTables } from './diff-tables.js';
import type { Schema } from './model.js';
import { mkeys } from './object-keys.js';
import { rankOf } from './rank.js';

/**
 * What needs what in a model: a view the relations it reads, a trigger its table, a foreign key
 * its table and the table it references, an index, check or primary key its table.
 */
export function dependenciesOf(s: Schema): Dependency[] {
  const out: Dependency[] = [];
  for (const t of s.tables) {
    const rel = mkeys.rel(t.name);
    for (const c of t.columns) out.push({ from: mkeys.column(t.name, c.name), to: rel });
    if (t.primaryKey) out.push({ from: mkeys.primaryKey(t.name), to: rel });
    for (const i of t.indexes) out.push({ from: mkeys.index(t.name, i.name), to: rel });
    for (const c of t.checks) out.push({ from: mkeys.check(t.name, c.name), to: rel });
    for (const f of t.foreignKeys) {
      out.push({ from: mkeys.foreignKey(t.name, f.name), to: rel });
      if (f.refDatabase === null && f.refTable !== t.name) out.push({ from: mkeys.foreignKey(t.name, f.name), to: mkeys.rel(f.refTable) });
    }
  }
  for (const v of s.views) for (const r of v.reads) out.push({ from: mkeys.rel(v.name), to: mkeys.rel(r) });
  for (const t of s.triggers) out.push({ from: mkeys.trigger(t.table, t.name), to: mkeys.rel(t.table) });
  return out;
}

/**
 * The changes that turn `from` into `to`, in an order that runs: a pure function over two models.
 * @example const changes = diffSchemas(await inspect(live), await inspect(dev))
 */
export function diffSchemas(from: Schema, to: Schema): Change[] {
  const out = new EditList<Change>(rankOf);
  const tables = diffTables(from, to, out);
  diffForeignKeys(from, to, out, tables);
  diffViews(from, to, out, tables);
  diffTriggers(from, to, out, tables);
  diffRoutines(from, to, out);
  return orderEdits(out.edits, dependenciesOf(from), dependenciesOf(to));
}
