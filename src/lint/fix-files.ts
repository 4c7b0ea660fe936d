/**
 * `shale lint --fix`: the fixes of a lint run's findings, put into the migration files. A file is
 * rewritten only where its text is still what the linter read; the rewritten migrations are linted
 * again so the report says what is left.
 */
import { readFileSync } from 'node:fs';
import type { SqlScript } from '../core/migration.js';
import type { LintFix, LintMigration, RawFinding } from './dialect.js';
import { messageOf } from '../errors.js';
import { fixScript, type FixedScript } from './fix-script.js';

/** One migration file with its fixes applied. */
export interface FileFix {
  readonly migration: string;
  readonly file: string;
  /** What was done, one line per fix. */
  readonly fixes: readonly string[];
  readonly before: string;
  readonly after: string;
}

/** A finding with a fix that was not applied, and why. */
export interface FixSkipped {
  readonly migration: string;
  readonly file: string;
  readonly code: string;
  readonly reason: string;
}

export interface FixPlan {
  readonly files: readonly FileFix[];
  readonly skipped: readonly FixSkipped[];
  /** The migrations as they read once the files are rewritten (to lint again). */
  readonly migrations: readonly LintMigration[];
}

/** How a file is read (a test passes its own). */
export type ReadFile = (location: string) => string;

const readLocal: ReadFile = (location) => readFileSync(location, 'utf8');

/** A script with the fixes of its findings, before it is placed in its file. */
interface FixedScriptOf {
  readonly migration: string;
  readonly script: SqlScript;
  readonly findings: readonly RawFinding[];
  readonly fixes: readonly Extract<LintFix, { title: string }>[];
  readonly fixed: FixedScript;
}

/**
 * The files `findings` (those a report keeps: after ignores, settings and the baseline) can be
 * fixed in, with their new text. Nothing is written. Only migrations `rewritable` accepts are
 * rewritten (an applied migration's file must not change: its checksum is recorded).
 */
export function planFixes(migrations: readonly LintMigration[], findings: readonly RawFinding[], read: ReadFile = readLocal, rewritable: (id: string) => boolean = () => true): FixPlan {
  const skipped: FixSkipped[] = [];
  const skip = (x: { migration: string; script: SqlScript; findings: readonly RawFinding[] }, reason: string): void => {
    for (const f of x.findings) skipped.push({ migration: x.migration, file: x.script.location, code: f.code, reason });
  };
  const byFile = new Map<string, FixedScriptOf[]>();
  for (const m of migrations) {
    for (const script of m.scripts) {
      const mine = findings.filter((f) => f.fix && f.migration === m.id && f.file === script.location && f.scriptText === script.sql);
      if (mine.length === 0) continue;
      if (!rewritable(m.id)) {
        skip({ migration: m.id, script, findings: mine }, 'the migration is applied: its file must not change (its checksum is recorded)');
        continue;
      }
      const fixes = oneFixPerStatement(mine, skipped);
      const entry: FixedScriptOf = { migration: m.id, script, findings: mine, fixes, fixed: fixScript(script.sql, script.transaction, fixes) };
      byFile.set(script.location, [...(byFile.get(script.location) ?? []), entry]);
    }
  }
  const files: FileFix[] = [];
  const placed = new Map<SqlScript, FixedScript>();
  for (const [file, entries] of byFile) {
    let text: string;
    try {
      text = read(file);
    } catch (e) {
      for (const x of entries) skip(x, `cannot read ${file}: ${messageOf(e)} (only local migration files can be fixed)`);
      continue;
    }
    const before = text;
    const done: string[] = [];
    // From the last script to the first: placing one changes no line number of those before it.
    for (const x of [...entries].sort((a, b) => b.script.line - a.script.line)) {
      const next = placeScript(text, x.script, x.fixed.sql, x.fixed.transaction);
      if (next === null) {
        skip(x, 'the file changed since it was read');
        continue;
      }
      text = next;
      placed.set(x.script, x.fixed);
      done.unshift(...x.fixes.map((f) => f.title));
    }
    if (done.length > 0) files.push({ migration: entries[0]!.migration, file, fixes: done, before, after: text });
  }
  const rewritten = migrations.map((m): LintMigration => ({ ...m, scripts: m.scripts.map((sc) => { const f = placed.get(sc); return f ? { ...sc, sql: f.sql, transaction: f.transaction } : sc; }) }));
  return { files, skipped, migrations: rewritten };
}

