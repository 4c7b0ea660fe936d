import { ShaleError, createMigrator, messageOf, type Migrator, type RunResult } from '../api/migrations.js';
import type { FleetReport } from '../api/fleet.js';
import type { Finding, LintRunOptions, LintRunReport } from '../api/lint.js';
import type { Output } from './output.js';
import type { RunExtras } from './run.js';
import { singleDb, type Settings } from './settings.js';

/** lint, loaded when a protected environment or a dry run needs it: no part of the CLI's start. */
async function lazyLint(opts: LintRunOptions): Promise<LintRunReport> {
  return (await import('../api/lint.js')).lint(opts);
}

/**
 * The gate of a `"protected": true` environment: lint the pending migrations of its database and
 * refuse (E_HAZARD, exit 3) error-level findings that `--allow-hazard CODE` does not name. An allowed
 * one is reported on stderr, so the run's log says what was accepted, and returned (for
 * {@link logAllowedHazards} once the run is done).
 */
export async function refuseHazards(s: Settings, allowed: readonly string[], out: Output, target?: string): Promise<Finding[]> {
  const db = target ?? singleDb(s);
  const { displayTarget } = await import('../api/fleet.js');
  const report = await lazyLint({ db, sources: s.sources, tablePrefix: s.tablePrefix, ...(s.lint.rules ? { rules: s.lint.rules } : {}) });
  const errors = report.findings.filter((f) => f.severity === 'error');
  const refused = errors.filter((f) => !allowed.includes(f.code) && !allowed.includes(f.rule));
  const accepted = errors.filter((x) => !refused.includes(x));
  const on = target !== undefined ? ` on ${displayTarget(target)}` : '';
  for (const f of accepted) out.warn(`allowed hazard ${f.code} ${f.rule} in ${f.migration}${on} (${f.file}:${f.line}): ${f.message}`);
  if (refused.length === 0) return accepted;
  const first = refused[0]!;
  const more = refused.length > 1 ? ` and ${refused.length - 1} more (shale lint lists them)` : '';
  throw new ShaleError(
    'E_HAZARD',
    `environment "${s.env}" is protected: ${first.code} ${first.rule} in ${first.migration}${on} (${first.file}:${first.line}:${first.column}): ${first.message}${more}; fix the migration, or pass --allow-hazard ${first.code}`,
    { codes: [...new Set(refused.map((f) => f.code))], ...(target !== undefined ? { target: displayTarget(target) } : {}) },
  );
}

/**
 * The audit log's record of the hazards `--allow-hazard` let through: one `allow-hazard` row per
 * finding of a migration the run applied, the finding in its `error` column (`shale log` shows it).
 */
export async function logAllowedHazards(m: Migrator, accepted: readonly Finding[], r: RunResult): Promise<void> {
  const applied = new Set(r.results.filter((x) => x.status === 'applied').map((x) => x.id));
  const rows = accepted.filter((f) => applied.has(f.migration));
  if (rows.length === 0) return;
  for (const f of rows) await m.logAllowedHazard(f.migration, `${f.code} ${f.rule} at ${f.file}:${f.line}:${f.column}: ${f.message}`);
}

/** Lint runs at once when a fleet is gated (each opens one connection to its target). */
const GATE_CONCURRENCY = 4;

/**
 * The gate of a protected environment for `fleet up`: every target's pending migrations linted with
 * what that target knows (its tables' sizes), before any target runs; the first target with a refused
 * finding stops the fleet (E_HAZARD, exit 3, nothing run). The accepted findings, per target URL.
 */
export async function refuseFleetHazards(s: Settings, targets: readonly string[], allowed: readonly string[], out: Output): Promise<Map<string, Finding[]>> {
  const accepted = new Map<string, Finding[]>();
  for (let i = 0; i < targets.length; i += GATE_CONCURRENCY) {
    const batch = targets.slice(i, i + GATE_CONCURRENCY);
    const found = await Promise.all(batch.map((url) => refuseHazards(s, allowed, out, url)));
    batch.forEach((url, k) => accepted.set(url, found[k]!));
  }
  return accepted;
}

/** {@link logAllowedHazards} for each target of a fleet run, on the migrations it applied there. */
export async function logFleetAllowedHazards(s: Settings, accepted: ReadonlyMap<string, readonly Finding[]>, report: FleetReport, out: Output): Promise<void> {
  const { displayTarget } = await import('../api/fleet.js');
  for (const [url, findings] of accepted) {
    const result = report.targets.find((t) => t.target === displayTarget(url));
    if (!result || findings.length === 0 || result.applied.length === 0) continue;
    const m = createMigrator({ db: url, sources: s.sources, tablePrefix: s.tablePrefix });
    try {
      await logAllowedHazards(m, findings, { results: result.applied.map((id) => ({ id, direction: 'up', status: 'applied', durationMs: 0 })), error: null, warnings: [] });
    } catch (e) {
      // The fleet's report must still be printed.
      out.warn(`allowed hazards not recorded in the audit log of ${result.target}: ${messageOf(e)}`);
    } finally {
      await m.close().catch(() => undefined);
    }
  }
}

/**
 * What `up --dry-run` adds to the SQL it prints: the lint findings on the pending migrations, as
 * `-- hazard …` comment lines after it (the output stays runnable SQL) and as `hazards` in `--json`.
 */
export async function dryRunHazards(s: Settings): Promise<RunExtras> {
  const report = await lazyLint({ db: singleDb(s), sources: s.sources, tablePrefix: s.tablePrefix, ...(s.lint.rules ? { rules: s.lint.rules } : {}) });
  const lines = report.findings.map((f) => `-- hazard ${f.code} ${f.rule} (${f.severity}) at ${f.file}:${f.line}:${f.column}: ${f.message}`);
  return { json: { hazards: report.findings }, sqlComments: lines.length > 0 ? ['', `-- shale lint: ${lines.length} finding${lines.length === 1 ? '' : 's'} on the pending migrations`, ...lines] : [] };
}
