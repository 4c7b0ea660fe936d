/**
 * The contract between the generic linter (ignore comments, configuration, baseline, reports) and a
 * dialect's analyzers (src/lint/<dialect>/): given the migrations of one run in run order, report
 * what each statement does to a live database. Offered by the URL scheme registry, so a CI job
 * without a database can lint a PostgreSQL project (`--dialect`, or the scheme of `--db`).
 */
import type { SqlScript } from '../core/migration.js';
import type { FindingPlace, RuleInfo, Severity } from './finding.js';

/** One migration to lint: its id and the SQL parts it runs, each with its transaction mode. */
export interface LintMigration {
  readonly id: string;
  /** SQL scripts in run order; a TS/JS migration has none (its SQL is not known before it runs). */
  readonly scripts: readonly SqlScript[];
}

/** What the runner knows about the target, replacing a linter's guesses. */
export interface LintTarget {
  /** Server major version (15, 18…): `--pg-version`, or the target's own with `--db`. */
  readonly serverVersion?: number;
  /**
   * Size of an existing table, when a database was given (`null` when it has no such table: created
   * by this run or not there yet). Without a database, undefined: every table that this run did
   * not create is assumed to hold data.
   */
  readonly tableSize?: (schema: string | null, name: string) => TableSize | null;
  /**
   * An enum type of the database (PostgreSQL, with `--db`): its values in order and the columns of
   * type it (`table.column`); null when the database has no such enum. Undefined without a database.
   */
  readonly enumType?: (schema: string | null, name: string) => EnumTypeFacts | null;
  /**
   * The views and materialized views of the database (PostgreSQL, with `--db`, from `pg_depend` and
   * `pg_rewrite`) that depend on a table or view, or on one of its columns when `column` is given;
   * as `schema.name`. Undefined without a database.
   */
  readonly viewsUsing?: (schema: string | null, name: string, column: string | null) => readonly string[];
  /**
   * Whether a table or index of the database is partitioned (PostgreSQL, from `relkind`): `CONCURRENTLY`
   * and, before PostgreSQL 18, a `NOT VALID` foreign key are refused there, so no fix offers them.
   * Undefined without a database.
   */
  readonly partitioned?: (schema: string | null, name: string) => boolean;
}

/** What a database knows of one of its enum types. */
export interface EnumTypeFacts {
  readonly values: readonly string[];
  /** Columns of this type, as `table.column` (the table unqualified). */
  readonly columns: readonly string[];
}

/** Rows (estimated) and bytes of an existing table. */
export interface TableSize {
  readonly rows: number;
  readonly bytes: number;
}

/** A rule's report on one statement, before ignore comments and configuration. */
export interface RawFinding extends FindingPlace {
  readonly code: string;
  /** The rule's severity for this case (a rule may lower it, e.g. for a small table). */
  readonly severity: Severity;
  readonly message: string;
  readonly hint: string;
  /** The statement's text with the comments before it (where `-- shale:lint-ignore` is read). */
  readonly statementText: string;
  /** The whole script the statement is in (where `-- shale:lint-ignore-file` is read). */
  readonly scriptText: string;
  /** The safe form of the statement (`shale lint --fix`), where the dialect knows one. */
  readonly fix?: LintFix;
}

/**
 * How one part of a rewritten statement must run: in the statement's place (its transaction, if
 * any), outside any transaction block (`CONCURRENTLY`), or in a transaction after the one the
 * statement runs in (a `VALIDATE CONSTRAINT` that must not hold the add's lock).
 */
export type FixPlacement = 'in-place' | 'alone' | 'after-commit';

/** One statement of a fix, without its `;`. */
export interface FixStep {
  readonly sql: string;
  readonly run: FixPlacement;
}

/**
 * A dialect's safe form of a finding's statement, as text the generic fixer places in the migration:
 * the statement replaced by steps, or a setting run first in the script (a `lock_timeout`).
 */
export type LintFix =
  | {
      readonly kind: 'replace';
      /** What the fix does, for reports (`CREATE INDEX → CONCURRENTLY`). */
      readonly title: string;
      /** The statement's text in the script: its first token to its end, the `;` left out. */
      readonly from: number;
      readonly to: number;
      readonly steps: readonly FixStep[];
    }
  | {
      readonly kind: 'preamble';
      readonly title: string;
      /** The setting for the script's own transaction (`SET LOCAL …`). */
      readonly local: string;
      /** The setting for a session, and the statement that undoes it at the end of the script. */
      readonly session: string;
      readonly reset: string;
    };

/** A dialect's linter. */
export interface LintDialect {
  /** Every rule, in code order. */
  readonly rules: readonly RuleInfo[];
  /** `--trace` can run its migrations on a dev database and measure them (PostgreSQL's lock and rewrite trace). */
  readonly traceable?: boolean;
  /** Lint the migrations of one run, in run order: objects created by an earlier one are new. */
  lint(migrations: readonly LintMigration[], target: LintTarget, options?: DialectLintOptions): Promise<RawFinding[]>;
}

/** What the generic linter tells a dialect about the findings it will keep. */
export interface DialectLintOptions {
  /**
   * Codes of rules whose findings the caller drops whatever they say (turned off, or opt-in and not
   * turned on, with no ignore comment in the run that could name them): the dialect may leave them out.
   */
  readonly skip?: ReadonlySet<string>;
}
