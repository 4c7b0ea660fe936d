/**
 * `push` in the safe forms of `shale lint --fix`: the plan, as one script, linted against the target
 * (its tables, their sizes) and rewritten (`CREATE INDEX CONCURRENTLY` alone, `NOT VALID` then
 * `VALIDATE` after the commit, a `lock_timeout` first). The rewrite runs in steps: each `BEGIN … COMMIT`
 * block of it in a transaction of its own, every other statement alone.
 */
import type { Adapter } from '../adapters/adapter.js';
import { lintDialectFor } from '../adapters/schemes.js';
import { ShaleError, messageOf } from '../errors.js';
import { planParsableFixes } from '../lint/parsable-fixes.js';
import { lintMigrations } from '../lint/lint.js';

/** A step of a push in safe forms: statements of one transaction, or one statement alone. */
export interface PushStep {
  readonly transaction: boolean;
  readonly statements: readonly string[];
}

/** A plan's safe forms: the steps and what each fix did (`CREATE INDEX → CONCURRENTLY, …`). */
export interface SafePush {
  readonly steps: readonly PushStep[];
  readonly fixes: readonly string[];
  /** The statement that undoes the session setting the steps start with (`RESET lock_timeout`), if any. */
  readonly reset?: string;
}

/**
 * The safe forms of `sqls` (a plan for `target`, of schema dialect `dialect`), or null when the plan
 * has none (nothing it changes exists yet, or the dialect's linter offers no fix for it).
 * @example const safe = await safePushSteps(db, 'postgres', ['create index i on t (a);'])
 */
export async function safePushSteps(target: Adapter, dialect: string, sqls: readonly string[]): Promise<SafePush | null> {
  const linter = await lintDialectFor({ dialect }).catch(() => null);
  if (!linter || sqls.length === 0) return null;
  const script = sqls.map((s) => (s.trimEnd().endsWith(';') ? s : `${s};`)).join('\n\n');
  const input = [{ id: 'push', scripts: [{ sql: script, location: target.display, line: 1, transaction: true }] }];
  const facts = target.lintTarget ? await target.lintTarget() : {};
  const report = await lintMigrations(linter, input, facts);
  if (report.fixable.length === 0) return null;
  const { plan } = await planParsableFixes(linter, input, report.fixable, facts, {}, () => script);
  const fixed = plan.migrations[0]!.scripts[0]!;
  if (fixed.sql === script) return null; // no fix, or none whose rewrite parses
  const statements = (await target.split(fixed.sql)).map((s) => s.sql);
  const steps = fixed.transaction ? [{ transaction: true, statements }] : stepsOf(target, statements);
  const preamble = report.fixable.map((f) => f.fix).find((f) => f?.kind === 'preamble');
  return { steps, fixes: plan.files.flatMap((f) => f.fixes), ...(preamble?.kind === 'preamble' && !fixed.transaction ? { reset: preamble.reset } : {}) };
}

/** A script that runs statement by statement, cut at its BEGIN/COMMIT blocks. */
function stepsOf(target: Adapter, statements: readonly string[]): PushStep[] {
  const steps: PushStep[] = [];
  let block: string[] | null = null;
  for (const sql of statements) {
    const txn = target.statementTxn(sql);
    if (txn === 'begin') block = [];
    else if (txn === 'commit' && block) {
      steps.push({ transaction: true, statements: block });
      block = null;
    } else if (block) block.push(sql);
    else steps.push({ transaction: false, statements: [sql] });
  }
  if (block) throw new ShaleError('E_INTERNAL', 'the safe forms of the push plan leave a transaction open (please report this as a shale bug)');
  return steps;
}

/** The steps as the script they make, for showing the plan (each block in its BEGIN/COMMIT). */
export function stepsScript(steps: readonly PushStep[]): string[] {
  const end = (s: string) => (s.trimEnd().endsWith(';') ? s : `${s};`);
  return steps.flatMap((s) => (s.transaction && steps.length > 1 ? ['BEGIN;', ...s.statements.map(end), 'COMMIT;'] : s.statements.map(end)));
}

/**
 * Run the steps in order. A step that fails stops the push: the steps before it stay applied (the
 * schema is part of the way there; push again finishes it), and a statement that ran alone is
 * checked as an interrupted one would be (a `CREATE INDEX CONCURRENTLY` that failed leaves an invalid
 * index, which the check drops so the next push builds it again).
 */
export async function runPushSteps(target: Adapter, steps: readonly PushStep[], reset?: string): Promise<void> {
  for (const [i, step] of steps.entries()) {
    let current = '';
    try {
      if (step.transaction) {
        // The session's settings (the safe forms' `lock_timeout`) must outlive each block's commit.
        await target.transaction(
          async (tx) => {
            for (const s of step.statements) {
              current = s;
              await tx.execute(s);
            }
          },
          { keepSession: true },
        );
      } else {
        for (const s of step.statements) {
          current = s;
          await target.execute(s);
        }
      }
    } catch (e) {
      const left = step.transaction ? '' : await leftBehind(target, current, reset);
      const where = `step ${i + 1} of ${steps.length}`;
      const state = i === 0 ? 'nothing was changed' : `steps 1-${i} are applied: push again to finish`;
      throw new ShaleError('E_SQL', `push failed on ${target.display} at ${where}: ${messageOf(e)} (in: ${current.split('\n')[0]}); ${state}${left}`, { statement: current, step: i + 1 }, { cause: e });
    }
  }
}

/**
 * What a failed lone statement left behind, for the error: the in-doubt check of an interrupted run
 * (a `CREATE INDEX CONCURRENTLY` leaves an invalid index, which it drops) run without the plan's
 * `lock_timeout`; '' when it left nothing or the database cannot tell.
 */
async function leftBehind(target: Adapter, sql: string, reset: string | undefined): Promise<string> {
  try {
    if (reset) await target.execute(reset).catch(() => undefined);
    const r = await target.resolveInDoubt(sql);
    return r.outcome === 'done' ? `; but it did take effect (${r.reason})` : '';
  } catch (e) {
    return `; and checking what it left failed (${messageOf(e)}): an invalid index may be left, drop it before pushing again`;
  }
}
