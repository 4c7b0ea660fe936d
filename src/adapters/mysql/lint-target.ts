import type { Queryable } from '../adapter.js';
import type { LintTarget, TableSize } from '../../lint/dialect.js';

/**
 * What a MySQL/MariaDB database tells the linter: the estimated rows (`table_rows`, InnoDB's
 * statistics) and bytes (data + indexes) of each base table of the URL's database, from
 * `information_schema.tables` in one query. Names match case-insensitively; a qualified name
 * (`db.t`) only when its database is this one.
 */
export async function readMysqlLintTarget(db: Queryable): Promise<LintTarget> {
  // MySQL 8 caches these columns for a day by default (a table filled since would look empty);
  // MariaDB has no such cache, nor the variable.
  await db.query('set session information_schema_stats_expiry = 0').catch(() => undefined);
  const r = await db.query(
    `select database() as db, table_name as name, table_rows as \`rows\`, data_length + index_length as bytes
       from information_schema.tables where table_schema = database() and table_type = 'BASE TABLE'`,
  );
  const sizes = new Map<string, TableSize>();
  let current = '';
  for (const row of r.rows) {
    current = String(row['db'] ?? '').toLowerCase();
    if (row['rows'] === null || row['rows'] === undefined) continue;
    sizes.set(String(row['name']).toLowerCase(), { rows: Number(row['rows']), bytes: Number(row['bytes'] ?? 0) });
  }
  return {
    tableSize: (schema, name) => {
      const parts = name.replace(/`/g, '').toLowerCase().split('.');
      const table = parts.at(-1)!;
      const database = schema?.toLowerCase() ?? (parts.length > 1 ? parts[0] : undefined);
      if (database !== undefined && database !== current) return null;
      return sizes.get(table) ?? null;
    },
  };
}
