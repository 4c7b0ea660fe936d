/**
 * Publications of the PostgreSQL schema model (see model.ts): what logical replication sends. They
 * belong to the database, not to a schema. Subscriptions are not modelled: they hold a connection
 * string to another server (and connect to it when created), so they are reported as unsupported.
 */
import type { ObjectKey, QName } from '../keys.js';

/** A table a publication names (FOR TABLE), with its column list and row filter (PostgreSQL 15+). */
export interface PublicationTable {
  readonly table: QName;
  /** Column names in table order; null for every column. */
  readonly columns: readonly string[] | null;
  /** `pg_get_expr` of the WHERE filter; null for every row. */
  readonly where: string | null;
}

/** What a publication publishes (`publish = '…'`). */
export type PublishedAction = 'insert' | 'update' | 'delete' | 'truncate';

/** CREATE PUBLICATION: FOR ALL TABLES, or its tables and schemas (FOR TABLES IN SCHEMA, 15+), and its options. */
export interface Publication {
  readonly key: ObjectKey;
  readonly name: string;
  readonly allTables: boolean;
  /** In schema, then name order. */
  readonly tables: readonly PublicationTable[];
  /** In name order. */
  readonly schemas: readonly string[];
  readonly publish: readonly PublishedAction[];
  readonly viaPartitionRoot: boolean;
}
