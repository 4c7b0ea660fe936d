/**
 * Fixes that are safe to write: placed in their migrations, then the rewritten migrations linted
 * again. A migration whose rewrite no longer parses keeps its text and its fixes count as skipped,
 * so a fix never gives the runner SQL it cannot read. Used by `shale lint --fix` and by the safe
 * forms of `generate` and `push`.
 */
import type { LintDialect, LintMigration, LintTarget, RawFinding } from './dialect.js';
import { planFixes, type FixPlan, type ReadFile } from './fix-files.js';
import { lintMigrations, type LintOptions, type LintReport } from './lint.js';

/** The fix plan without unparsable rewrites, and what the fixed migrations are still found to do. */
export interface ParsableFixes {
  readonly plan: FixPlan;
  readonly remaining: LintReport;
}

/**
 * The fixes of `fixable` in `migrations` (only in those `rewritable` accepts), each rewrite checked
 * to parse, with the lint report of the migrations as rewritten.
 * @example const { plan } = await planParsableFixes(dialect, migrations, report.fixable, target)
 */
export async function planParsableFixes(
  dialect: LintDialect,
  migrations: readonly LintMigration[],
  fixable: readonly RawFinding[],
  target: LintTarget,
  options: LintOptions = {},
  read?: ReadFile,
  rewritable: (id: string) => boolean = () => true,
): Promise<ParsableFixes> {
  let plan = planFixes(migrations, fixable, read, rewritable);
  let remaining = await lintMigrations(dialect, plan.migrations, target, options);
  const broken = new Set(remaining.findings.filter((f) => f.rule === 'syntax-error').map((f) => f.migration));
  const unparsable = plan.files.filter((f) => broken.has(f.migration));
  if (unparsable.length === 0) return { plan, remaining };
  plan = planFixes(migrations, fixable, read, (id) => !broken.has(id) && rewritable(id));
  remaining = await lintMigrations(dialect, plan.migrations, target, options);
  const dropped = unparsable.map((f) => ({ migration: f.migration, file: f.file, code: 'fix', reason: 'shale could not rewrite it into SQL that parses: fix it by hand (please report this as a shale bug)' }));
  return { plan: { ...plan, skipped: [...plan.skipped.filter((x) => !broken.has(x.migration)), ...dropped] }, remaining };
}
