import type { Migration } from './migration.js';
import type { PreparedBody } from './prepare.js';
import type { RunMode } from './apply.js';

export interface DryRunStep {
  readonly migration: Migration;
  readonly body: PreparedBody;
  readonly mode: RunMode;
  readonly direction: 'up' | 'down';
}

function statementsOf(body: PreparedBody): string[] {
  if (body.kind === 'module') return [`-- (TS/JS module ${body.location}: runs its up/down function)`];
  return body.statements.map((s) => (/;\s*$/.test(s.sql) ? s.sql : `${s.sql};`));
}

/**
 * The SQL a run would execute, in order, with transaction boundaries and the bookkeeping shown as
 * comments (`--dry-run`).
 */
export function renderDryRun(steps: readonly DryRunStep[], tables: { migrations: string; log: string }, singleTransaction: boolean): string {
  const out: string[] = [];
  if (singleTransaction && steps.length > 0) out.push('BEGIN;', '');
  for (const s of steps) {
    const m = s.migration;
    out.push(`-- ${s.direction === 'up' ? 'apply' : 'roll back'} ${m.id} (${m.location})`);
    if (s.mode === 'journal') out.push('-- statement-journaled: each statement commits with the journal update that counts it (one that cannot run in a transaction is journaled started, then done)');
    if (s.mode === 'transaction') out.push('BEGIN;');
    out.push(...statementsOf(s.body));
    out.push(
      s.direction === 'up'
        ? `-- record ${m.id} in ${tables.migrations}, log 'apply' in ${tables.log}`
        : `-- delete ${m.id} from ${tables.migrations}, log 'rollback' in ${tables.log}`,
    );
    if (s.mode === 'transaction') out.push('COMMIT;');
    out.push('');
  }
  if (singleTransaction && steps.length > 0) out.push('COMMIT;');
  return out.join('\n').trimEnd() + (steps.length ? '\n' : '');
}
