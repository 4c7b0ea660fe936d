import { ShaleError } from '../../errors.js';
import { BatchStatementError, type Adapter, type Executor, type Transaction, type TransactionOptions } from '../adapter.js';

/** How a connection opens and ends a transaction, each step one statement. */
export interface TransactionControl {
  begin(opts: TransactionOptions): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

/** Run a script's statements one by one; a failure names the statement (see `Transaction.executeAll`). */
export async function executeEach(x: Executor, sqls: readonly string[]): Promise<void> {
  for (const [i, sql] of sqls.entries()) {
    try {
      await x.execute(sql);
    } catch (e) {
      throw new BatchStatementError(i, e);
    }
  }
}

/**
 * `Adapter.transaction` for a connection that sends every statement as it comes (SQLite and PGlite
 * in-process, MySQL): BEGIN, the work, COMMIT; ROLLBACK when the work or the COMMIT fails.
 */
export function plainTransactions(control: TransactionControl, tx: Transaction): Adapter['transaction'] {
  let open = false;
  return async <T>(fn: (tx: Transaction) => Promise<T>, opts: TransactionOptions = {}): Promise<T> => {
    if (open) throw new ShaleError('E_INTERNAL', 'a transaction is already open on this connection: transactions do not nest');
    open = true;
    try {
      await control.begin(opts);
      try {
        const result = await fn(tx);
        await (opts.discard ? control.rollback() : control.commit());
        return result;
      } catch (e) {
        await control.rollback().catch(() => undefined);
        throw e;
      }
    } finally {
      open = false;
    }
  };
}
