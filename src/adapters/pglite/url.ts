import { isAbsolute, resolve } from 'node:path';
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

/** `pglite:./data` read from a config file in `dir` is the folder `dir/data`. */
export function pgliteUrlRelativeTo(text: string, dir: string): string {
  const { dataDir } = parsePgliteUrl(text);
  return dataDir === null || isAbsolute(dataDir) ? text : `pglite:${resolve(dir, dataDir)}`;
}

export const PGLITE_SCHEME: LocalScheme<PgliteUrl> = { form: 'local', schemes: ['pglite:'], parse: parsePgliteUrl, relativeTo: pgliteUrlRelativeTo };
