import type BetterSqlite3 from 'better-sqlite3';
import { messageOf } from '../../errors.js';
import type { ErrorFacts } from '../adapter.js';

/** `PRAGMA [schema.]foreign_keys = OFF` (or `(0)`, `false`, `no`), after any leading comments. */
const FOREIGN_KEYS_OFF = /^(?:\s|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*pragma\s+(?:[\w"]+\s*\.\s*)?foreign_keys\s*(?:=\s*|\(\s*)['"]?(?:off|false|no|0)['"]?\s*\)?\s*;?\s*$/i;

/** SQLite's errors for statements that cannot run inside a transaction (VACUUM, journal_mode=WAL, BEGIN, …). */
const NOT_IN_TRANSACTION = /within a transaction|inside a transaction|within transaction/i;


/**
 * SQLite silently ignores `PRAGMA foreign_keys` inside a transaction. Turning keys off there while
 * they are on would let the table-rebuild recipe (create new, copy, drop, rename) go ahead with
 * enforcement still on: dropping the old table fails, or worse, cascades and deletes child rows.
 * So it is an error naming the fix instead of a silent no-op.
 */
export function checkTransactionPragma(db: BetterSqlite3.Database, sql: string): void {
  if (!FOREIGN_KEYS_OFF.test(sql)) return;
  if (db.pragma('foreign_keys', { simple: true }) !== 1) return;
  throw new Error(
    'PRAGMA foreign_keys = OFF has no effect inside a transaction (SQLite ignores it) and foreign keys are on: run it outside any transaction (`-- transaction: false` at the top of the migration, the PRAGMA before your own BEGIN) and turn foreign keys back on after COMMIT',
  );
}

/** The facts of a SQLite error: SQLite gives no position, and says in its message when a statement refuses a transaction. */
export function sqliteErrorFacts(e: unknown): ErrorFacts {
  const fromSqlite = String((e as { code?: unknown } | null)?.code ?? '').startsWith('SQLITE_');
  // A statement runs in this process and SQLite undoes a failed one: it had no effect.
  return { position: null, notInTransaction: fromSqlite && NOT_IN_TRANSACTION.test(messageOf(e)), notRun: fromSqlite, detail: null, hint: null };
}
