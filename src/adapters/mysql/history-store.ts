import type { Queryable } from '../adapter.js';
import type { HistoryStore } from '../../core/history.js';
import { SqlHistoryStore, type HistoryDialect } from '../shared/sql-history-store.js';
import { quoteIdent } from './quote.js';

/** ISO-8601 instant → `YYYY-MM-DD HH:MM:SS.mmm` in UTC, the literal form of a `datetime(3)`. */
export function toMysqlDatetime(iso: string): string {
  return new Date(iso).toISOString().replace('T', ' ').replace('Z', '');
}

/**
 * A `datetime(3)` read back: a Date (the connection parses datetimes as UTC, see connect.ts) or, from
 * a driver configured with `dateStrings`, the literal itself, which is UTC too.
 */
export function fromMysqlDatetime(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  const s = String(v);
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)$/.exec(s);
  return m ? new Date(`${m[1]}T${m[2]}Z`).toISOString() : s;
}

/**
 * State tables in the database named in the URL (always qualified with it). Timestamps are
 * `datetime(3)` holding UTC, so they read the same whatever the session or server time zone.
 */
export function mysqlHistoryStore(db: Queryable, database: string, prefix: string): HistoryStore {
  const dialect: HistoryDialect = {
    // Qualified: a migration's `USE other_db` must not send the bookkeeping to other tables.
    table: (name) => `${quoteIdent(database)}.${quoteIdent(name)}`,
    quote: quoteIdent,
    param: () => '?',
    types: { id: 'varchar(255)', text: 'text', int: 'bigint', timestamp: 'datetime(3)', seqKey: 'bigint auto_increment primary key' },
    tableExists: (name) => ({
      sql: 'select 1 from information_schema.tables where table_schema = ? and table_name = ?',
      params: [database, name],
    }),
    timestampValue: toMysqlDatetime,
    columnExists: (table, column) => ({
      sql: 'select 1 from information_schema.columns where table_schema = ? and table_name = ? and column_name = ?',
      params: [database, table, column],
    }),
    upsert: (cols) => `on duplicate key update ${cols.map((c) => `${c} = values(${c})`).join(', ')}`,
    readTimestamp: fromMysqlDatetime,
  };
  return new SqlHistoryStore(db, dialect, prefix);
}
