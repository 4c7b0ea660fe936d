/** What a PostgreSQL lint rule sees of a statement and of the run so far, and how it reports. */
import type { RuleInfo, Severity } from '../finding.js';
import type { EnumTypeFacts, TableSize } from '../dialect.js';
import type { AstNode, RelName } from './ast.js';

/** One parsed statement of a migration, with what the runner knows about how it runs. */
export interface PgStatement {
  /** Parse node type (`AlterTableStmt`, `IndexStmt`, …). */
  readonly type: string;
  /** The node's fields. */
  readonly node: AstNode;
  /** The statement's text, without the comments before it or the `;`. */
  readonly sql: string;
  /** Whether it runs inside a transaction: the migration's own (default) or a BEGIN in an autocommit migration. */
  readonly inTransaction: boolean;
  /** Whether that transaction is the one shale opens for the migration (not a BEGIN in its text). */
  readonly inMigrationTransaction: boolean;
  /**
   * Which transaction of the run it belongs to: statements with the same number share one (and its
   * locks); a statement outside any transaction has a number of its own.
   */
  readonly transaction: number;
}

/** What a rule can ask about the run while it checks a statement. */
export interface PgRuleContext {
  /** Server major version: `--pg-version` or the target's; undefined when not known (assume the newest). */
  readonly serverVersion: number | undefined;
  /** Whether the run created this table (or index, sequence…) in an earlier statement: it holds no data yet. */
  isNew(rel: RelName): boolean;
  /** The table's size when a database was given and it has the table; else null or undefined (see LintTarget). */
  tableSize(rel: RelName): TableSize | null | undefined;
  /**
   * What the target database knows of an enum type, as it was before the run (`--db`); null when it
   * has none of that name, undefined without a database.
   */
  enumType(type: RelName): EnumTypeFacts | null | undefined;
  /** The target database's views on a table (or one of its columns), as before the run; undefined without a database. */
  viewsUsing(rel: RelName, column: string | null): readonly string[] | undefined;
  /** `SET [LOCAL] lock_timeout` ran earlier in this migration (and not `= 0`). */
  readonly lockTimeoutSet: boolean;
  /** `SET [LOCAL] statement_timeout` ran earlier in this migration (and not `= 0`). */
  readonly statementTimeoutSet: boolean;
  /** Report a hazard of the statement being checked (or of `at`, an earlier statement of the script). */
  report(hit: Hit, at?: PgStatement): void;
}

/** The statement types a rule reads (see {@link PgRule.statements}). */
export const statementTypes = (...types: string[]): ReadonlySet<string> => new Set(types);

/** What a rule reports; the severity defaults to the rule's. */
export interface Hit {
  readonly message: string;
  readonly hint: string;
  readonly severity?: Severity;
}

/** A PostgreSQL rule: its identity, and checks over statements and over whole scripts. */
export interface PgRule extends RuleInfo {
  /**
   * The statement types (`AlterTableStmt`, …) `check` reads, remembers or reports on: it is called for
   * those only. Omitted: for every statement (a rule whose state depends on each statement, or on
   * the run's settings between them).
   */
  readonly statements?: ReadonlySet<string>;
  /** Check one statement. Called in run order, before the statement's own effects are recorded. */
  check?(s: PgStatement, ctx: PgRuleContext): void;
  /** Check a whole script once its statements were checked (e.g. a BEGIN left open). */
  end?(statements: readonly PgStatement[], ctx: PgRuleContext): void;
}
