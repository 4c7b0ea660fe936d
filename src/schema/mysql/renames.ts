import type { Queryable } from '../../adapters/adapter.js';
import { quoteIdent } from '../../adapters/mysql/quote.js';
import { ShaleError } from '../../errors.js';
import type { RenameHint, RenamePlan } from '../dialect.js';
import { inspect } from './introspect.js';
import type { Schema } from './model.js';
import { renameColumnSql } from './planner-sql.js';

export type { RenamePlan };

const hasTable = (s: Schema, name: string) => s.tables.some((t) => t.name === name);
const columnOf = (s: Schema, table: string, name: string) => s.tables.find((t) => t.name === table)?.columns.find((c) => c.name === name);

/**
 * Run the renames the hints ask for on `db` (a copy of the "from" schema), so the diff that follows
 * sees the new names and plans no drop + add; the same rules as PostgreSQL's: a hint whose new name
 * exists was applied before and is skipped, as is one whose old table does not exist; a column hint
 * naming neither column of an existing table is E_NOT_FOUND. Tables first: column hints name the
 * new table. Columns are renamed with RENAME COLUMN where the server has it, CHANGE COLUMN before.
 * @example const { forward, backward } = await applyRenames(db, await readRenameHints(files))
 */
export async function applyRenames(db: Queryable, hints: readonly RenameHint[]): Promise<RenamePlan> {
  const forward: string[] = [];
  const backward: string[] = [];
  const ordered = [...hints.filter((h) => h.kind === 'table'), ...hints.filter((h) => h.kind === 'column')];
  for (const h of ordered) {
    const s = await inspect(db);
    let sql: string;
    let undo: string;
    if (h.kind === 'table') {
      if (hasTable(s, h.to.name) || !hasTable(s, h.from.name)) continue;
      sql = `RENAME TABLE ${quoteIdent(h.from.name)} TO ${quoteIdent(h.to.name)};`;
      undo = `RENAME TABLE ${quoteIdent(h.to.name)} TO ${quoteIdent(h.from.name)};`;
    } else {
      const table = h.table.name;
      if (!hasTable(s, table) || columnOf(s, table, h.to)) continue;
      const column = columnOf(s, table, h.from);
      if (!column) throw notFound(h, `column ${h.from} of table ${table}`);
      sql = renameColumnSql(s.server, table, h.from, { ...column, name: h.to });
      undo = renameColumnSql(s.server, table, h.to, column);
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
    { position: h.at, from: h.kind === 'table' ? h.from.name : h.from },
  );
}
