/**
 * The contract between generic code (the declarative commands, the public `diff`) and a dialect's
 * schema module (src/schema/<dialect>/): inspect a database into the dialect's model, diff two
 * models into typed changes and ordered SQL, and what desired-state DDL needs. An adapter offers it
 * as the optional `schemaDialect` capability, loading the module on first use.
 * @example
 * const dialect = await adapter.schemaDialect?.()
 * if (dialect) console.log(dialect.diffModels(await dialect.inspect(a), await dialect.inspect(b)).statements)
 */
import type { Queryable } from '../adapters/adapter.js';
import type { QName } from './keys.js';

/**
 * The model and change types of each dialect, filled in by the dialects' schema modules through
 * declaration merging (`declare module '../dialect.js' { interface DialectTypes { … } }`), so generic
 * code can name "a schema model" without importing a dialect.
 */
export interface DialectTypes {}

/** A schema model of any dialect shale has. */
export type SchemaModel = DialectTypes[keyof DialectTypes] extends { readonly model: infer M } ? M : never;

/** A typed schema change of any dialect shale has. */
export type SchemaChange = DialectTypes[keyof DialectTypes] extends { readonly change: infer C } ? C : never;

/** Which schemas to read. Extensions are only read when no `schemas` list is given. */
export interface InspectOptions {
  /** Only these schemas (migra `--schema`). */
  readonly schemas?: readonly string[];
  /** Every schema but these (migra `--exclude-schema`). */
  readonly excludeSchemas?: readonly string[];
}

/** How to diff; a dialect without privileges or extensions ignores those options. */
export interface DiffOptions {
  /** Compare and plan GRANT/REVOKE (migra `--with-privileges`). Default false. */
  readonly withPrivileges?: boolean;
  /** Compare and plan owners (`ALTER … OWNER TO`, as pg_dump writes them). Default false. */
  readonly withOwners?: boolean;
  /** Don't compare extension versions; create extensions without `version`. Default false. */
  readonly ignoreExtensionVersions?: boolean;
  /** Only create the extensions `to` has and `from` lacks (migra `--create-extensions-only`). */
  readonly createExtensionsOnly?: boolean;
  /**
   * Where no change keeps the data (a column type with no cast from the old one), plan one that
   * loses it (drop the column and add it again) instead of failing with E_UNSUPPORTED. Default false.
   */
  readonly unsafe?: boolean;
  /** Conversions for column type changes, from `-- shale:using <expr>` hints (`USING <expr>`). */
  readonly usingHints?: readonly UsingHint[];
}

/** `-- shale:using <expression>` on a column of a desired schema: how its values convert to the new type. */
export interface UsingHint {
  readonly table: QName;
  readonly column: string;
  readonly expression: string;
  /** file:line:col of the hint. */
  readonly at: string;
}

/** An object shale found but cannot diff; reported, never silently skipped. */
export interface UnsupportedObject {
  readonly kind: string;
  readonly name: string;
}

/** One SQL statement of a plan, with the object and the typed change it was rendered from. */
export interface PlannedStatement<C extends { readonly kind: string } = SchemaChange> {
  readonly sql: string;
  /** The object the change is about, as `schema.name` (for reports and `--json`). */
  readonly object: string;
  readonly kind: C['kind'];
  /** Decided from `change` (never from `sql`): it can lose data or behaviour. */
  readonly destructive: boolean;
  /** The change this statement was rendered from (a change may render to several statements). */
  readonly change: C;
  /** What running it does to a live database (locks, rewrites, broken clients), read from `change`. */
  readonly hazards: readonly Hazard[];
}

/**
 * A hazard of a planned statement, with the code and name of the `shale lint` rule of the same
 * meaning (a test checks that each exists).
 */
export interface Hazard {
  readonly code: string;
  readonly rule: string;
  readonly severity: 'error' | 'warning' | 'info';
  /** One line: why. */
  readonly message: string;
}

