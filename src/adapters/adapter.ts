import type { FleetQueue } from './fleet-queue.js';
import type { HistoryStore } from '../core/history.js';

/** Rows come back as plain objects keyed by column name. */
export type Row = Record<string, unknown>;

export interface QueryResult<R = Row> {
  readonly rows: R[];
  readonly rowCount: number;
}

/** Anything that runs SQL: a connection, a transaction, an embedded database. */
export interface Queryable {
  /** Run one statement; values go as parameters (`$1` on PostgreSQL, `?` elsewhere). */
  query<R = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
}

/** One statement of a migration script, with where it starts in the script. */
export interface Statement {
  readonly sql: string;
  /** Character offset of the statement's first character in the script text. */
  readonly offset: number;
}

/**
 * How a statement of a statement-journaled migration relates to transactions (DESIGN §7), as the
 * dialect's parser sees it:
 * - `transactional`: runs inside a transaction and rolls back with it, so it commits together with
 *   the journal update that records it;
 * - `autocommit`: cannot run inside a transaction or commits by itself (CREATE INDEX CONCURRENTLY,
 *   VACUUM, MySQL DDL), so it is journaled *started* before it is sent and *done* after;
 * - `outside`: must not run inside shale's transaction (it may commit, as a procedure or a DO
 *   block can; it must open a transaction, as SET TRANSACTION; a SQLite PRAGMA is ignored inside
 *   one) but does not commit one: journaled like `autocommit`, and inside the migration's own
 *   BEGIN … COMMIT simply part of that block;
 * - `prelude`: sets up the next transaction (MySQL's SET TRANSACTION): run as it is, and counted
 *   with what follows (running it again is harmless);
 * - `begin` / `commit` / `rollback`: the migration's own transaction control.
 */
export type StatementTxn = 'transactional' | 'autocommit' | 'outside' | 'prelude' | 'begin' | 'commit' | 'rollback';

/**
 * What the database says about an `autocommit` statement that was sent by a run that then died
 * before it could record the outcome. `not-done` means it is safe to run it again (after any
 * clean-up the check did, e.g. dropping an invalid index); `reason` says why, for the audit line.
 */
export interface InDoubtResolution {
  readonly outcome: 'done' | 'not-done' | 'unknown';
  readonly reason: string;
}

/** A session of an earlier (killed) shale run that is still executing a statement on the server. */
export interface OrphanSession {
  /** The server's id for the session (PostgreSQL backend pid, MySQL connection id). */
  readonly session: number;
  /** The shale process that opened it, when the session says. */
  readonly holder: string | null;
  /** How long its current statement has been running, in seconds. */
  readonly runningSeconds: number;
  /** The start of the statement it runs. */
  readonly query: string;
}

/**
 * `self`: the connection is a fresh database that ends with it (an in-memory embedded database,
 * owning its cluster: roles may be created in it). `scratch`: a server that creates a database of its
 * own for the work (URL returned) and drops it again.
 */
export type DevDatabaseSupport =
  | { readonly kind: 'self' }
  | { readonly kind: 'scratch'; create(): Promise<{ readonly url: string; readonly name: string; drop(): Promise<void> }> };

/** What a database can do; the engine branches on these, never on a dialect name. */
export interface Capabilities {
  /** DDL runs inside transactions and rolls back with them (PostgreSQL, SQLite). */
  readonly transactionalDdl: boolean;
  /** Savepoints (nested transactions) are available. */
  readonly savepoints: boolean;
}

export interface LockHolder {
  readonly host?: string;
  readonly pid?: number;
  readonly since?: string;
  readonly detail?: string;
}

export interface LockOptions {
  readonly timeoutMs: number;
  /** Poll interval while waiting. */
  readonly pollMs?: number;
  /** Called once when the lock is busy and we start waiting. */
  readonly onWait?: (holder: LockHolder | null) => void;
}

export interface Locker {
  /** Take the migration lock, polling until `timeoutMs`; rejects with E_LOCK_TIMEOUT naming the holder. */
  acquire(opts: LockOptions): Promise<void>;
  release(): Promise<void>;
  /** Who holds the lock now, if anyone. */
  holder(): Promise<LockHolder | null>;
  /**
   * Optional, for locks held by a database session: throws E_LOCK_LOST when that session ended
   * since `acquire` (killed, idle timeout, network), so a run stops instead of going on unprotected.
   */
  assertHeld?(): void;
  /** Remove a lock held by anyone (`shale unlock`). Returns whether a lock was held. */
  forceRelease(): Promise<boolean>;
}

/** A position inside a script that a database error points to (0-based character offset). */
export interface ErrorPosition {
  readonly offset: number;
}

/** What the engine needs to know of a database error, read by the dialect that raised it. */
export interface ErrorFacts {
  /** Where in the statement the database says the error is. */
  readonly position: ErrorPosition | null;
  /** The statement refuses to run inside a transaction (CREATE INDEX CONCURRENTLY, VACUUM, …). */
  readonly notInTransaction: boolean;
  /**
   * The server refused the statement before running any of it (a syntax error, an unknown table):
   * it had no effect, even one that cannot run in a transaction.
   */
  readonly notRun: boolean;
  /** The server's DETAIL and HINT, where it gives them. */
  readonly detail: string | null;
  readonly hint: string | null;
}

/** Runs the statements of migrations on a connection. */
export interface Executor extends Queryable {
  /** Run one statement of a migration (no parameters). */
  execute(sql: string): Promise<QueryResult>;
}

/**
 * One unit of work inside a transaction: migration statements and state-table writes that commit
 * together. How it reaches the server (a BEGIN held back to travel with the first statement, the
 * state rows sent with the COMMIT, a script in one round trip) is the adapter's business.
 */
