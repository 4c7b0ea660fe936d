/**
 * A SQLite schema as plain data (the `main` database). Expressions (defaults, CHECKs, generated
 * columns, index parts, view and trigger bodies) are kept in one canonical token text (see
 * tokens.ts `normaliseTokens`), so case, quoting and spacing do not count as differences. `sql` and
 * `definition` keep the text as SQLite stores it: the planner re-creates objects from it, and
 * {@link sameSchema} does not compare it.
 */
import type { UnsupportedObject } from '../dialect.js';

export type Affinity = 'INTEGER' | 'TEXT' | 'BLOB' | 'REAL' | 'NUMERIC';

export interface GeneratedColumn {
  readonly expression: string;
  readonly stored: boolean;
}

export interface Column {
  readonly name: string;
  /** Declared type in upper case ('' when none). */
  readonly type: string;
  /** The type affinity SQLite derives from the declared type (datatype3.html §3.1). */
  readonly affinity: Affinity;
  readonly notNull: boolean;
  /** Default expression (canonical text), or null. */
  readonly default: string | null;
  /** COLLATE name in upper case, or null (BINARY). */
  readonly collation: string | null;
  readonly generated: GeneratedColumn | null;
  /** Position in the primary key (1-based), 0 when not part of it. */
  readonly primaryKey: number;
  /** The column's definition as written in the CREATE TABLE text (for ADD COLUMN). */
  readonly definition: string;
}

export type ForeignKeyAction = 'NO ACTION' | 'RESTRICT' | 'SET NULL' | 'SET DEFAULT' | 'CASCADE';

export interface ForeignKey {
  readonly columns: readonly string[];
  readonly table: string;
  /** Referenced columns; empty when the clause names none (the parent's primary key). */
  readonly references: readonly string[];
  readonly onUpdate: string;
  readonly onDelete: string;
  readonly match: string;
  /** `DEFERRABLE INITIALLY DEFERRED` (anything else is checked at each statement). */
  readonly deferred: boolean;
}

export interface Check {
  readonly name: string | null;
  readonly expression: string;
}

export interface Table {
  readonly name: string;
  readonly strict: boolean;
  readonly withoutRowid: boolean;
  readonly autoincrement: boolean;
  readonly columns: readonly Column[];
  /** Unique constraints (column lists), sorted. */
  readonly uniques: readonly (readonly string[])[];
  readonly checks: readonly Check[];
  readonly foreignKeys: readonly ForeignKey[];
  /** The CREATE TABLE text as SQLite stores it. */
  readonly sql: string;
}

export interface Index {
  readonly name: string;
  readonly table: string;
  readonly unique: boolean;
  /** Each key part (a column, or an expression) with its COLLATE and ASC/DESC, canonical text. */
  readonly parts: readonly string[];
  /** The WHERE of a partial index (canonical text), or null. */
  readonly where: string | null;
  readonly sql: string;
}

export interface View {
  readonly name: string;
  /** Everything after the view's name, canonical text. */
  readonly definition: string;
  readonly sql: string;
}

export interface Trigger {
  readonly name: string;
  readonly table: string;
  /** Everything after the trigger's name, canonical text. */
  readonly definition: string;
  readonly sql: string;
}

export interface SqliteSchema {
  /** In creation order (sqlite_schema's order). */
  readonly tables: readonly Table[];
  readonly indexes: readonly Index[];
  readonly views: readonly View[];
  readonly triggers: readonly Trigger[];
  /** Virtual tables and their shadow tables: reported, never diffed or dropped. */
  readonly unsupported: readonly UnsupportedObject[];
}
