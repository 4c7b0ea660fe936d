/** SQLite rules: the ALTERs SQLite refuses, dropping a table under foreign keys, and what breaks clients. */
import type { DdlRule } from '../ddl-lint.js';
import type { SqStatement } from './statement.js';

const addingRequiredField: DdlRule<SqStatement> = {
  code: 'SQ101',
  rule: 'adding-required-field',
  aliases: ['adding-required-field'],
  severity: 'error',
  summary: 'ALTER TABLE … ADD COLUMN … NOT NULL without a non-NULL DEFAULT on an existing table: SQLite refuses it once the table has a row.',
  check(s, ctx) {
    if (s.kind !== 'add-column' || !s.column.notNull || !s.column.nullDefault || ctx.isNew(s.table)) return;
    ctx.report({
      message: `adding NOT NULL column ${s.column.name} to ${s.table} without a non-NULL DEFAULT fails as soon as the table has a row: SQLite refuses it ("Cannot add a NOT NULL column with default value NULL")`,
      hint: 'give the column a constant DEFAULT, or rebuild the table with the column in it (create the new table, copy the rows, drop the old one, rename)',
    });
  },
};

const addColumnRefused: DdlRule<SqStatement> = {
  code: 'SQ102',
  rule: 'add-column-refused',
  aliases: [],
  severity: 'error',
  summary: 'ADD COLUMN with PRIMARY KEY, UNIQUE or a STORED generated column (or, on a table with rows, a CURRENT_* or expression DEFAULT): SQLite refuses it.',
  check(s, ctx) {
    if (s.kind !== 'add-column') return;
    const refused = [...s.column.refused, ...(ctx.isNew(s.table) ? [] : s.column.refusedWithRows)];
    if (refused.length === 0) return;
    ctx.report({
      message: `adding column ${s.column.name} to ${s.table} with ${refused.join(', ')} fails: SQLite's ADD COLUMN does not allow it${s.column.refused.length === 0 ? ' on a table with rows' : ''}`,
      hint: 'rebuild the table with the column in it (create the new table, copy the rows, drop the old one, rename), or add a plain column and a unique index on it',
    });
  },
};

const dropColumnRefused: DdlRule<SqStatement> = {
  code: 'SQ103',
  rule: 'drop-column-refused',
  aliases: [],
  severity: 'error',
  summary: 'DROP COLUMN of a column a key, an index or a table-level foreign key uses: SQLite refuses it.',
  check(s, ctx) {
    if (s.kind !== 'drop-column' || !ctx.boundColumns(s.table)?.has(s.column.toLowerCase())) return;
    ctx.report({
      message: `dropping column ${s.table}.${s.column} fails: a key, an index or a foreign key created earlier in this run uses it, and SQLite refuses to drop such a column`,
      hint: 'drop the index first, or rebuild the table without the column',
    });
  },
};

const dropTableUnderForeignKeys: DdlRule<SqStatement> = {
  code: 'SQ104',
  rule: 'drop-table-with-foreign-keys-on',
  aliases: [],
  severity: 'warning',
  summary: 'DROP TABLE inside a transaction: with foreign keys on it deletes the rows first, running ON DELETE actions of the tables that reference it.',
  check(s, ctx) {
    if (s.kind !== 'drop-table' || ctx.isNew(s.table) || !ctx.inTransaction || ctx.settings.get('foreign_keys') === 'OFF') return;
    ctx.report({
      message: `dropping ${s.table} inside a transaction: with foreign keys on, SQLite deletes its rows first, so ON DELETE CASCADE empties the tables that reference it; PRAGMA foreign_keys cannot be turned off inside the transaction`,
      hint: 'for a table rebuild, use a `-- transaction: false` migration: PRAGMA foreign_keys=OFF; BEGIN; … PRAGMA foreign_key_check; COMMIT; PRAGMA foreign_keys=ON',
    });
  },
};

const pragmaInTransaction: DdlRule<SqStatement> = {
  code: 'SQ105',
  rule: 'pragma-in-transaction',
  aliases: [],
  severity: 'error',
  summary: 'PRAGMA foreign_keys inside a transaction does nothing: SQLite ignores it there.',
  check(s, ctx) {
    if (s.kind !== 'pragma' || s.name !== 'foreign_keys' || s.value === null || !ctx.inTransaction) return;
    ctx.report({
      message: `PRAGMA foreign_keys = ${s.value} inside a transaction is ignored by SQLite: foreign keys stay as they were`,
      hint: 'put it in a `-- transaction: false` migration, before its BEGIN (and the one that turns them back on after the COMMIT)',
    });
  },
};

const banDropColumn: DdlRule<SqStatement> = {
  code: 'SQ106',
  rule: 'ban-drop-column',
  aliases: ['ban-drop-column'],
  severity: 'error',
  summary: 'Dropping a column of an existing table loses its data and breaks the clients that still use it.',
  check(s, ctx) {
    if (s.kind !== 'drop-column' || ctx.isNew(s.table)) return;
    ctx.report({ message: `dropping column ${s.table}.${s.column} loses its data and breaks the clients that still read it`, hint: 'stop using the column in the code first, deploy, then drop it in a later migration' });
  },
};

const banDropTable: DdlRule<SqStatement> = {
  code: 'SQ107',
  rule: 'ban-drop-table',
  aliases: ['ban-drop-table'],
  severity: 'error',
  summary: 'Dropping an existing table loses its data and breaks the clients that still use it.',
  check(s, ctx) {
    if (s.kind !== 'drop-table' || ctx.isNew(s.table)) return;
    ctx.report({ message: `dropping table ${s.table} loses its data and breaks the clients that still use it`, hint: 'stop using the table in the code first, deploy, then drop it in a later migration' });
  },
};

const renaming: DdlRule<SqStatement> = {
  code: 'SQ108',
  rule: 'renaming-column-or-table',
  aliases: ['renaming-column', 'renaming-table'],
  severity: 'warning',
  summary: 'Renaming a column or a table that exists breaks the clients that use the old name.',
  check(s, ctx) {
    if ((s.kind !== 'rename-column' && s.kind !== 'rename-table') || ctx.isNew(s.table)) return;
    const what = s.kind === 'rename-column' ? `column ${s.table}.${s.from}` : `table ${s.table}`;
    ctx.report({ message: `renaming ${what} to ${s.to} breaks the clients that use the old name`, hint: 'rename in a release of its own, after the code reads the new name (or a view with the old name covers it)' });
  },
};

/** The SQLite rules, in code order. */
export const SQLITE_RULES: readonly DdlRule<SqStatement>[] = [addingRequiredField, addColumnRefused, dropColumnRefused, dropTableUnderForeignKeys, pragmaInTransaction, banDropColumn, banDropTable, renaming];
