import type { Queryable } from '../adapter.js';
import type { HistoryStore } from '../../core/history.js';
import { SqlHistoryStore, onConflictUpdate } from '../shared/sql-history-store.js';
import { quoteIdent } from './quote.js';

/** State tables in the SQLite file; timestamps as ISO-8601 text. */
export function sqliteHistoryStore(db: Queryable, prefix: string): HistoryStore {
  return new SqlHistoryStore(
    db,
    {
      table: quoteIdent,
      quote: quoteIdent,
      param: () => '?',
      types: { id: 'text', text: 'text', int: 'integer', timestamp: 'text', seqKey: 'integer primary key autoincrement' },
      tableExists: (name) => ({ sql: "select 1 from sqlite_master where type = 'table' and name = ?", params: [name] }),
      columnExists: (table, column) => ({ sql: 'select 1 from pragma_table_info(?) where name = ?', params: [table, column] }),
      upsert: onConflictUpdate(quoteIdent('id')),
      timestampValue: (iso) => iso,
      readTimestamp: (v) => String(v),
    },
    prefix,
  );
}
