import type { Queryable } from '../adapter.js';
import type { LintTarget, TableSize } from '../../lint/dialect.js';
import { USER_RELATIONS } from './user-relations.js';

/**
 * What a PostgreSQL (or PGlite) database tells the linter: its major version, and the estimated
 * rows (`reltuples`) and bytes (`pg_table_size`) of every table and materialized view outside the
 * system schemas, read in one query. A table never analysed (`reltuples` -1) has no known size.
 */
export async function readLintTarget(db: Queryable): Promise<LintTarget> {
  const version = await db.query(`select current_setting('server_version_num')::int / 10000 as major`);
  const sizes = await db.query(
    `select n.nspname as schema, c.relname as name, c.reltuples::float8 as rows, pg_table_size(c.oid)::float8 as bytes
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p', 'm') and ${USER_RELATIONS}`,
  );
  const bySchema = new Map<string, TableSize>();
  const byName = new Map<string, TableSize[]>();
  for (const r of sizes.rows) {
    if (Number(r['rows']) < 0) continue;
    const size = { rows: Number(r['rows']), bytes: Number(r['bytes']) };
    bySchema.set(`${r['schema']}.${r['name']}`, size);
    byName.set(String(r['name']), [...(byName.get(String(r['name'])) ?? []), size]);
  }
  return {
    serverVersion: Number(version.rows[0]!['major']),
    // Unqualified: the biggest table of that name (the search_path of the run is not known here).
    tableSize: (schema, name) => (schema !== null ? (bySchema.get(`${schema}.${name}`) ?? null) : (byName.get(name) ?? []).reduce<TableSize | null>((a, b) => (a && a.bytes >= b.bytes ? a : b), null)),
  };
}
