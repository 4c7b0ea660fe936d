import type { Adapter } from '../adapters/adapter.js';
import type { OutsideTransaction } from '../schema/dialect.js';

/**
 * All SQL of a plan in the order it runs, as a script: with `outside`, its `before` statements, the
 * plan inside its own BEGIN/COMMIT, then `after` (such a script must run as `-- transaction: false`).
 * @example planScript(['alter table …;'], diff.outsideTransaction)
 */
export function planScript(sqls: readonly string[], outside: OutsideTransaction | undefined): string[] {
  if (!outside) return [...sqls];
  return [...outside.before, 'BEGIN;', ...sqls, 'COMMIT;', ...outside.after];
}

/**
 * Run a plan's statements on `db` in one transaction (all or nothing), with `outside`'s statements
 * before and after it, outside any transaction (`after` also when the plan failed). `onStatement`
 * hears of each statement before it runs (to name the one that failed).
 */
export async function runPlan(db: Adapter, sqls: readonly string[], outside: OutsideTransaction | undefined, onStatement: (sql: string) => void = () => undefined): Promise<void> {
  for (const s of outside?.before ?? []) {
    onStatement(s);
    await db.execute(s);
  }
  try {
    await db.transaction(async (tx) => {
      for (const s of sqls) {
        onStatement(s);
        await tx.execute(s);
      }
    });
  } finally {
    for (const s of outside?.after ?? []) await db.execute(s);
  }
}
