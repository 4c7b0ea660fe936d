/**
 * Foreign data of the PostgreSQL schema model (see model.ts): wrappers, servers, user mappings and
 * foreign tables. Wrappers and servers belong to the database (most wrappers to an extension, and
 * so to it). A user mapping's `password` option is never read: it would be printed by the plan.
 */
import type { ObjectKey, QName } from '../keys.js';

/** One generic option (`OPTIONS (name 'value')`), in catalog order. */
export interface FdwOption {
  readonly name: string;
  readonly value: string;
}

export interface ForeignDataWrapper {
  readonly key: ObjectKey;
  readonly name: string;
  /** The handler and validator functions as `regproc` text; null for none. */
  readonly handler: string | null;
  readonly validator: string | null;
  readonly options: readonly FdwOption[];
}

export interface ForeignServer {
  readonly key: ObjectKey;
  readonly name: string;
  readonly wrapper: string;
  readonly type: string | null;
  readonly version: string | null;
  readonly options: readonly FdwOption[];
}

export interface UserMapping {
  readonly key: ObjectKey;
  readonly server: string;
  /** A role name, or `public`. */
  readonly user: string;
  /** Without the options that may hold a secret (see Q_USER_MAPPINGS): never read. */
  readonly options: readonly FdwOption[];
  /** The connecting role may not read this mapping's options (see Q_USER_MAPPINGS): they are not compared. */
  readonly optionsHidden: boolean;
}

/** A foreign table's column: its type, collation, NOT NULL, default and own options. */
export interface ForeignColumn {
  readonly name: string;
  readonly type: string;
  readonly collation: string | null;
  readonly notNull: boolean;
  readonly default: string | null;
  readonly options: readonly FdwOption[];
}

/** CREATE FOREIGN TABLE (not a partition nor an inheritance child: those are unsupported). */
export interface ForeignTable extends QName {
  readonly key: ObjectKey;
  readonly server: string;
  readonly columns: readonly ForeignColumn[];
  readonly options: readonly FdwOption[];
}
