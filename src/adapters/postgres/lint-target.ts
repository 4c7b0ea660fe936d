import type { Queryable } from '../adapter.js';
import type { EnumTypeFacts, LintTarget, TableSize } from '../../lint/dialect.js';
import { USER_RELATIONS } from './user-relations.js';

/**
 * What a PostgreSQL (or PGlite) database tells the linter: its major version; the estimated rows
 * (`reltuples`) and bytes (`pg_table_size`) of every table and materialized view outside the system
 * schemas; its enum types with their values and the columns of each; and which views depend on each
 * relation and column (`pg_depend` through `pg_rewrite`). A table never analysed (`reltuples` -1) has
 * no known size. Unqualified names match every schema (the search_path of the run is not known here).
 */
export async function readLintTarget(db: Queryable): Promise<LintTarget> {
  const version = await db.query(`select current_setting('server_version_num')::int / 10000 as major`);
  const sizes = await db.query(
    `select n.nspname as schema, c.relname as name, c.reltuples::float8 as rows, pg_table_size(c.oid)::float8 as bytes
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p', 'm') and ${USER_RELATIONS}`,
  );
  // Partitioned tables and their (partitioned) indexes, by `schema.name` and by `name`.
  const parted = await db.query(
    `select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('p', 'I') and ${USER_RELATIONS}`,
  );
  const partitioned = new Set(parted.rows.flatMap((r) => [`${r['schema']}.${r['name']}`, String(r['name'])]));
  const enums = await db.query(
    `select n.nspname as schema, t.typname as name,
            array(select e.enumlabel::text from pg_enum e where e.enumtypid = t.oid order by e.enumsortorder) as values,
            array(select c.relname::text || '.' || a.attname::text
                    from pg_attribute a join pg_class c on c.oid = a.attrelid
                   where a.atttypid = t.oid and a.attnum > 0 and not a.attisdropped and c.relkind in ('r', 'p', 'm', 'f')
                   order by 1) as columns
       from pg_type t join pg_namespace n on n.oid = t.typnamespace
      where t.typtype = 'e' and ${USER_RELATIONS}`,
  );
  const views = await db.query(
    `select distinct n.nspname as schema, rc.relname as name, a.attname as column, vn.nspname || '.' || v.relname as view
       from pg_depend d
       join pg_rewrite r on r.oid = d.objid
       join pg_class v on v.oid = r.ev_class
       join pg_namespace vn on vn.oid = v.relnamespace
       join pg_class rc on rc.oid = d.refobjid
       join pg_namespace n on n.oid = rc.relnamespace
       left join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid and d.refobjsubid > 0
      where d.classid = 'pg_rewrite'::regclass and d.refclassid = 'pg_class'::regclass and d.deptype = 'n'
        and v.oid <> d.refobjid and ${USER_RELATIONS}`,
  );
  const bySchema = new Map<string, TableSize>();
  const byName = new Map<string, TableSize[]>();
  for (const r of sizes.rows) {
    if (Number(r['rows']) < 0) continue;
    const size = { rows: Number(r['rows']), bytes: Number(r['bytes']) };
    bySchema.set(`${r['schema']}.${r['name']}`, size);
    byName.set(String(r['name']), [...(byName.get(String(r['name'])) ?? []), size]);
  }
  const enumsByName = new Map<string, EnumTypeFacts>();
  for (const r of enums.rows) {
    const facts: EnumTypeFacts = { values: (r['values'] as string[]).map(String), columns: (r['columns'] as string[]).map(String) };
    enumsByName.set(`${r['schema']}.${r['name']}`, facts);
    // Unqualified: public's, else any schema's (the run's search_path is not known; a clash is rare).
    if (!enumsByName.has(String(r['name'])) || r['schema'] === 'public') enumsByName.set(String(r['name']), facts);
  }
  // `schema.table` and `table` (every schema), each with `.column` too, to the views on them.
  const viewsOn = new Map<string, Set<string>>();
  const add = (key: string, view: string) => viewsOn.set(key, (viewsOn.get(key) ?? new Set()).add(view));
  for (const r of views.rows) {
    const view = String(r['view']);
    for (const table of [`${r['schema']}.${r['name']}`, String(r['name'])]) {
      add(table, view);
      if (r['column'] !== null) add(`${table}.${r['column']}`, view);
    }
  }
  return {
    serverVersion: Number(version.rows[0]!['major']),
    tableSize: (schema, name) => (schema !== null ? (bySchema.get(`${schema}.${name}`) ?? null) : (byName.get(name) ?? []).reduce<TableSize | null>((a, b) => (a && a.bytes >= b.bytes ? a : b), null)),
    enumType: (schema, name) => enumsByName.get(schema !== null ? `${schema}.${name}` : name) ?? null,
    partitioned: (schema, name) => partitioned.has(schema !== null ? `${schema}.${name}` : name),
    viewsUsing: (schema, name, column) => [...(viewsOn.get(`${schema !== null ? `${schema}.` : ''}${name}${column !== null ? `.${column}` : ''}`) ?? [])].sort(),
  };
}
