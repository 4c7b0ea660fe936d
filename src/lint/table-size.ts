/** Severity from a table's real size, when the runner was given a database (`shale lint --db`); any dialect. */
import type { TableSize } from './dialect.js';
import type { Severity } from './finding.js';

/** Below both, blocking the table for the length of the statement is no outage: the finding is info. */
export const SMALL_TABLE = { rows: 10_000, bytes: 16 * 1024 * 1024 };

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];

function bytesText(n: number): string {
  let i = 0;
  while (n >= 1024 && i < UNITS.length - 1) {
    n /= 1024;
    i++;
  }
  return `${i === 0 ? n : n.toFixed(n < 10 ? 1 : 0)} ${UNITS[i]}`;
}

/**
 * The severity of a lock, copy or scan hazard on table `name` of `size`, and a note on its size for
 * the message: `base` when the size is not known, info for a small table (see {@link SMALL_TABLE}),
 * error for a big one.
 * @example sizeVerdict('orders', { rows: 300, bytes: 49152 }, 'warning') // { severity: 'info', note: ' (orders: ~300 rows, 48 kB)' }
 */
export function sizeVerdict(name: string, size: TableSize | null | undefined, base: Severity): { severity: Severity; note: string } {
  if (!size) return { severity: base, note: '' };
  const note = ` (${name}: ~${Math.max(0, Math.round(size.rows)).toLocaleString('en-US')} rows, ${bytesText(size.bytes)})`;
  const small = size.rows < SMALL_TABLE.rows && size.bytes < SMALL_TABLE.bytes;
  return { severity: small ? 'info' : 'error', note };
}
