import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ShaleError } from '../../api/migrations.js';
import type { Baseline } from '../../api/lint.js';
import { LINT_FORMATS, type LintFormat } from '../lint-formats.js';
import { globals, outputFor, positiveInt } from '../run.js';
import { resolveSettings } from '../settings.js';

interface LintFlags {
  readonly all?: boolean;
  readonly dialect?: string;
  readonly pgVersion?: number;
  readonly format?: string;
  readonly baseline?: string;
  readonly writeBaseline?: string;
  readonly trace?: boolean;
  readonly devUrl?: string;
  readonly fix?: boolean;
  readonly write?: boolean;
}

/** Exit code when an error-level finding is left (as for destructive statements refused). */
export const LINT_FINDINGS_EXIT = 3;

/** `lint`. */
export function registerLint(program: Command): void {
  program
    .command('lint')
    .description('check migrations for statements that lock, rewrite or break a live database (pending ones of --db; all without a database)')
    .option('--all', 'lint every migration, applied ones too')
    .option('--dialect <name>', "rules to apply without a database: postgres, pglite, mysql or sqlite (default: the config's lint.dialect, else postgres)")
    .option('--pg-version <major>', 'the target PostgreSQL major version without --db (default: the newest)', positiveInt('--pg-version'))
    .option('--format <format>', `output: ${LINT_FORMATS.join(', ')} (default text; --json is json)`)
    .option('--baseline <file>', "hide the findings this baseline file accepts (default: the config's lint.baseline)")
    .option('--trace', 'also run the migrations on a dev database and report the locks each statement took and the relations it rewrote (PostgreSQL)')
    .option('--dev-url <url>', 'dev database for --trace (default pglite:memory)')
    .option('--write-baseline <file>', 'write every finding of this run to a baseline file (then exit 0)')
    .option('--fix', 'rewrite hazards into their safe forms (CONCURRENTLY, NOT VALID + VALIDATE, lock_timeout…) and print the rewrite as a diff')
    .option('--write', 'with --fix and --db: write the rewritten files of the pending migrations')
    .addHelpText('after', '\nExit codes: 0 no error-level finding, 3 error-level findings (with --fix --write: left after the fixes), 1 bad input.\nIgnore a finding with a comment before the statement: -- shale:lint-ignore PG130 reason\n')
    .action(async (o: LintFlags, cmd: Command) => {
      const g = globals(cmd);
      const out = outputFor(g);
      const format = formatOf(o.format, g.json ?? false);
      const s = await resolveSettings(g);
      if (s.dbs.length > 1) throw new ShaleError('E_USAGE', `environment "${s.env}" lists ${s.dbs.length} databases: pass --db <url> for the one to lint`);
      const db = s.dbs[0];
      if (o.write && !o.fix) throw new ShaleError('E_USAGE', '--write writes the rewrites of --fix: pass --fix too');
      if (o.write && s.dbs.length === 0) throw new ShaleError('E_USAGE', '--fix --write needs --db: only the migrations pending there are rewritten (an applied migration must not change)');
      if (o.fix && (o.writeBaseline !== undefined || o.trace || (format !== 'text' && format !== 'json'))) {
        throw new ShaleError('E_USAGE', '--fix prints a diff (text or --json): it does not combine with --write-baseline, --trace or --format github/sarif');
      }
      const baselineFile = o.baseline ?? s.lint.baseline;
      // The linter and its reports are loaded when lint runs: no part of the CLI's start.
      const [{ IGNORE_WITHOUT_REASON, lint, lintDialectFor }, { fixJson, fixText, lintGithub, lintJson, lintSarif, lintText, traceText }] = await Promise.all([import('../../api/lint.js'), import('../lint-report.js')]);
      const report = await lint({
        sources: s.sources,
        ...(db !== undefined ? { db } : {}),
        tablePrefix: s.tablePrefix,
        dialect: o.dialect ?? s.lint.dialect ?? 'postgres',
        all: o.all ?? false,
        ...(o.pgVersion !== undefined ? { serverVersion: o.pgVersion } : {}),
        ...(s.lint.rules ? { rules: s.lint.rules } : {}),
        ...(o.trace ? { trace: o.devUrl !== undefined ? { devUrl: o.devUrl } : {} } : {}),
        ...(o.fix ? { fix: true } : {}),
        ...(baselineFile !== undefined && o.writeBaseline === undefined ? { baseline: readBaseline(baselineFile, o.baseline === undefined) } : {}),
      });
      if (o.writeBaseline !== undefined) {
        writeFileSync(o.writeBaseline, `${JSON.stringify(report.baselineOf, null, 2)}\n`);
        if (format === 'json') out.document({ baseline: o.writeBaseline, accepted: report.baselineOf.findings.length });
        else out.line(`wrote ${report.baselineOf.findings.length} finding${report.baselineOf.findings.length === 1 ? '' : 's'} to ${o.writeBaseline}`);
        return;
      }
      if (report.fix) {
        if (o.write) for (const f of report.fix.files) writeAtomically(f.file, f.after);
        if (format === 'json') out.document({ ...(lintJson(report) as object), fix: fixJson(report.fix, o.write ?? false) });
        else out.lines(fixText(report.fix, o.write ?? false));
        // Unwritten, the files on disk still hold what was found: the exit code says so.
        const left = o.write ? report.fix.remaining.findings : report.findings;
        if (left.some((f) => f.severity === 'error')) process.exitCode = LINT_FINDINGS_EXIT;
        return;
      }
      if (format === 'json') out.document(lintJson(report));
      else if (format === 'github') out.lines(lintGithub(report));
      else if (format === 'sarif') {
        const dialect = await lintDialectFor(db !== undefined ? { url: db } : { dialect: o.dialect ?? s.lint.dialect ?? 'postgres' });
        process.stdout.write(`${JSON.stringify(lintSarif(report, [...dialect.rules, IGNORE_WITHOUT_REASON], program.version() ?? ''), null, 2)}\n`);
      } else out.lines([...(report.statements ? traceText(report.statements) : []), ...lintText(report)]);
      if (report.findings.some((f) => f.severity === 'error')) process.exitCode = LINT_FINDINGS_EXIT;
    });
}

/** A rewritten migration file: written beside it, then renamed over it (never half-written). */
function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.shale-fix-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

function formatOf(format: string | undefined, json: boolean): LintFormat {
  if (format === undefined) return json ? 'json' : 'text';
  if (!(LINT_FORMATS as readonly string[]).includes(format)) throw new ShaleError('E_USAGE', `--format takes ${LINT_FORMATS.join(', ')}, got "${format}"`);
  if (json && format !== 'json') throw new ShaleError('E_USAGE', `--json and --format ${format} ask for two outputs: pass one`);
  return format as LintFormat;
}

/** A baseline file; one named by the config may not exist yet (no finding is accepted). */
function readBaseline(file: string, fromConfig: boolean): Baseline {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (fromConfig && (e as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, findings: [] };
    throw new ShaleError('E_CONFIG', `baseline file not found: ${file} (write one with shale lint --write-baseline ${file})`, { file });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ShaleError('E_CONFIG', `${file}: not a shale lint baseline (invalid JSON)`, { file });
  }
  const b = parsed as Partial<Baseline>;
  const ok = b.version === 1 && Array.isArray(b.findings) && b.findings.every((f) => typeof f?.code === 'string' && typeof f?.migration === 'string' && typeof f?.fingerprint === 'string');
  if (!ok) throw new ShaleError('E_CONFIG', `${file}: not a shale lint baseline (expected {"version":1,"findings":[{code,migration,fingerprint}]})`, { file });
  return b as Baseline;
}
