import type { Queryable } from '../../adapters/adapter.js';
import { quoteIdent } from '../../adapters/sqlite/quote.js';
import { ShaleError } from '../../errors.js';
import type { RenameHint, RenamePlan } from '../dialect.js';

const TABLE_EXISTS = "select 1 from main.sqlite_schema where type = 'table' and name = ? collate nocase";
const COLUMN_EXISTS = "select 1 from pragma_table_xinfo(?, 'main') where name = ? collate nocase";

async function exists(db: Queryable, sql: string, params: readonly string[]): Promise<boolean> {
  return (await db.query(sql, params)).rows.length > 0;
}

/**
 * Run the renames the hints ask for on `db` (a copy of the "from" schema) with ALTER TABLE … RENAME
 * TO / RENAME COLUMN, so the diff that follows sees the new names and plans no drop + add. As on
 * PostgreSQL: a hint whose new name exists already ran and is skipped, a table hint whose old table
 * does not exist is skipped, a column hint naming neither column of an existing table is
 * E_NOT_FOUND at the hint. Tables first: column hints name the new table.
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
      if (await exists(db, TABLE_EXISTS, [h.to.name])) continue;
      if (!(await exists(db, TABLE_EXISTS, [h.from.name]))) continue;
      sql = `ALTER TABLE ${quoteIdent(h.from.name)} RENAME TO ${quoteIdent(h.to.name)};`;
      undo = `ALTER TABLE ${quoteIdent(h.to.name)} RENAME TO ${quoteIdent(h.from.name)};`;
    } else {
      const t = h.table.name;
      if (await exists(db, COLUMN_EXISTS, [t, h.to])) continue;
      if (!(await exists(db, COLUMN_EXISTS, [t, h.from]))) {
        if (!(await exists(db, TABLE_EXISTS, [t]))) continue;
        throw new ShaleError(
          'E_NOT_FOUND',
          `${h.at}: shale:renamed names column ${h.from} of table ${t}, which does not exist (nor does the new name): fix the old name, or remove the hint once the rename has run everywhere`,
          { position: h.at, from: h.from },
        );
      }
      sql = `ALTER TABLE ${quoteIdent(t)} RENAME COLUMN ${quoteIdent(h.from)} TO ${quoteIdent(h.to)};`;
      undo = `ALTER TABLE ${quoteIdent(t)} RENAME COLUMN ${quoteIdent(h.to)} TO ${quoteIdent(h.from)};`;
    }
    await db.query(sql);
    forward.push(sql);
    backward.unshift(undo);
  }
  return { forward, backward };
}