export interface Transaction extends Executor {
  /** The state tables, written inside this transaction. */
  readonly history: HistoryStore;
  /**
   * Run the statements of a script in order, where the adapter can in one round trip. A failure
   * rejects with {@link BatchStatementError} naming the statement (its position relative to it).
   */
  executeAll(sqls: readonly string[]): Promise<void>;
  /**
   * Send now what the adapter holds back for the COMMIT (state-table writes), so that a failure of
   * it is reported here: for units of work that share one transaction (`--single-transaction`).
   */
  checkpoint(): Promise<void>;
}

export interface TransactionOptions {
  /** Whether the commit must reach disk before it returns (default true); `false` lets a later durable commit flush it. */
  readonly durable?: boolean;
  /**
   * One statement of a journaled migration: the session settings it changed (SET, search_path)
   * stay in place at the commit, for the statements after it. By default the session is put back
   * as shale opened it before the state rows are written.
   */
  readonly keepSession?: boolean;
  /** Roll back even when the work succeeds: a trial (planning) that must leave the database as it was. */
  readonly discard?: boolean;
}

/**
 * One database connection as the engine sees it. Each dialect folder implements this with the same
 * file set (DESIGN §1): url, connect, adapter, errors, locker, history-store, journal, splitter,
 * quote; plus what only it needs (PostgreSQL: transaction, batch, fleet-queue). PGlite is PostgreSQL
 * in-process and shares PostgreSQL's history store, journal, splitter and errors. Used directly, an
 * adapter is the autocommit executor of statement-by-statement runs.
 */
export interface Adapter extends Executor {
  /** The URL with its password replaced by `****`. */
  readonly display: string;
  readonly capabilities: Capabilities;
  readonly locker: Locker;
  /** State tables; created by `history.ensure()`. Outside a transaction each write commits by itself. */
  readonly history: HistoryStore;
  /** Placeholder for the i-th (1-based) parameter: `$1` on PostgreSQL, `?` elsewhere. */
  param(index: number): string;
  /** Split a script into statements (loading a parser on first use); rejects with E_PARSE and the offset of the problem. */
  split(script: string): Promise<Statement[]>;
  /**
   * Run `fn` in one transaction: committed when it returns (rolled back with `discard`), rolled back
   * when it (or the COMMIT) throws, and the error rethrown. Transactions do not nest.
   */
  transaction<T>(fn: (tx: Transaction) => Promise<T>, opts?: TransactionOptions): Promise<T>;
  /**
   * Roll back a transaction the migration's own statements opened (its BEGIN) and left open, and
   * put the session back as shale opened it; nothing happens when none is open.
   */
  rollback(): Promise<void>;
  /** How `sql` (one statement of a split script) relates to transactions; see {@link StatementTxn}. */
  statementTxn(sql: string): StatementTxn;
  /** Whether an `autocommit` statement a killed run had sent took effect, checked in the database where it can be. */
  resolveInDoubt(sql: string): Promise<InDoubtResolution>;
  /**
   * Sessions of earlier shale runs on the same state tables that are still executing a statement
   * (their client died, the server goes on). Call it holding the migration lock: the engine waits
   * for them before it reads state.
   */
  orphans(): Promise<OrphanSession[]>;
  /**
   * Capability: the shared queue of coordinated fleet runs, in this database (`<prefix>fleet_queue`).
   * Absent where the database cannot hand each target to exactly one of many runners.
   */
  fleetQueue?(tablePrefix: string): FleetQueue;
  /**
   * Capability for the declarative commands: how this connection gives a fresh, empty, disposable
   * dev database. Absent: it cannot serve as one.
   */
  readonly devDatabase?: DevDatabaseSupport;
  /**
   * Capability for schema diff and the declarative commands: the dialect's schema module
   * (src/schema/<dialect>/), loaded on first use. Absent: the database has no schema diff support.
   */
  readonly schemaDialect?: () => Promise<import('../schema/dialect.js').SchemaDialect>;
  /** Capability for `shale lint --trace`: the locks a session holds and the storage of each relation. */
  readonly lockTrace?: LockTraceSupport;
  /**
   * Capability for `shale lint --db`: what the target tells the linter (server version, table sizes),
   * read once. Absent: the linter assumes every existing table holds data.
   */
  readonly lintTarget?: () => Promise<import('../lint/dialect.js').LintTarget>;
  /** `text` without any secret of the connection's URL (for messages and the state tables' `error` column). */
  redact(text: string): string;
  /** What a database error from running `sql` says: its position in `sql`, whether the statement refuses a transaction, DETAIL and HINT. */
  errorFacts(error: unknown, sql: string): ErrorFacts;
  close(): Promise<void>;
}

/** A relation-level lock a session holds: the relation's qualified name, the mode as the docs name it (`ACCESS EXCLUSIVE`). */
export interface HeldLock {
  readonly relation: string;
  readonly mode: string;
}

/** How a database shows what a statement did (see `shale lint --trace`). */
export interface LockTraceSupport {
  /** Every user relation (tables, indexes, materialized views…): its id → qualified name and storage file. */
  relations(q: Queryable): Promise<ReadonlyMap<string, { readonly name: string; readonly storage: string }>>;
  /** The relation-level locks this session holds now, on user relations. */
  locks(q: Queryable): Promise<readonly HeldLock[]>;
}

export const DEFAULT_TABLE_PREFIX = 'shale_';

/** Which statement of an {@link Transaction.executeAll} script failed, with the database's error. */
export class BatchStatementError extends Error {
  constructor(
    readonly index: number,
    readonly error: unknown,
  ) {
    super(error instanceof Error ? error.message : String(error));
    this.name = 'BatchStatementError';
  }
}
