import type { SqliteSchema } from './model.js';
import { sameName } from './tokens.js';

/**
 * The model without the named tables and their indexes and triggers (shale's own state tables are
 * bookkeeping, not schema).
 * @example withoutTables(model, ['shale_migrations', 'shale_log', 'shale_lock'])
 */
export function withoutTables(s: SqliteSchema, names: readonly string[]): SqliteSchema {
  const gone = (table: string) => names.some((n) => sameName(n, table));
  return {
    ...s,
    tables: s.tables.filter((t) => !gone(t.name)),
    indexes: s.indexes.filter((i) => !gone(i.table)),
    triggers: s.triggers.filter((t) => !gone(t.table)),
  };
}
