import type { Adapter, Transaction, TransactionOptions } from '../adapters/adapter.js';

/**
 * Where a unit of work runs: in a transaction of its own (with its options), or inside one the
 * caller holds open (`--single-transaction`), which commits or rolls back with the caller's.
 */
export type UnitScope = TransactionOptions | { readonly outer: Transaction };

/** Run `fn` as one unit of work in `scope`: committed with it, or rolled back with it when it throws. */
export async function runUnit<T>(adapter: Adapter, scope: UnitScope, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  return 'outer' in scope ? fn(scope.outer) : adapter.transaction(fn, scope);
}
