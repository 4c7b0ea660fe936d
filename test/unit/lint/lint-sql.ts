// Lint SQL text as one migration with the PostgreSQL linter (for the rule unit tests).
import { postgresLint } from '../../../src/lint/postgres/index.js';
import type { RawFinding, TableSize } from '../../../src/lint/dialect.js';

export interface LintSqlOptions {
  /** Runs in shale's transaction (default true, shale's default for a migration). */
  readonly transaction?: boolean;
  readonly serverVersion?: number;
  /** Sizes of existing tables by name (as if `--db` were given). */
  readonly sizes?: Readonly<Record<string, TableSize>>;
}

/** Findings for `sql` (or several migrations, one text each, in run order). */
export function lintSql(sql: string | readonly string[], opts: LintSqlOptions = {}): Promise<RawFinding[]> {
  const texts = typeof sql === 'string' ? [sql] : sql;
  const sizes = opts.sizes;
  return postgresLint.lint(
    texts.map((text, i) => ({ id: `m${i + 1}`, scripts: [{ sql: text, location: `m${i + 1}.sql`, line: 1, transaction: opts.transaction ?? true }] })),
    { serverVersion: opts.serverVersion, tableSize: sizes ? (_schema, name) => sizes[name] ?? null : undefined },
  );
}

/** Just the codes, in order. */
export async function lintCodes(sql: string | readonly string[], opts: LintSqlOptions = {}): Promise<string[]> {
  return (await lintSql(sql, opts)).map((f) => f.code);
}
