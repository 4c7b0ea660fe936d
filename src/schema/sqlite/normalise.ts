import { canonical } from '../diff-match.js';
import type { Index, SqliteSchema, Trigger, View } from './model.js';
import { tableShape } from './table-plan.js';

const byName = (a: { name: string }, b: { name: string }) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0);
const lower = <T extends { name: string }>(x: T) => ({ ...x, name: x.name.toLowerCase() });

function shape(s: SqliteSchema): unknown {
  const index = ({ sql: _sql, ...i }: Index) => ({ ...lower(i), table: i.table.toLowerCase() });
  const view = ({ sql: _sql, ...v }: View) => lower(v);
  const trigger = ({ sql: _sql, ...t }: Trigger) => ({ ...lower(t), table: t.table.toLowerCase() });
  return {
    tables: [...s.tables].sort(byName).map((t) => tableShape({ ...t, name: t.name.toLowerCase() })),
    indexes: [...s.indexes].sort(byName).map(index),
    views: [...s.views].sort(byName).map(view),
    triggers: [...s.triggers].sort(byName).map(trigger),
  };
}

/**
 * Whether two SQLite models describe the same schema: creation order, column order, the case of
 * names and the spelling of the stored CREATE texts aside.
 * @example sameSchema(await inspect(a), await inspect(b))
 */
export function sameSchema(a: SqliteSchema, b: SqliteSchema): boolean {
  return canonical(shape(a)) === canonical(shape(b));
}
