import type { Queryable } from '../../adapters/adapter.js';
import { quoteIdent, quoteQualified } from '../../adapters/postgres/quote.js';
import { ShaleError } from '../../errors.js';
import type { RenameHint, RenamePlan } from '../dialect.js';

export type { RenamePlan };

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
 * sees the new names and plans no drop + add. A hint whose new name already exists was applied
 * before and is skipped; so is a table hint whose old table does not exist (a fresh database, or a
 * typo: then the old table shows as a drop, which is destructive and gated) and a column hint whose
 * table does not exist yet. A column hint on an existing table where neither the old nor the new
 * column exists names nothing (a typo): E_NOT_FOUND at the hint. Tables first: column hints name
 * the new table.
 * @example const { forward, backward } = await applyRenames(db, await readRenameHints(files))
 */
export async function applyRenames(db: Queryable, hints: readonly RenameHint[]): Promise<RenamePlan> {
  const forward: string[] = [];
  const backward: string[] = [];
  const ordered = [...hints.filter((h) => h.kind === 'table'), ...hints.filter((h) => h.kind === 'column')];
  for (const h of ordered) {
    let sql: string;
    let undo: string;
    if (h.kind === 'table') {
      if (await exists(db, TABLE_EXISTS, [h.to.schema, h.to.name])) continue;
      if (!(await exists(db, TABLE_EXISTS, [h.from.schema, h.from.name]))) continue;
      sql = `alter table ${quoteQualified(h.from.schema, h.from.name)} rename to ${quoteIdent(h.to.name)};`;
      undo = `alter table ${quoteQualified(h.to.schema, h.to.name)} rename to ${quoteIdent(h.from.name)};`;
    } else {
      const t = [h.table.schema, h.table.name];
      if (await exists(db, COLUMN_EXISTS, [...t, h.to])) continue;
      if (!(await exists(db, COLUMN_EXISTS, [...t, h.from]))) {
        if (!(await exists(db, TABLE_EXISTS, t))) continue;
        throw notFound(h, `column ${h.from} of table ${h.table.schema}.${h.table.name}`);
      }
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

function notFound(h: RenameHint, what: string): ShaleError {
  return new ShaleError(
    'E_NOT_FOUND',
    `${h.at}: shale:renamed names ${what}, which does not exist (nor does the new name): fix the old name, or remove the hint once the rename has run everywhere`,
    { position: h.at, from: h.kind === 'table' ? `${h.from.schema}.${h.from.name}` : h.from },
  );
}