/** One fix per statement (two rules may propose the same one) and one preamble per script. */
function oneFixPerStatement(findings: readonly RawFinding[], skipped: FixSkipped[]): LintFix[] {
  const out: LintFix[] = [];
  for (const f of findings) {
    const fix = f.fix;
    if (!fix) continue;
    const same = out.find((o) => (o.kind === 'preamble' && fix.kind === 'preamble') || (o.kind === 'replace' && fix.kind === 'replace' && o.from < fix.to && fix.from < o.to));
    if (!same) out.push(fix);
    else if (!sameFix(same, fix)) skipped.push({ migration: f.migration, file: f.file, code: f.code, reason: `the statement already has a fix (${same.title}); fix the rest by hand` });
  }
  return out;
}

/** Two rules proposing one fix for a statement (PG102 and PG118 both ask for NOT VALID). */
function sameFix(a: LintFix, b: LintFix): boolean {
  if (a.kind !== b.kind || a.title !== b.title) return false;
  if (a.kind === 'preamble' || b.kind === 'preamble') return true;
  return a.from === b.from && a.to === b.to && a.steps.length === b.steps.length && a.steps.every((s, i) => s.sql === b.steps[i]!.sql && s.run === b.steps[i]!.run);
}

/**
 * The file text with the script (which starts on `script.line`) replaced by `sql`, and marked to
 * run statement by statement when it no longer runs in one transaction; null when the file no
 * longer holds the script's text there.
 */
function placeScript(file: string, script: SqlScript, sql: string, transaction: boolean): string | null {
  const bom = file.charCodeAt(0) === 0xfeff ? 1 : 0;
  let at = bom;
  for (let line = 1; line < script.line; line++) {
    const nl = file.indexOf('\n', at);
    if (nl < 0) return null;
    at = nl + 1;
  }
  if (!file.startsWith(script.sql, at)) return null;
  const text = transaction || !script.transaction ? sql : withoutTransaction(sql);
  return `${file.slice(0, at)}${text}${file.slice(at + script.sql.length)}`;
}

const SECTION_RE = /^(--[ \t]*migrate:up)([^\r\n]*)/;
const DIRECTIVE_RE = /^--[ \t]*transaction(?:al)?[ \t]*:[ \t]*\S+[ \t]*$/im;

/**
 * A script marked to run outside a transaction: a dbmate section gets `transaction:false` on its
 * `-- migrate:up` line; any other file a `-- transaction: false` directive on its first line (or in
 * place of a `-- transaction: true` one among its leading comments).
 */
export function withoutTransaction(sql: string): string {
  const section = SECTION_RE.exec(sql);
  if (section) return sql.replace(SECTION_RE, (_m, marker: string, opts: string) => `${marker}${opts.replace(/\btransaction:\S+/, '').trimEnd()} transaction:false`);
  const eol = sql.includes('\r\n') ? '\r\n' : '\n';
  const lead = sql.slice(0, leadingCommentsEnd(sql));
  if (DIRECTIVE_RE.test(lead)) return sql.replace(DIRECTIVE_RE, '-- transaction: false');
  return `-- transaction: false${eol}${sql}`;
}

/** Where the leading blank and `--` comment lines of `sql` end. */
function leadingCommentsEnd(sql: string): number {
  let at = 0;
  while (at < sql.length) {
    const nl = sql.indexOf('\n', at);
    const line = sql.slice(at, nl < 0 ? sql.length : nl).trim();
    if (line !== '' && !line.startsWith('--')) return at;
    if (nl < 0) return sql.length;
    at = nl + 1;
  }
  return at;
}
