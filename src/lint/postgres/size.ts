/** Severity from a table's real size, when the runner was given a database (`shale lint --db`). */
import type { Severity } from '../finding.js';
import { sizeVerdict } from '../table-size.js';
import type { RelName } from './ast.js';
import type { PgRuleContext } from './rule.js';

/**
 * The severity of a lock or scan hazard on `rel`, and a note on its size for the message (see
 * {@link sizeVerdict}).
 * @example sizedSeverity(ctx, { schema: null, name: 'orders' }, 'warning') // { severity: 'info', note: ' (orders: ~300 rows, 48 kB)' }
 */
export function sizedSeverity(ctx: PgRuleContext, rel: RelName, base: Severity): { severity: Severity; note: string } {
  return sizeVerdict(rel.name, ctx.tableSize(rel), base);
}
