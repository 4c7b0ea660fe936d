import type { LocalScheme } from '../url/scheme.js';

/** A `pglite:` URL (DESIGN §2): an embedded PostgreSQL in memory (`dataDir` null) or in a data folder. */
export interface PgliteUrl {
  readonly dataDir: string | null;
  readonly display: string;
}

/**
 * `pglite:memory` (also `pglite:`, `pglite::memory:`) or `pglite:./dir` (also `pglite://dir`).
 * @example parsePgliteUrl('pglite:./data').dataDir // './data'
 */
export function parsePgliteUrl(text: string): PgliteUrl {
  const rest = text.slice('pglite:'.length).replace(/^\/\//, '');
  const dataDir = rest === '' || rest === 'memory' || rest === ':memory:' ? null : rest;
  return { dataDir, display: text };
}

export const PGLITE_SCHEME: LocalScheme<PgliteUrl> = { form: 'local', schemes: ['pglite:'], parse: parsePgliteUrl };
