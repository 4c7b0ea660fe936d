/**
 * The MySQL/MariaDB linter: scripts split as the `mysql` client does, DDL read from tokens, and the
 * rules over it, knowing which tables the run created.
 */
import { splitMysql } from '../../adapters/mysql/splitter.js';
import { ddlLinter, type DdlEffects } from '../ddl-lint.js';
import type { LintDialect } from '../dialect.js';
import { MYSQL_RULES } from './rules.js';
import { readMysql, type MyStatement } from './statement.js';

function effects(s: MyStatement): DdlEffects {
  switch (s.kind) {
    case 'create-table':
      // CREATE TABLE … SELECT holds rows from the start: not a new, empty table.
      return s.filled ? {} : { created: [s.table] };
    case 'drop-table':
      return { dropped: s.tables };
    case 'rename-table':
      return { renamed: s.pairs };
    case 'alter-table':
      return { renamed: s.actions.flatMap((a) => (a.kind === 'rename-table' ? [[s.table, a.to] as const] : [])) };
    case 'set':
      return { settings: s.assignments.map((a) => ({ name: a.name, value: a.value.toUpperCase() === 'OFF' ? '0' : a.value })) };
    case 'transaction':
      return { transaction: s.effect };
    case 'other':
      return {};
  }
}

export const mysqlLint: LintDialect = ddlLinter(
  { rules: MYSQL_RULES, split: splitMysql, parse: readMysql, effects, key: (t) => t.toLowerCase() },
  { code: 'MY100', rule: 'syntax-error', aliases: [], severity: 'error', summary: 'The migration cannot be split into MySQL statements (an unterminated quote, comment or block).' },
);
