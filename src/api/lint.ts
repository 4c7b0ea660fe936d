// Public API, lint: analyzers with stable codes, fixes, the lock trace. Re-exports only.
export { lint, type LintRunOptions, type LintRunReport, type LintFixReport, type TracedStatement } from '../lint/run.js';
export { planFixes, type FileFix, type FixSkipped, type FixPlan } from '../lint/fix-files.js';
export { unifiedDiff } from '../lint/text-diff.js';
export { traceMigrations, type StatementTrace } from '../lint/trace.js';
export { lintMigrations, IGNORE_WITHOUT_REASON, type LintOptions, type LintReport, type Baseline, type RuleSetting } from '../lint/lint.js';
export type { Finding, FindingPlace, RuleInfo, Severity } from '../lint/finding.js';
export type { LintDialect, DialectLintOptions, LintMigration, LintTarget, TableSize, RawFinding, LintFix, FixStep, FixPlacement } from '../lint/dialect.js';
export { lintDialectFor, LINT_DIALECTS } from '../adapters/schemes.js';
