/**
 * The generic half of `shale lint`: a dialect's raw findings, with ignore comments, the project's
 * rule settings and a baseline applied, as the findings a report prints.
 */
import { createHash } from 'node:crypto';
import { ShaleError } from '../errors.js';
import type { LintDialect, LintMigration, LintTarget, RawFinding } from './dialect.js';
import { compareFindings, type Finding, type RuleInfo, type Severity } from './finding.js';
import { ignoreDirectives, leadingComments, type IgnoreDirective } from './ignore.js';

/** A rule's setting in the config (`lint.rules`), by code or name: off, or another severity. */
export type RuleSetting = 'off' | Severity;

/** Findings accepted as they are (`shale lint --write-baseline`): hidden until the statement changes. */
export interface Baseline {
  readonly version: 1;
  /** `fingerprint` of each accepted finding. */
  readonly findings: readonly { readonly code: string; readonly migration: string; readonly fingerprint: string }[];
}

export interface LintOptions {
  /** By code (`PG130`) or rule name (`require-concurrent-index-creation`). */
  readonly rules?: Readonly<Record<string, RuleSetting>>;
  readonly baseline?: Baseline;
}

/** What a lint run found, and what it hid. */
export interface LintReport {
  readonly findings: readonly Finding[];
  /** Findings left out by `-- shale:lint-ignore` comments. */
  readonly ignored: number;
  /** Findings left out because the baseline has them. */
  readonly baselined: number;
  /** Migrations linted. */
  readonly migrations: number;
  /** Migrations with no SQL to read (TS/JS modules): their statements are not known before they run. */
  readonly unread: readonly string[];
  /** The baseline of this run's findings (before the baseline was applied), for `--write-baseline`. */
  readonly baselineOf: Baseline;
  /** The reported findings that have a fix, as the dialect gave them (for `--fix`). */
  readonly fixable: readonly RawFinding[];
}

/** Rules about the lint comments themselves (any engine). */
export const IGNORE_WITHOUT_REASON: RuleInfo = {
  code: 'SH101',
  rule: 'lint-ignore-without-reason',
  aliases: [],
  severity: 'warning',
  summary: 'A shale:lint-ignore comment gives no reason: the next reader cannot tell why the hazard is accepted.',
};

/** Lint the migrations of one run with `dialect` and apply ignores, settings and the baseline. */
export async function lintMigrations(dialect: LintDialect, migrations: readonly LintMigration[], target: LintTarget, options: LintOptions = {}): Promise<LintReport> {
  const rules = new Map([...dialect.rules, IGNORE_WITHOUT_REASON].map((r) => [r.code, r]));
  const setting = settingsLookup(options.rules ?? {}, [...rules.values()]);
  const raw = await dialect.lint(migrations, target, { skip: droppedRules(dialect.rules, setting, migrations) });
  let ignored = 0;
  const kept: Finding[] = [];
  const fingerprints = new Map<Finding, string>();
  const raws = new Map<Finding, RawFinding>();
  const keep = (rule: RuleInfo, f: RawFinding, message: string, hint: string): void => {
    const s = setting(rule);
    if (s === 'off' || (s === undefined && rule.optIn)) return;
    const out = finding(rule, { ...f, severity: s ?? f.severity }, message, hint);
    fingerprints.set(out, fingerprintOf(rule.code, f));
    raws.set(out, f);
    kept.push(out);
  };
  // A script's `-file` directives, read once per script (a big script has many findings).
  const fileDirectives = new Map<string, IgnoreDirective[]>();
  const fileDirectivesOf = (text: string): IgnoreDirective[] => {
    let d = fileDirectives.get(text);
    if (!d) fileDirectives.set(text, (d = ignoreDirectives(text).filter((x) => x.file)));
    return d;
  };
  for (const f of raw) {
    const rule = rules.get(f.code)!;
    const directives = [...ignoreDirectives(leadingComments(f.statementText)), ...fileDirectivesOf(f.scriptText)];
    const match = directives.find((d) => d.names.some((n) => n === rule.code || n === rule.rule));
    if (!match) {
      keep(rule, f, f.message, f.hint);
      continue;
    }
    ignored++;
    if (match.reason === '') {
      const why = `shale:lint-ignore ${match.names.join(',')} gives no reason`;
      keep(IGNORE_WITHOUT_REASON, { ...f, code: IGNORE_WITHOUT_REASON.code, severity: IGNORE_WITHOUT_REASON.severity, fix: undefined }, why, 'add why the hazard is accepted after the codes: -- shale:lint-ignore CODE reason');
    }
  }
  const baselineOf: Baseline = { version: 1, findings: [...fingerprints].map(([f, fingerprint]) => ({ code: f.code, migration: f.migration, fingerprint })) };
  const accepted = new Set((options.baseline?.findings ?? []).map((b) => `${b.code} ${b.migration} ${b.fingerprint}`));
  const findings = kept.filter((f) => !accepted.has(`${f.code} ${f.migration} ${fingerprints.get(f)}`));
  const order = new Map(migrations.map((m, i) => [m.id, i]));
  findings.sort((a, b) => order.get(a.migration)! - order.get(b.migration)! || compareFindings(a, b));
  return {
    findings,
    ignored,
    baselined: kept.length - findings.length,
    migrations: migrations.length,
    unread: migrations.filter((m) => m.scripts.length === 0).map((m) => m.id),
    baselineOf,
    fixable: findings.map((f) => raws.get(f)!).filter((f) => f.fix !== undefined),
  };
}

/**
 * The rules whose findings `keep` drops: off, or opt-in and not turned on. A finding of one can still
 * count as ignored (and an ignore without a reason is SH101), so none is dropped when a script of the
 * run has an ignore comment: then every rule runs, as it always did.
 */
function droppedRules(rules: readonly RuleInfo[], setting: (r: RuleInfo) => RuleSetting | undefined, migrations: readonly LintMigration[]): ReadonlySet<string> {
  if (migrations.some((m) => m.scripts.some((s) => s.sql.includes('shale:lint-ignore')))) return new Set();
  return new Set(rules.filter((r) => setting(r) === 'off' || (setting(r) === undefined && r.optIn)).map((r) => r.code));
}

function finding(rule: RuleInfo, f: RawFinding, message: string, hint: string): Finding {
  const { code, rule: name, aliases } = rule;
  return { code, rule: name, aliases, severity: f.severity, migration: f.migration, file: f.file, line: f.line, column: f.column, message, hint };
}

/**
 * A finding's identity that survives edits elsewhere in the file and a table growing: its code and
 * its statement's text (comments before it left out, spaces collapsed).
 */
function fingerprintOf(code: string, f: RawFinding): string {
  const text = f.statementText.replace(/^(\s*--[^\n]*\n)+/, '').replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(`${code}\n${text}`).digest('hex').slice(0, 16);
}

/** The setting for a rule from a map keyed by code or name; an unknown key is an error naming it. */
function settingsLookup(settings: Readonly<Record<string, RuleSetting>>, rules: readonly RuleInfo[]): (r: RuleInfo) => RuleSetting | undefined {
  for (const key of Object.keys(settings)) {
    if (!rules.some((r) => r.code === key || r.rule === key)) {
      throw new ShaleError('E_CONFIG', `lint.rules: no rule "${key}" (a code like PG130 or a rule name like require-concurrent-index-creation)`, { rule: key });
    }
  }
  return (r) => settings[r.code] ?? settings[r.rule];
}
