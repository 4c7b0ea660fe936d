import type { PGlite } from '@electric-sql/pglite';
import { ShaleError, messageOf } from '../../errors.js';

/** Start an embedded PostgreSQL (PGlite, PostgreSQL 18 in WASM): in memory, or in a data folder. */
export async function startPglite(dataDir: string | null, display: string): Promise<PGlite> {
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    return await PGlite.create(dataDir ?? undefined);
  } catch (e) {
    throw new ShaleError('E_CONNECT', `cannot start embedded PostgreSQL ${display}: ${messageOf(e)}`, { url: display }, { cause: e });
  }
}
