import type { Schema } from './model.js';

/**
 * The model minus the named tables and what belongs to them (their triggers; foreign keys of
 * other tables to them): shale's own state tables are bookkeeping, not schema.
 * @example withoutTables(model, ['shale_migrations', 'shale_log', 'shale_lock'])
 */
export function withoutTables(s: Schema, names: readonly string[]): Schema {
  const drop = new Set(names);
  if (!s.tables.some((t) => drop.has(t.name))) return s;
  return {
    ...s,
    tables: s.tables.filter((t) => !drop.has(t.name)).map((t) => ({ ...t, foreignKeys: t.foreignKeys.filter((f) => f.refDatabase !== null || !drop.has(f.refTable)) })),
    triggers: s.triggers.filter((t) => !drop.has(t.table)),
  };
}
