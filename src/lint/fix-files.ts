/**
 * `shale lint --fix`: the fixes of a lint run's findings, put into the migration files. A file is
 * rewritten only where its text is still what the linter read; the rewritten migrations are linted
 * again so the report says what is left.
 */
import { readFileSync } from 'node:fs';
import type { SqlScript } from '../core/migration.js';
import type { LintFix, LintMigration, RawFinding } from './dialect.js';
import { fixScript } from './fix-script.js';

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

/**
 * The files `findings` (those a report keeps: after ignores, settings and the baseline) can be
 * fixed in, with their new text. Nothing is written.
 */
export function planFixes(migrations: readonly LintMigration[], findings: readonly RawFinding[], read: ReadFile = readLocal): FixPlan {
  const skipped: FixSkipped[] = [];
  const files = new Map<string, { migration: string; text: string; before: string; fixes: string[] }>();
  const rewritten = migrations.map((m): LintMigration => {
    const scripts = m.scripts.map((script) => {
      const mine = findings.filter((f) => f.fix && f.migration === m.id && f.file === script.location && f.scriptText === script.sql);
      if (mine.length === 0) return script;
      const fixes = oneFixPerStatement(mine, skipped);
      const fixed = fixScript(script.sql, script.transaction, fixes);
      const file = files.get(script.location) ?? loadFile(script.location, m.id, read);
      if (typeof file === 'string') {
        for (const f of mine) skipped.push({ migration: m.id, file: script.location, code: f.code, reason: file });
        return script;
      }
      const placed = placeScript(file.text, script, fixed.sql, fixed.transaction);
      if (placed === null) {
        for (const f of mine) skipped.push({ migration: m.id, file: script.location, code: f.code, reason: 'the file changed since it was read' });
        return script;
      }
      file.text = placed;
      file.fixes.push(...fixes.map((f) => f.title));
      files.set(script.location, file);
      return { ...script, sql: fixed.sql, transaction: fixed.transaction };
    });
    return { ...m, scripts };
  });
  const out = [...files].map(([file, f]): FileFix => ({ migration: f.migration, file, fixes: f.fixes, before: f.before, after: f.text }));
  return { files: out, skipped, migrations: rewritten };
}

/** One fix per statement (two rules may propose the same one) and one preamble per script. */
function oneFixPerStatement(findings: readonly RawFinding[], skipped: FixSkipped[]): LintFix[] {
  const out: LintFix[] = [];
  for (const f of findings) {
    const fix = f.fix!;
    const same = out.find((o) => (o.kind === 'preamble' && fix.kind === 'preamble') || (o.kind === 'replace' && fix.kind === 'replace' && o.from < fix.to && fix.from < o.to));
    if (!same) out.push(fix);
    else if (JSON.stringify(same) !== JSON.stringify(fix)) {
      skipped.push({ migration: f.migration, file: f.file, code: f.code, reason: `the statement already has a fix (${same.title}); fix the rest by hand` });
    }
  }
  return out;
}

function loadFile(location: string, migration: string, read: ReadFile): { migration: string; text: string; before: string; fixes: string[] } | string {
  try {
    const text = read(location);
    return { migration, text, before: text, fixes: [] };
  } catch {
    return `cannot read ${location} (only local migration files can be fixed)`;
  }
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
