import { KeySet, type ObjectKey } from '../keys.js';
import type { Schema } from './model.js';

/**
 * The model minus the named tables (in any schema) and everything that belongs to them: their owned
 * sequences, indexes, constraints, triggers, policies, rules and extended statistics, and the
 * privileges, comments and dependencies of those and of their columns (shale's own state tables are
 * bookkeeping, not schema).
 * @example withoutTables(model, ['shale_migrations', 'shale_log', 'shale_lock'])
 */
export function withoutTables(s: Schema, names: readonly string[]): Schema {
  const drop = new Set(names);
  const gone = s.tables.filter((t) => drop.has(t.name));
  if (gone.length === 0) return s;
  const relKeys = new KeySet(gone.map((t) => t.key));
  const owned = (schema: string, table: string) => gone.some((t) => t.schema === schema && t.name === table);
  const sequences = s.sequences.filter((q) => !(q.ownedBy && owned(q.ownedBy.table.schema, q.ownedBy.table.name)));
  const removedKeys = new KeySet([...relKeys, ...s.sequences.filter((q) => !sequences.includes(q)).map((q) => q.key)]);
  const indexes = s.indexes.filter((i) => !owned(i.schema, i.table));
  const constraints = s.constraints.filter((c) => !owned(c.schema, c.table));
  for (const i of s.indexes) if (!indexes.includes(i)) removedKeys.add(i.key);
  for (const c of s.constraints) if (!constraints.includes(c)) removedKeys.add(c.key);
  const rules = s.rules.filter((r) => !owned(r.schema, r.table));
  const statistics = s.statistics.filter((x) => !owned(x.table.schema, x.table.name));
  for (const r of s.rules) if (!rules.includes(r)) removedKeys.add(r.key);
  for (const x of s.statistics) if (!statistics.includes(x)) removedKeys.add(x.key);
  const belongs = (key: ObjectKey) => removedKeys.has(key) || (key.kind === 'column' && owned(key.schema, key.table));
  return {
    ...s,
    tables: s.tables.filter((t) => !relKeys.has(t.key)),
    sequences,
    indexes,
    constraints,
    triggers: s.triggers.filter((t) => !owned(t.schema, t.table)),
    policies: s.policies.filter((p) => !owned(p.schema, p.table)),
    rules,
    statistics,
    privileges: s.privileges.filter((p) => !belongs(p.objectKey)),
    comments: s.comments.filter((c) => !belongs(c.objectKey)),
    dependencies: s.dependencies.filter((d) => !belongs(d.from) && !belongs(d.to)),
  };
}
