/** How much a finding matters: `error` fails `shale lint` (exit 3) and a protected `up`; the others only report. */
export type Severity = 'error' | 'warning' | 'info';

/** What a rule is: its stable code, kebab name, the squawk rules with the same meaning, its default severity. */
export interface RuleInfo {
  /** Stable code: `PG1xx` PostgreSQL, `MY1xx` MySQL, `SQ1xx` SQLite, `SH1xx` any engine. */
  readonly code: string;
  /** Kebab-case name (`require-concurrent-index-creation`). */
  readonly rule: string;
  /** squawk's rule names with the same meaning (empty when squawk has none). */
  readonly aliases: readonly string[];
  readonly severity: Severity;
  /** One line: the problem the rule catches (for `--help` and the README's rule table). */
  readonly summary: string;
  /** Off unless the config's `lint.rules` gives it a severity (a house style, not a hazard). */
  readonly optIn?: boolean;
}

/** Where a finding is: the migration and the first token of the statement (1-based line and column). */
export interface FindingPlace {
  readonly migration: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** One finding of `shale lint`, as `--json` prints it. */
export interface Finding extends FindingPlace {
  readonly code: string;
  readonly rule: string;
  readonly aliases: readonly string[];
  readonly severity: Severity;
  /** One line: why the statement is a hazard. */
  readonly message: string;
  /** One line: what to do instead. */
  readonly hint: string;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Findings in file order (migration run order is kept by the caller), then by code. */
export function compareFindings(a: Finding, b: Finding): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || RANK[a.severity] - RANK[b.severity] || a.code.localeCompare(b.code);
}
