/** Severity from a table's real size, when the runner was given a database (`shale lint --db`). */
import type { Severity } from '../finding.js';
import type { RelName } from './ast.js';
import type { PgRuleContext } from './rule.js';

/** Below both, blocking the table for the length of the statement is no outage: the finding is info. */
export const SMALL_TABLE = { rows: 10_000, bytes: 16 * 1024 * 1024 };

const units = ['B', 'kB', 'MB', 'GB', 'TB'];
function bytesText(n: number): string {
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${i === 0 ? n : n.toFixed(n < 10 ? 1 : 0)} ${units[i]}`;
}

/**
 * The severity of a lock or scan hazard on `rel`, and a note on its size for the message:
 * `base` when the size is not known, info for a small table (see {@link SMALL_TABLE}), `base` raised
 * to error for a big one.
 * @example sizedSeverity(ctx, { schema: null, name: 'orders' }, 'warning') // { severity: 'info', note: ' (orders: ~300 rows, 48 kB)' }
 */
export function sizedSeverity(ctx: PgRuleContext, rel: RelName, base: Severity): { severity: Severity; note: string } {
  const size = ctx.tableSize(rel);
  if (!size) return { severity: base, note: '' };
  const note = ` (${rel.name}: ~${Math.max(0, Math.round(size.rows)).toLocaleString('en-US')} rows, ${bytesText(size.bytes)})`;
  const small = size.rows < SMALL_TABLE.rows && size.bytes < SMALL_TABLE.bytes;
  return { severity: small ? 'info' : 'error', note };
}
