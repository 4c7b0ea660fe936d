/** The SQLite linter: scripts split as SQLite reads them, DDL read from tokens, and the rules over it. */
import { splitSqlite } from '../../adapters/sqlite/splitter.js';
import { ddlLinter, type DdlEffects } from '../ddl-lint.js';
import type { LintDialect } from '../dialect.js';
import { SQLITE_RULES } from './rules.js';
import { readSqlite, type SqStatement } from './statement.js';

function effects(s: SqStatement): DdlEffects {
  switch (s.kind) {
    case 'create-table':
      return { created: [s.table], bound: { table: s.table, columns: s.bound } };
    case 'create-index':
      return { bound: { table: s.table, columns: s.columns } };
    case 'drop-table':
      return { dropped: [s.table] };
    case 'rename-table':
      return { renamed: [[s.table, s.to]] };
    case 'pragma':
      // PRAGMA foreign_keys is a no-op inside a transaction: it changes nothing there.
      return s.value === null ? {} : { settings: [{ name: s.name, value: s.value === '0' || s.value === 'FALSE' || s.value === 'NO' ? 'OFF' : s.value }], settingsOutsideTransactionOnly: true };
    case 'transaction':
      return { transaction: s.effect };
    case 'add-column':
    case 'drop-column':
    case 'rename-column':
    case 'other':
      return {};
  }
}

export const sqliteLint: LintDialect = ddlLinter(
  { rules: SQLITE_RULES, split: splitSqlite, parse: readSqlite, effects, key: (t) => t.toLowerCase() },
  { code: 'SQ100', rule: 'syntax-error', aliases: [], severity: 'error', summary: 'The migration cannot be split into SQLite statements (an unterminated quote or comment).' },
);
