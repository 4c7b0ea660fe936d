import type { Change } from './change.js';
import type { Schema, Table } from './model.js';
import { KeyMap, keys, sameKey, type EditKey } from '../keys.js';
import type { EditList } from '../edit-list.js';
import { partitionSlot } from './diff-tables.js';

const qn = (t: { schema: string; name: string }) => ({ schema: t.schema, name: t.name });

/**
 * A table converted between plain and partitioned is dropped and created again (destructive, so
 * only under --unsafe); its rows are kept across: copied into a temporary table before the drop and
 * inserted into the new table once it and its partitions exist. A partitioned table's rows are
 * those of its partitions the plan drops (a partition that stays keeps its own).
 */
export function keepRebuiltRows(from: Schema, to: Schema, out: EditList<Change>): void {
  const after = new KeyMap(to.tables.map((t) => [t.key, t]));
  for (const a of from.tables) {
    const b = after.get(a.key);
    if (!b || a.kind === b.kind || !out.has(a.key, 'drop')) continue;
    const dropped = (t: Table) => out.edits.some((e) => e.change.kind === 'dropTable' && !e.change.recreate && sameKey(e.key, t.key));
    const sources = a.kind === 'table' ? [a] : from.tables.filter((p) => p.partitionOf?.parent.schema === a.schema && p.partitionOf.parent.name === a.name && dropped(p));
    const columns = b.columns.filter((c) => c.generated === null && a.columns.some((x) => x.name === c.name && x.generated === null)).map((c) => c.name);
    if (sources.length === 0 || columns.length === 0) continue;
    const into = `${a.name}__shale_rows`.slice(0, 63);
    const saveKey = keys.part('rows', a.key);
    out.add({ kind: 'saveRows', table: qn(a), sources: sources.map(qn), only: a.kind === 'table', columns, into }, 'alter', saveKey);
    for (const [i, e] of out.edits.entries()) {
      if (e.op === 'drop' && sources.concat(a).some((t) => sameKey(t.key, e.key))) out.update(i, { needs: [saveKey] });
    }
    // Into the new table once it and every partition of it exist and are attached.
    const partitions = to.tables.filter((p) => p.partitionOf?.parent.schema === b.schema && p.partitionOf.parent.name === b.name);
    const needs: EditKey[] = [saveKey, b.key, ...partitions.flatMap((p) => [p.key, partitionSlot(p.key)])];
    const identity = b.columns.filter((c) => c.identity !== null && columns.includes(c.name)).map((c) => c.name);
    out.add({ kind: 'restoreRows', table: qn(b), columns, from: into, identity }, 'alter', keys.part('restore', b.key), { needs });
  }
}
