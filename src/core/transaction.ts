import type { Adapter } from '../adapters/adapter.js';

/**
 * Run `fn` in a transaction of `adapter`: committed when it returns, rolled back when it (or the
 * COMMIT) throws. The one begin/commit/rollback block of core.
 */
export async function inTransaction<T>(adapter: Adapter, fn: () => Promise<T>, opts: { readonly durable?: boolean; readonly keepSession?: boolean } = {}): Promise<T> {
  await adapter.begin(opts);
  try {
    const result = await fn();
    await adapter.commit();
    return result;
  } catch (e) {
    await adapter.rollback().catch(() => undefined);
    throw e;
  }
}
