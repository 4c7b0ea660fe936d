import { createHash } from 'node:crypto';

export const CHECKSUM_ALGORITHM = 'v1';

/** Whitespace (JS `\s`) running up to a line break: trailing whitespace of a line plus any blank lines. */
const TRAILING_AND_BLANK = /\s*(?:\r\n|\r|\n)/g;

/**
 * Normalise migration text so that line endings, trailing whitespace and blank lines do not count,
 * while any other edit does. Defined line by line (split on CRLF/CR/LF, strip trailing `\s`, drop
 * empty lines, join with LF); computed in one pass because `status` checksums every file.
 */
export function normaliseForChecksum(text: string): string {
  const s = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(TRAILING_AND_BLANK, '\n');
  return (s.charCodeAt(0) === 10 ? s.slice(1) : s).trimEnd();
}

/** `v1:<sha256 hex>` of the normalised text. */
export function checksum(text: string): string {
  return `${CHECKSUM_ALGORITHM}:${createHash('sha256').update(normaliseForChecksum(text), 'utf8').digest('hex')}`;
}
