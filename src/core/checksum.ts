import { createHash } from 'node:crypto';

export const CHECKSUM_ALGORITHM = 'v1';

/**
 * Normalise migration text so that line endings, trailing whitespace and blank lines do not count,
 * while any other edit does.
 */
export function normaliseForChecksum(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map((l) => l.replace(/\s+$/, ''))
    .filter((l) => l !== '')
    .join('\n');
}

/** `v1:<sha256 hex>` of the normalised text. */
export function checksum(text: string): string {
  return `${CHECKSUM_ALGORITHM}:${createHash('sha256').update(normaliseForChecksum(text), 'utf8').digest('hex')}`;
}
