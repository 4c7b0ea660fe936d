import type BetterSqlite3 from 'better-sqlite3';
import { messageOf } from '../../errors.js';

/** `PRAGMA [schema.]foreign_keys = OFF` (or `(0)`, `false`, `no`), after any leading comments. */
const FOREIGN_KEYS_OFF = /^(?:\s|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*pragma\s+(?:[\w"]+\s*\.\s*)?foreign_keys\s*(?:=\s*|\(\s*)['"]?(?:off|false|no|0)['"]?\s*\)?\s*;?\s*$/i;

/** SQLite's errors for statements that cannot run inside a transaction (VACUUM, journal_mode=WAL, BEGIN, …). */
const NOT_IN_TRANSACTION = /within a transaction|inside a transaction|within transaction/i;

const ADVICE = 'add `-- transaction: false` to the top of the migration to run it outside a transaction';

/** A database error with shale's advice appended; the driver's code stays for `details.dbCode`. */
function advised(e: unknown, advice: string): Error {
  const out = new Error(`${messageOf(e)}: ${advice}`, { cause: e });
  return Object.assign(out, { code: (e as { code?: unknown }).code });
}

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

/** Run a migration statement; an error that only a transaction caused says how to avoid it. */
export async function withTransactionHint<T>(inTransaction: boolean, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    const fromSqlite = String((e as { code?: unknown }).code ?? '').startsWith('SQLITE_');
    if (inTransaction && fromSqlite && NOT_IN_TRANSACTION.test(messageOf(e))) throw advised(e, ADVICE);
    throw e;
  }
}
