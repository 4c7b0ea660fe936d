import type { Queryable } from '../adapters/adapter.js';
import { quoteIdent, quoteQualified } from '../adapters/postgres/quote.js';
import type { RenameHint } from './rename-hints.js';

/** Rename statements that turn the old names into the desired ones, and the ones that undo them. */
export interface RenamePlan {
  readonly forward: readonly string[];
  /** In the order they must run (reverse of `forward`). */
  readonly backward: readonly string[];
}

const TABLE_EXISTS = `select 1 from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where n.nspname = $1 and c.relname = $2 and c.relkind in ('r', 'p')`;
const COLUMN_EXISTS = `select 1 from pg_catalog.pg_attribute a join pg_catalog.pg_class c on c.oid = a.attrelid
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where n.nspname = $1 and c.relname = $2 and a.attname = $3 and a.attnum > 0 and not a.attisdropped`;

async function exists(db: Queryable, sql: string, params: readonly string[]): Promise<boolean> {
  return (await db.query(sql, params)).rows.length > 0;
}

/**
 * Run the renames the hints ask for on `db` (a copy of the "from" schema), so the diff that follows
 * sees the new names and plans no drop + add. A hint whose old name is gone (or whose new name
 * already exists) was applied before and is skipped. Tables first: column hints name the new table.
 */
export async function applyRenames(db: Queryable, hints: readonly RenameHint[]): Promise<RenamePlan> {
  const forward: string[] = [];
  const backward: string[] = [];
  const ordered = [...hints.filter((h) => h.kind === 'table'), ...hints.filter((h) => h.kind === 'column')];
  for (const h of ordered) {
    let sql: string;
    let undo: string;
    if (h.kind === 'table') {
      if (!(await exists(db, TABLE_EXISTS, [h.from.schema, h.from.name])) || (await exists(db, TABLE_EXISTS, [h.to.schema, h.to.name]))) continue;
      sql = `alter table ${quoteQualified(h.from.schema, h.from.name)} rename to ${quoteIdent(h.to.name)};`;
      undo = `alter table ${quoteQualified(h.to.schema, h.to.name)} rename to ${quoteIdent(h.from.name)};`;
    } else {
      const t = [h.table.schema, h.table.name];
      if (!(await exists(db, COLUMN_EXISTS, [...t, h.from])) || (await exists(db, COLUMN_EXISTS, [...t, h.to]))) continue;
      const table = quoteQualified(h.table.schema, h.table.name);
      sql = `alter table ${table} rename column ${quoteIdent(h.from)} to ${quoteIdent(h.to)};`;
      undo = `alter table ${table} rename column ${quoteIdent(h.to)} to ${quoteIdent(h.from)};`;
    }
    await db.query(sql);
    forward.push(sql);
    backward.unshift(undo);
  }
  return { forward, backward };
}