/** The difference between two models: the changes in order, and the statements they render to. */
export interface SchemaDiff<C extends { readonly kind: string } = SchemaChange> {
  readonly changes: readonly C[];
  readonly statements: readonly PlannedStatement<C>[];
  /** Some statement drops data or objects (migra's `--unsafe` gate). */
  readonly destructive: boolean;
  /** Objects found in either database that shale does not model; the diff does not cover them. */
  readonly unsupported: readonly UnsupportedObject[];
  /**
   * What the comparison deliberately left out, one line each (e.g. a privilege the older of two
   * server versions lacks, so neither side's is compared). Absent or empty: nothing left out.
   */
  readonly notes?: readonly string[];
  /**
   * Present when the plan needs a session setting that cannot change inside a transaction (SQLite's
   * table rebuild turns foreign keys off: SQLite ignores that inside one, and with keys on, dropping
   * the old table cascades to its children's rows). Whoever runs the plan honours it: `before`
   * outside any transaction, then the statements (after any renames) in one transaction, then
   * `after`. A migration of such a plan is written `-- transaction: false` with its own BEGIN/COMMIT.
   */
  readonly outsideTransaction?: OutsideTransaction;
}

/** Statements a plan needs outside its transaction (see {@link SchemaDiff.outsideTransaction}). */
export interface OutsideTransaction {
  readonly before: readonly string[];
  readonly after: readonly string[];
}

/** One file of desired-state DDL. */
export interface SchemaFile {
  readonly location: string;
  readonly text: string;
}

/**
 * A rename the desired schema asks for with `-- shale:renamed from=<old>` on the line before a
 * table or column definition. The diff has no rename change, so shale never guesses one: without a
 * hint, a renamed column is a drop and an add.
 */
export type RenameHint =
  | { readonly kind: 'table'; readonly from: QName; readonly to: QName; readonly at: string }
  | { readonly kind: 'column'; readonly table: QName; readonly from: string; readonly to: string; readonly at: string };

/** Rename statements that turn the old names into the desired ones, and the ones that undo them. */
export interface RenamePlan {
  readonly forward: readonly string[];
  /** In the order they must run (reverse of `forward`). */
  readonly backward: readonly string[];
}

/** What applying desired-state DDL in dependency order needs to know of the dialect's SQL. */
export interface DesiredStateSupport {
  /**
   * A first guess at where each statement goes (lower first: types before tables before indexes and
   * views), so files written in any order need few retries; retries still decide the order.
   */
  ranks(sqls: readonly string[]): Promise<number[]>;
  /** The error says something the statement needs does not exist yet: retry it after the others. */
  isRetryable(error: unknown): boolean;
  /** The (unqualified) name of the object each statement creates, or null (to explain cycles). */
  createdNames(sqls: readonly string[]): Promise<(string | null)[]>;
  /** The object a "does not exist" error names, or null. */
  missingName(error: unknown): string | null;
}

/** Rename hints of desired-state files, and running the renames on a database. */
export interface RenameSupport {
  /** The hints of the files; a misplaced hint is E_PARSE at file:line:col. */
  hints(files: readonly SchemaFile[]): Promise<RenameHint[]>;
  /** Run the renames on `db` (a copy of the "from" schema), skipping those done before. */
  apply(db: Queryable, hints: readonly RenameHint[]): Promise<RenamePlan>;
}

/** Roles named by SQL texts, for a dev database that owns its cluster (roles are cluster-wide). */
export interface RoleSupport {
  /** The roles the texts name (GRANT … TO r, …), minus those they create. */
  referenced(texts: readonly string[]): Promise<string[]>;
  /** Create the roles `db` lacks (no login, no privileges); returns those created. */
  createMissing(db: Queryable, roles: readonly string[]): Promise<string[]>;
}

/**
 * A dialect's schema module. `M` is its model, `C` its closed change union; generic code sees the
 * union of every dialect's (see {@link DialectTypes}).
 */
export interface SchemaDialect<M = SchemaModel, C extends { readonly kind: string } = SchemaChange> {
  /** Models can be compared only within one dialect: two databases whose ids differ cannot be diffed. */
  readonly id: string;
  /** Read a database's schema into the model. `db` must be a single session. */
  inspect(db: Queryable, opts?: InspectOptions): Promise<M>;
  /** The changes and statements that turn `from` into `to`: a pure function (no database). */
  diffModels(from: M, to: M, opts?: DiffOptions): SchemaDiff<C>;
  /** Whether two models describe the same schema (catalog order and column order aside). */
  sameSchema(a: M, b: M): boolean;
  /** The model without the named tables (in any schema) and what belongs to them (shale's state tables). */
  withoutTables(model: M, names: readonly string[]): M;
  readonly desired: DesiredStateSupport;
  readonly renames: RenameSupport;
  /** The `-- shale:using <expr>` conversions of desired-schema files; absent where the dialect has none. */
  readonly usingHints?: (files: readonly SchemaFile[]) => Promise<UsingHint[]>;
  /** Absent where the database has no roles to provide. */
  readonly roles?: RoleSupport;
}
