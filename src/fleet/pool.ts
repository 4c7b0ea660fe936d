/**
 * Run `work` over items pulled from `next` with at most `concurrency` at a time. `next` returning
 * null ends a worker; errors thrown by `work` propagate (it is expected to return failures as data).
 */
export async function runPool<T>(concurrency: number, next: () => Promise<T | null>, work: (item: T) => Promise<void>): Promise<void> {
  const worker = async (): Promise<void> => {
    for (let item = await next(); item !== null; item = await next()) await work(item);
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
}

/** A `next` over a fixed list that stops handing out items once `stopped()` is true. */
export function listFeeder<T>(items: readonly T[], stopped: () => boolean): () => Promise<T | null> {
  let i = 0;
  return async () => (stopped() || i >= items.length ? null : items[i++]!);
}
