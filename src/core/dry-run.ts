import type { PreparedBody } from './prepare.js';
import type { PlannedRun } from './run-migrations.js';

function statementsOf(body: PreparedBody): string[] {
  if (body.kind === 'module') return [`-- (TS/JS module ${body.location}: runs its up/down function)`];
  return body.statements.map((s) => (/;\s*$/.test(s.sql) ? s.sql : `${s.sql};`));
}

/**
 * The SQL a run would execute, in order, with transaction boundaries and the bookkeeping shown as
 * comments (`--dry-run`).
 */
export function renderDryRun(runs: readonly PlannedRun[], tables: { migrations: string; log: string }, singleTransaction: boolean): string {
  const out: string[] = [];
  if (singleTransaction && runs.length > 0) out.push('BEGIN;', '');
  for (const r of runs) {
    const m = r.migration;
    out.push(`-- ${r.direction === 'up' ? 'apply' : 'roll back'} ${m.id} (${m.location})`);
    if (r.mode === 'journal') out.push('-- statement-journaled: each statement commits with the journal update that counts it (one that cannot run in a transaction is journaled started, then done)');
    if (r.mode === 'transaction') out.push('BEGIN;');
    out.push(...statementsOf(r.body));
    out.push(
      r.direction === 'up'
        ? `-- record ${m.id} in ${tables.migrations}, log 'apply' in ${tables.log}`
        : `-- delete ${m.id} from ${tables.migrations}, log 'rollback' in ${tables.log}`,
    );
    if (r.mode === 'transaction') out.push('COMMIT;');
    out.push('');
  }
  if (singleTransaction && runs.length > 0) out.push('COMMIT;');
  return out.join('\n').trimEnd() + (runs.length ? '\n' : '');
}
