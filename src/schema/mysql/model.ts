/**
 * The MySQL/MariaDB schema model: plain, serialisable data describing the objects of one database
 * (the URL's). Names are unqualified: two databases of different names compare object by object.
 * Text fields hold what the server reports after normalising the differences between MariaDB and
 * MySQL 8 (see introspect-normalise.ts), so "changed" is a string comparison.
 */
import type { UnsupportedObject } from '../dialect.js';

export type { UnsupportedObject };

/**
 * Which server the model was read from. The pure planner reads it to choose `ALGORITHM=INSTANT` /
 * `INPLACE` and `RENAME COLUMN` where the server has them.
 */
export interface Server {
  readonly flavour: 'mysql' | 'mariadb';
  /** [major, minor, patch] */
  readonly version: readonly [number, number, number];
}

export interface GeneratedColumn {
  readonly expression: string;
  readonly stored: boolean;
}

export interface Column {
  readonly name: string;
  /** As the server reports it, e.g. `int(11) unsigned`, `varchar(50)`, `enum('a','b')`; `json` on both servers. */
  readonly type: string;
  readonly nullable: boolean;
  /** A SQL expression (`'abc'`, `0`, `current_timestamp(3)`, `(rand() * 2)`), or null for none / NULL. */
  readonly default: string | null;
  /** `ON UPDATE` expression, e.g. `current_timestamp(3)`. */
  readonly onUpdate: string | null;
  readonly autoIncrement: boolean;
  /** Of character columns only. */
  readonly charset: string | null;
  readonly collation: string | null;
  readonly generated: GeneratedColumn | null;
  readonly invisible: boolean;
  readonly comment: string;
}

/** One part of an index: a column (with an optional prefix length) or an expression (MySQL 8 functional). */
export interface IndexPart {
  readonly column: string | null;
  readonly expression: string | null;
  readonly length: number | null;
  readonly descending: boolean;
}

export interface Index {
  readonly name: string;
  readonly unique: boolean;
  readonly type: 'btree' | 'hash' | 'fulltext' | 'spatial';
  readonly parts: readonly IndexPart[];
  readonly comment: string;
  /** MySQL `INVISIBLE` / MariaDB `IGNORED`. */
  readonly invisible: boolean;
}

export type ReferentialAction = 'RESTRICT' | 'CASCADE' | 'SET NULL' | 'NO ACTION' | 'SET DEFAULT';

export interface ForeignKey {
  readonly name: string;
  readonly columns: readonly string[];
  /** Another database's table keeps its database name; this database's does not. */
  readonly refDatabase: string | null;
  readonly refTable: string;
  readonly refColumns: readonly string[];
  readonly onUpdate: ReferentialAction;
  readonly onDelete: ReferentialAction;
}

export interface Check {
  readonly name: string;
  /** As the server stores it. */
  readonly expression: string;
  /**
   * MariaDB's column-level check (named after its column, dropped by redefining the column). Not
   * compared: shale writes every check at table level, which MariaDB reads back as the same check.
   */
  readonly column: string | null;
  /** MySQL `NOT ENFORCED` is false; always true on MariaDB. */
  readonly enforced: boolean;
}

export interface Table {
  readonly name: string;
  readonly engine: string;
  readonly charset: string;
  readonly collation: string;
  readonly comment: string;
  /** Other table options as the server lists them (`row_format=DYNAMIC`), sorted. */
  readonly options: readonly string[];
  /** The `PARTITION BY …` clause as SHOW CREATE TABLE prints it, or null. */
  readonly partitionBy: string | null;
  readonly columns: readonly Column[];
  readonly primaryKey: readonly IndexPart[] | null;
  readonly indexes: readonly Index[];
  readonly foreignKeys: readonly ForeignKey[];
  readonly checks: readonly Check[];
}

export interface View {
  readonly name: string;
  /** The SELECT as the server stored it, with this database's name qualifiers removed. */
  readonly definition: string;
  readonly checkOption: 'NONE' | 'LOCAL' | 'CASCADED';
  /** MariaDB's `ALGORITHM=` (MERGE, TEMPTABLE; UNDEFINED is null); MySQL 8 does not report it (null). */
  readonly algorithm: 'MERGE' | 'TEMPTABLE' | null;
  readonly security: 'DEFINER' | 'INVOKER';
  /** Tables and views the definition reads (this database only). */
  readonly reads: readonly string[];
}

export interface Trigger {
  readonly name: string;
  readonly table: string;
  readonly timing: 'BEFORE' | 'AFTER';
  readonly event: 'INSERT' | 'UPDATE' | 'DELETE';
  readonly order: number;
  readonly body: string;
}

export interface Routine {
  readonly name: string;
  readonly type: 'PROCEDURE' | 'FUNCTION';
  /** `CREATE PROCEDURE …` as SHOW CREATE prints it, without the DEFINER clause. */
  readonly definition: string;
}

export interface Schema {
  readonly dialect: 'mysql';
  readonly server: Server;
  readonly tables: readonly Table[];
  readonly views: readonly View[];
  readonly triggers: readonly Trigger[];
  readonly routines: readonly Routine[];
  /** Events, sequences, system-versioned tables, …: reported, never diffed. */
  readonly unsupported: readonly UnsupportedObject[];
}
