/**
 * `shale plan`: what `up` would do to a database, gathered for a reviewer — the pending migrations
 * with their SQL, the lint findings on them, the schema change they make (measured on a dev
 * database: the applied migrations, then the pending ones, each side inspected) with the hazards of
 * each change, and whether each pending migration rolls back cleanly (`verify`).
 */
import { createMigrator } from '../core/migrator.js';
import type { Migration, MigrationSet } from '../core/migration.js';
import { messageOf } from '../errors.js';
import type { Finding } from '../lint/finding.js';
import type { LintOptions } from '../lint/lint.js';
import { lint } from '../lint/run.js';
import type { PlannedStatement, UnsupportedObject } from '../schema/dialect.js';
import type { SourceSpec } from '../sources/resolve.js';
import { applyMigrations } from './apply-migrations.js';
import { DEV_DIFF_OPTIONS } from './compare.js';
import { chooseDevUrl, devForUrl, openDevDatabase } from './dev-database.js';
import { migrationTexts } from './migration-texts.js';
import { schemaDialectOf } from './schema-dialect.js';
import { snapshotWith } from './snapshot.js';
import { verifyMigrations, type VerifyResult } from './verify.js';

export interface PlanOptions extends LintOptions {
  /** The target database. */
  readonly db: string;
  readonly sources?: readonly SourceSpec[];
  readonly tablePrefix?: string;
  /** Dev database for the schema change and verify (default: the target dialect's embedded one). */
  readonly devUrl?: string;
  /** Check that each pending migration rolls back cleanly (default true; it runs every migration on the dev database). */
  readonly verify?: boolean;
}

/** One migration of the target's set, as the plan shows it. */
export interface PlannedMigration {
  readonly id: string;
  readonly state: 'applied' | 'pending' | 'changed' | 'missing' | 'partial';
  readonly file: string | null;
  readonly depends: readonly string[];
  /** Its SQL (pending ones only; a TS/JS migration has none to show). */
  readonly sql: string | null;
  /** Whether it runs in one transaction (pending ones). */
  readonly transaction: boolean | null;
}

/** A part of the plan that could not be worked out, and why (the rest of the plan still stands). */
export interface PlanGap {
  readonly error: string;
}

export interface PlanReport {
  readonly target: string;
  readonly migrations: readonly PlannedMigration[];
  readonly findings: readonly Finding[];
  /** The schema change of the pending migrations, as the statements that would make it (with their hazards). */
  readonly schema: { readonly statements: readonly PlannedStatement[]; readonly unsupported: readonly UnsupportedObject[] } | PlanGap;
  /** Verify results of the pending migrations; null when not asked for. */
  readonly verify: readonly VerifyResult[] | PlanGap | null;
}

/**
 * The plan of `up` on `opts.db`. Nothing is changed on the target: the schema change and verify run
 * on dev databases.
 * @example const p = await plan({ db: 'postgres://localhost/app' }); console.log(p.migrations.filter((m) => m.state === 'pending'))
 */
export async function plan(opts: PlanOptions): Promise<PlanReport> {
  const sources = opts.sources ?? ['migrations'];
  const prefix = opts.tablePrefix !== undefined ? { tablePrefix: opts.tablePrefix } : {};
  const m = createMigrator({ db: opts.db, sources, ...prefix });
  let target: string;
  let entries: Awaited<ReturnType<typeof m.status>>['entries'];
  try {
    entries = (await m.status()).entries;
    target = (await m.adapter()).display;
  } finally {
    await m.close();
  }
  const pending = entries.filter((e) => e.state === 'pending').map((e) => e.id);
  const lintOptions: LintOptions = { ...(opts.rules ? { rules: opts.rules } : {}), ...(opts.baseline ? { baseline: opts.baseline } : {}) };
  const linted = await lint({ db: opts.db, sources, ...prefix, ...lintOptions });
  const applied = new Set(entries.filter((e) => e.state === 'applied' || e.state === 'changed').map((e) => e.id));
  const schema = await schemaChange(opts, sources, applied).catch((e: unknown): PlanGap => ({ error: messageOf(e) }));
  const verify = opts.verify === false ? null : await verifyPending(opts, sources, pending).catch((e: unknown): PlanGap => ({ error: messageOf(e) }));
  return {
    target,
    migrations: entries.map((e) => plannedMigration(e.id, e.state, e.migration)),
    findings: linted.findings,
    schema,
    verify,
  };
}

function plannedMigration(id: string, state: PlannedMigration['state'], m: Migration | null): PlannedMigration {
  const scripts = m && state === 'pending' && m.up.kind === 'sql' ? m.up.scripts : null;
  return {
    id,
    state,
    file: m?.location ?? null,
    depends: m?.depends ?? [],
    sql: scripts ? scripts.map((s) => s.sql).join('\n') : null,
    transaction: scripts ? scripts.every((s) => s.transaction) : null,
  };
}

/**
 * On a dev database: exactly the applied migrations (not a pending one that sorts among them), a
 * snapshot, then the pending ones as `up` runs them, a snapshot; the diff of the two.
 */
async function schemaChange(opts: PlanOptions, sources: readonly SourceSpec[], applied: ReadonlySet<string>): Promise<PlanReport['schema']> {
  const prefix = opts.tablePrefix !== undefined ? { tablePrefix: opts.tablePrefix } : {};
  const dev = await openDevDatabase(chooseDevUrl(opts.devUrl, devForUrl(opts.db)), prefix);
  try {
    const dialect = await schemaDialectOf(dev.adapter, 'plan');
    const beforeRun = async (set: MigrationSet) => dev.provideRoles(migrationTexts(set));
    if (applied.size > 0) await applyMigrations(dev.adapter, { sources, only: applied, beforeRun, ...prefix });
    const before = await snapshotWith(dialect, dev.adapter, prefix);
    await applyMigrations(dev.adapter, { sources, beforeRun, ...prefix });
    const after = await snapshotWith(dialect, dev.adapter, prefix);
    const diff = dialect.diffModels(before, after, DEV_DIFF_OPTIONS);
    return { statements: diff.statements, unsupported: diff.unsupported };
  } finally {
    await dev.dispose();
  }
}

async function verifyPending(opts: PlanOptions, sources: readonly SourceSpec[], pending: readonly string[]): Promise<readonly VerifyResult[]> {
  const ids = new Set(pending);
  const report = await verifyMigrations({ sources, db: opts.db, ...(opts.devUrl ? { devUrl: opts.devUrl } : {}), ...(opts.tablePrefix !== undefined ? { tablePrefix: opts.tablePrefix } : {}) });
  return report.results.filter((r) => ids.has(r.id));
}
