/** How `shale lint` prints its findings: text, JSON, GitHub workflow annotations, SARIF 2.1.0. */
import { relative } from 'node:path';
import { unifiedDiff, type Finding, type LintFixReport, type LintReport, type LintRunReport, type RuleInfo, type TracedStatement } from '../api/lint.js';
import { pc } from './colors.js';


const COLOR = { error: pc.red, warning: pc.yellow, info: pc.cyan } as const;

/** A path as a report shows it: relative to the current folder when it is under it. */
function shown(file: string): string {
  if (/^[a-z0-9]+:\/\//i.test(file)) return file;
  const r = relative(process.cwd(), file);
  return r.startsWith('..') ? file : r;
}

function countsOf(findings: readonly Finding[]): Record<Finding['severity'], number> {
  const c = { error: 0, warning: 0, info: 0 };
  for (const f of findings) c[f.severity]++;
  return c;
}

/** Text: one line per finding (`file:line:col severity CODE rule message`) and its hint, then a summary. */
export function lintText(report: LintReport): string[] {
  const lines: string[] = [];
  for (const f of report.findings) {
    lines.push(`${shown(f.file)}:${f.line}:${f.column}  ${COLOR[f.severity](f.severity)}  ${pc.bold(f.code)} ${f.rule}  ${f.message}`);
    lines.push(pc.dim(`    hint: ${f.hint}`));
  }
  for (const id of report.unread) lines.push(pc.dim(`${id}: a TS/JS migration; its SQL is not known before it runs and was not linted`));
  const c = countsOf(report.findings);
  const hidden = [report.ignored ? `${report.ignored} ignored by comments` : '', report.baselined ? `${report.baselined} in the baseline` : ''].filter(Boolean);
  const total = report.findings.length;
  lines.push(
    `${total === 0 ? 'no findings' : `${total} finding${total === 1 ? '' : 's'} (${c.error} error, ${c.warning} warning, ${c.info} info)`} in ${report.migrations} migration${report.migrations === 1 ? '' : 's'}${hidden.length ? `; ${hidden.join(', ')}` : ''}`,
  );
  return lines;
}

/** `--trace` as text: per statement, what it took and rewrote, and the findings on it. */
export function traceText(statements: readonly TracedStatement[]): string[] {
  const lines = statements.map((t) => {
    const at = `${shown(t.file)}:${t.line}`;
    if (!t.trace) return `${at}  ${pc.dim(t.note ?? 'not observed')}`;
    const locks = t.trace.locks.map((l) => `${l.mode} ${l.relation}`).join(', ') || 'no new lock';
    const rewrites = t.trace.rewrites.length ? `; rewrote ${t.trace.rewrites.join(', ')}` : '';
    const findings = t.findings.length ? pc.dim(` [${t.findings.join(', ')}]`) : '';
    return `${at}  ${locks}${rewrites}${findings}${t.unpredicted ? pc.red('  (no static finding: report this as a shale bug)') : ''}`;
  });
  const missed = statements.filter((t) => t.unpredicted).length;
  return [...lines, `traced ${statements.length} statement${statements.length === 1 ? '' : 's'}; ${missed} hazard${missed === 1 ? '' : 's'} the static rules did not predict`, ''];
}

/** The `--json` document. */
export function lintJson(report: LintRunReport): unknown {
  return {
    findings: report.findings,
    ...(report.statements ? { statements: report.statements } : {}),
    counts: countsOf(report.findings),
    migrations: report.migrations,
    ignored: report.ignored,
    baselined: report.baselined,
    unread: report.unread,
  };
}

/** `--fix` as text: each file's rewrite as a diff, the fixes not made, then what the fixed migrations still have. */
export function fixText(fix: LintFixReport, written: boolean): string[] {
  const lines: string[] = [];
  for (const f of fix.files) {
    lines.push(...unifiedDiff(shown(f.file), f.before, f.after).trimEnd().split('\n').map(colorDiffLine));
    for (const what of f.fixes) lines.push(pc.dim(`    fix: ${what}`));
  }
  for (const s of fix.skipped) lines.push(pc.dim(`${shown(s.file)}: ${s.code} not fixed: ${s.reason}`));
  const n = fix.files.length;
  const verb = written ? 'wrote' : 'would rewrite';
  lines.push(n === 0 ? 'no fix to make' : `${verb} ${n} file${n === 1 ? '' : 's'}${written ? '' : ' (add --write to write them)'}; after the fixes:`);
  return [...lines, ...lintText(fix.remaining)];
}

function colorDiffLine(line: string): string {
  if (line.startsWith('+++') || line.startsWith('---')) return pc.bold(line);
  if (line.startsWith('@@')) return pc.cyan(line);
  if (line.startsWith('+')) return pc.green(line);
  return line.startsWith('-') ? pc.red(line) : line;
}

/** The `--fix` part of the `--json` document: each file's fixes and diff, the fixes not made, the findings left. */
export function fixJson(fix: LintFixReport, written: boolean): unknown {
  return {
    written,
    files: fix.files.map((f) => ({ migration: f.migration, file: f.file, fixes: f.fixes, diff: unifiedDiff(f.file, f.before, f.after) })),
    skipped: fix.skipped,
    remaining: lintJson(fix.remaining),
  };
}

/** `%`, CR, LF (and `,` `:` in properties) are escaped as GitHub's workflow commands require. */
const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** GitHub Actions workflow commands: an annotation on each finding's line of the migration file. */
export function lintGithub(report: LintReport): string[] {
  const level = { error: 'error', warning: 'warning', info: 'notice' } as const;
  return report.findings.map(
    (f) => `::${level[f.severity]} file=${escapeProperty(shown(f.file))},line=${f.line},col=${f.column},title=${escapeProperty(`${f.code} ${f.rule}`)}::${escapeData(`${f.message}. Hint: ${f.hint}`)}`,
  );
}

/** A SARIF 2.1.0 log (GitHub code scanning, IDEs): the rules and one result per finding. */
export function lintSarif(report: LintReport, rules: readonly RuleInfo[], version: string): unknown {
  const level = { error: 'error', warning: 'warning', info: 'note' } as const;
  const index = new Map(rules.map((r, i) => [r.code, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'shale',
            version,
            informationUri: 'https://www.npmjs.com/package/shale',
            rules: rules.map((r) => ({ id: r.code, name: r.rule, shortDescription: { text: r.summary }, defaultConfiguration: { level: level[r.severity] }, properties: { aliases: r.aliases } })),
          },
        },
        results: report.findings.map((f) => ({
          ruleId: f.code,
          ...(index.has(f.code) ? { ruleIndex: index.get(f.code) } : {}),
          level: level[f.severity],
          message: { text: `${f.message}. Hint: ${f.hint}` },
          locations: [{ physicalLocation: { artifactLocation: { uri: shown(f.file) }, region: { startLine: f.line, startColumn: f.column } } }],
          properties: { migration: f.migration },
        })),
      },
    ],
  };
}
