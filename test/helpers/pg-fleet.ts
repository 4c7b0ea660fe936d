// Many PostgreSQL databases for fleet tests and benchmarks, created a few at a time.
import { createPgDatabase, type TempPgDatabase } from './databases.js';

async function inBatches<T, R>(items: readonly T[], size: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

/** Create `n` fresh databases (named `<prefix>_…`). */
export function createPgDatabases(n: number, prefix: string): Promise<TempPgDatabase[]> {
  return inBatches(Array.from({ length: n }, (_, i) => i), 5, () => createPgDatabase(prefix));
}

/** Drop every database of the list (leftover sessions are terminated). */
export async function dropPgDatabases(dbs: readonly TempPgDatabase[]): Promise<void> {
  await inBatches(dbs, 5, (d) => d.drop());
}
