/**
 * `lint()`: the migrations a run would apply, linted with what the runner knows. With a database,
 * the pending ones (or all with `all`), the server's version and its table sizes; without one, every
 * migration of the sources, a version from `serverVersion`, and every table not created by the run
 * assumed to hold data.
 */
import { lintDialectFor } from '../adapters/schemes.js';
import { ShaleError } from '../errors.js';
import type { Migration } from '../core/migration.js';
import { createMigrator } from '../core/migrator.js';
import { loadMigrations } from '../core/load.js';
import { guardSource } from '../core/guard-source.js';
import { resolveSources, type SourceSpec } from '../sources/resolve.js';
import type { LintDialect, LintMigration, LintTarget } from './dialect.js';
import type { FixPlan } from './fix-files.js';
import { planParsableFixes } from './parsable-fixes.js';
import { lintMigrations, type LintOptions, type LintReport } from './lint.js';
import { traceMigrations, type StatementTrace } from './trace.js';
import { openDevDatabase } from '../declarative/dev-database.js';

export interface LintRunOptions extends LintOptions {
  /** Folders, `s3://` URIs or source objects (default `./migrations`). */
  readonly sources?: readonly SourceSpec[];
  /** The target: its pending migrations are linted, with its version and table sizes. */
  readonly db?: string;
  readonly tablePrefix?: string;
  /** Without `db`: the dialect whose rules apply (default `postgres`). */
  readonly dialect?: string;
  /** Lint every migration, applied ones too (the default without `db`). */
  readonly all?: boolean;
  /** The target's server major version, without `db` (with `db` the server's own is used). */
  readonly serverVersion?: number;
  /** Also run the migrations on a dev database (PGlite by default) and measure what each statement does. */
  readonly trace?: { readonly devUrl?: string };
  /** Also work out the safe forms of the findings that have one (nothing is written). */
  readonly fix?: boolean;
}

/** A traced statement beside the static findings on it. */
export interface TracedStatement extends StatementTrace {
  /** Codes of the findings on this statement's line. */
  readonly findings: readonly string[];
  /**
   * It rewrote a relation the run did not create (new storage: the whole table or index copied under
   * its lock), and no finding is on it: the static rules missed a hazard.
   */
  readonly unpredicted: boolean;
}

/** A lint report, with the measured statements when `trace` was asked for and the fixes when `fix` was. */
export interface LintRunReport extends LintReport {
  readonly statements?: readonly TracedStatement[];
  readonly fix?: LintFixReport;
}

/** The fixed files, the fixes not made, and the findings the fixed migrations still have. */
export interface LintFixReport extends Omit<FixPlan, 'migrations'> {
  readonly remaining: LintReport;
}



/**
 * Lint a project's migrations.
 * @example const { findings } = await lint({ db: 'postgres://localhost/app', sources: ['migrations'] })
 */
export async function lint(opts: LintRunOptions = {}): Promise<LintRunReport> {
  const run = await lintRun(opts);
  if (opts.trace && !run.dialect.traceable) throw new ShaleError('E_UNSUPPORTED', '--trace measures PostgreSQL migrations only (on PGlite or a PostgreSQL dev database)');
  const fix = opts.fix ? await fixesOf(run) : undefined;
  const report: LintRunReport = fix ? { ...run.report, fix } : run.report;
  return opts.trace ? withTrace(report, run.applied, run.chosen, opts.trace.devUrl) : report;
}

/** A lint run's report, with what produced it (to lint the fixed migrations the same way). */
interface LintRun {
  readonly report: LintReport;
  readonly dialect: LintDialect;
  readonly target: LintTarget;
  readonly options: LintOptions;
  readonly applied: readonly LintMigration[];
  readonly chosen: readonly LintMigration[];
  /** Ids of the migrations pending on the database; null without one. */
  readonly pending: ReadonlySet<string> | null;
}

async function lintRun(opts: LintRunOptions): Promise<LintRun> {
  const sources = opts.sources ?? ['migrations'];
  if (!opts.db) {
    const dialect = await lintDialectFor({ dialect: opts.dialect ?? 'postgres' });
    const set = await loadMigrations((await resolveSources(sources)).map(guardSource));
    const chosen = set.migrations.map(lintInput);
    const target: LintTarget = { serverVersion: opts.serverVersion };
    return { report: await lintMigrations(dialect, chosen, target, opts), dialect, target, options: opts, applied: [], chosen, pending: null };
  }
  const dialect = await lintDialectFor({ url: opts.db });
  const m = createMigrator({ db: opts.db, sources, tablePrefix: opts.tablePrefix });
  try {
    const { entries } = await m.status();
    const linted = (e: (typeof entries)[number]) => opts.all || e.state === 'pending';
    const chosen = entries.filter((e) => e.migration && linted(e)).map((e) => lintInput(e.migration!));
    const applied = entries.filter((e) => e.migration && !linted(e)).map((e) => lintInput(e.migration!));
    const a = await m.adapter();
    const own: LintTarget = a.lintTarget ? await a.lintTarget() : {};
    const target = opts.serverVersion !== undefined && own.serverVersion === undefined ? { ...own, serverVersion: opts.serverVersion } : own;
    const pending = new Set(entries.filter((e) => e.state === 'pending').map((e) => e.id));
    return { report: await lintMigrations(dialect, chosen, target, opts), dialect, target, options: opts, applied, chosen, pending };
  } finally {
    await m.close();
  }
}

/**
 * The fixes of the run's findings, and the fixed migrations linted again. Only pending migrations
 * are rewritten (all, without a database: then nothing is known to be applied); a rewrite that no
 * longer parses is dropped, so a fix never writes a file the runner cannot read.
 */
async function fixesOf(run: LintRun): Promise<LintFixReport> {
  const pending = run.pending;
  const { plan, remaining } = await planParsableFixes(run.dialect, run.chosen, run.report.fixable, run.target, run.options, undefined, (id) => pending === null || pending.has(id));
  const { migrations: _rewritten, ...rest } = plan;
  return { ...rest, remaining };
}

/** The report with every statement of `chosen` traced on a dev database built by applying `applied`. */
async function withTrace(report: LintReport, applied: readonly LintMigration[], chosen: readonly LintMigration[], devUrl: string | undefined): Promise<LintRunReport> {
  const dev = await openDevDatabase(devUrl);
  let traced: StatementTrace[];
  try {
    traced = await traceMigrations(dev.adapter, applied, chosen);
  } finally {
    await dev.dispose();
  }
  const created = new Set<string>();
  const statements = traced.map((t): TracedStatement => {
    const findings = report.findings.filter((f) => f.migration === t.migration && f.file === t.file && f.line === t.line).map((f) => f.code);
    // What the statement itself creates is new too.
    for (const c of t.trace?.created ?? []) created.add(c);
    // Every ALTER TABLE takes ACCESS EXCLUSIVE, most only for an instant: a rewrite is what makes it long.
    const hazard = t.trace !== null && t.trace.rewrites.some((r) => !created.has(r));
    return { ...t, findings, unpredicted: hazard && findings.length === 0 };
  });
  return { ...report, statements };
}

/** What the linter reads of a migration: its up scripts (a TS/JS module has none to read). */
function lintInput(m: Migration): LintMigration {
  return { id: m.id, scripts: m.up.kind === 'sql' ? m.up.scripts : [] };
}
