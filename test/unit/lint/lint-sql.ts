// Lint SQL text as one migration with the PostgreSQL linter (for the rule unit tests).
import { postgresLint } from '../../../src/lint/postgres/index.js';
import type { EnumTypeFacts, RawFinding, TableSize } from '../../../src/lint/dialect.js';

export interface LintSqlOptions {
  /** Runs in shale's transaction (default true, shale's default for a migration). */
  readonly transaction?: boolean;
  readonly serverVersion?: number;
  /** Sizes of existing tables by name (as if `--db` were given). */
  readonly sizes?: Readonly<Record<string, TableSize>>;
  /** Enum types of the database by name (as if `--db` were given; then every other name is no enum). */
  readonly enums?: Readonly<Record<string, EnumTypeFacts>>;
  /** Views of the database on a table (`table`) or a column (`table.column`), as if `--db` were given. */
  readonly views?: Readonly<Record<string, readonly string[]>>;
}

/** Findings for `sql` (or several migrations, one text each, in run order). */
export function lintSql(sql: string | readonly string[], opts: LintSqlOptions = {}): Promise<RawFinding[]> {
  const texts = typeof sql === 'string' ? [sql] : sql;
  const { sizes, enums, views } = opts;
  return postgresLint.lint(
    texts.map((text, i) => ({ id: `m${i + 1}`, scripts: [{ sql: text, location: `m${i + 1}.sql`, line: 1, transaction: opts.transaction ?? true }] })),
    {
      serverVersion: opts.serverVersion,
      tableSize: sizes ? (_schema, name) => sizes[name] ?? null : undefined,
      enumType: enums ? (_schema, name) => enums[name] ?? null : undefined,
      viewsUsing: views ? (_schema, name, column) => views[column === null ? name : `${name}.${column}`] ?? [] : undefined,
    },
  );
}

/** Just the codes, in order. */
export async function lintCodes(sql: string | readonly string[], opts: LintSqlOptions = {}): Promise<string[]> {
  return (await lintSql(sql, opts)).map((f) => f.code);
}
