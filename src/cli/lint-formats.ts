/** The output formats of `shale lint` (apart from the reports in lint-report.ts: the command's options need only these). */
export const LINT_FORMATS = ['text', 'json', 'github', 'sarif'] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];
