/** A piece of SQL from a migration file, with where it starts in that file (for error positions). */
export interface SqlScript {
  readonly sql: string;
  /** File (path or URI) the text comes from. */
  readonly location: string;
  /** 1-based line in `location` where `sql` starts. */
  readonly line: number;
  /** Run inside a transaction (default) or statement by statement in autocommit. */
  readonly transaction: boolean;
}

/** Context given to TS/JS migrations: runs SQL inside the migration's transaction. */
export interface MigrationContext {
  /** Tagged template: values become bound parameters. `` await ctx.sql`insert into t values (${v})` `` */
  sql(strings: TemplateStringsArray, ...values: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  /** Run SQL text with optional parameters in the dialect's placeholder style. */
  query(sql: string, params?: readonly unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  /** Whether the database rolls DDL back with a transaction (`capabilities.transactionalDdl`). */
  readonly transactionalDdl: boolean;
  /**
   * Run `fn` inside a savepoint of the current transaction: released when `fn` resolves, rolled back
   * to (and the error rethrown) when it rejects. Only valid while a transaction is open.
   */
  savepoint<T>(fn: () => Promise<T>): Promise<T>;
}

export type MigrationBody =
  | { readonly kind: 'sql'; readonly scripts: readonly SqlScript[] }
  | { readonly kind: 'module'; readonly location: string; readonly transaction: boolean; readonly run: (ctx: MigrationContext) => Promise<void> };

export type MigrationFormat = 'sql' | 'updown' | 'sectioned' | 'flyway' | 'module';

/** A migration as read from a source: plain data, no I/O left to do except running it. */
export interface Migration {
  readonly id: string;
  readonly kind: 'versioned' | 'repeatable';
  readonly format: MigrationFormat;
  /** Where the migration's main file is, for messages. */
  readonly location: string;
  readonly description: string;
  readonly depends: readonly string[];
  readonly up: MigrationBody;
  readonly down: MigrationBody | null;
  /** Flyway version (`1.2`) when the file is named `V1.2__…`; orders part by part. */
  readonly version?: string;
  /** `v1:<sha256>` of the normalised up text. */
  readonly checksum: string;
}

/** A post-apply hook (`post-apply*.sql`): run after a run that applied something; never recorded. */
export interface Hook {
  readonly name: string;
  readonly location: string;
  readonly body: MigrationBody;
}

export interface MigrationSet {
  /** In run order (natural id order, then stable topological sort over `depends`). */
  readonly migrations: readonly Migration[];
  readonly hooks: readonly Hook[];
}

/** Whether every part of a body runs in a transaction. */
export function isTransactional(body: MigrationBody): boolean {
  return body.kind === 'sql' ? body.scripts.every((s) => s.transaction) : body.transaction;
}
