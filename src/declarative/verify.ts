import type { Adapter } from '../adapters/adapter.js';
import { createMigrator } from '../core/migrator.js';
import { ShaleError, messageOf } from '../errors.js';
import type { SchemaDialect, SchemaModel } from '../schema/dialect.js';
import type { SourceSpec } from '../sources/resolve.js';
import { chooseDevUrl, devForUrl, openDevDatabase } from './dev-database.js';
import { runPlan } from './run-plan.js';
import { migrationTexts } from './migration-texts.js';
import { schemaDialectOf } from './schema-dialect.js';
import { snapshotWith } from './snapshot.js';

/**
 * Outcome for one migration: `ok` (up → down → up leaves the schema as it was at each step),
 * `no-rollback` (it has none), `not-reversible` (after the rollback the schema differs from before),
 * `not-repeatable` (applying it again gives a different schema), `rollback-failed`, `failed` (up
 * failed: later migrations are `not-run`). Repeatable migrations (`R__…`) are re-run rather than
 * rolled back: `repeatable`, applied but not round-tripped, and not a failure.
 */
export type VerifyStatus = 'ok' | 'repeatable' | 'no-rollback' | 'not-reversible' | 'not-repeatable' | 'rollback-failed' | 'failed' | 'not-run';

export interface VerifyResult {
  readonly id: string;
  readonly location: string;
  readonly status: VerifyStatus;
  /** The difference found, as SQL: what the rollback left behind (before → after rollback), or before-vs-again. */
  readonly difference: readonly string[];
  readonly error?: string;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly results: readonly VerifyResult[];
  readonly devDatabase: string;
}

export interface VerifyOptions {
  readonly sources?: readonly SourceSpec[];
  readonly devUrl?: string;
  /** The project's database URL (never opened): the dev database is of its dialect (`sqlite::memory:` for SQLite). */
  readonly db?: string;
  readonly tablePrefix?: string;
  /** Called after each migration is checked (progress). */
  readonly onResult?: (r: VerifyResult) => void;
}

/**
 * Check that every migration rolls back cleanly: on a fresh dev database, for each migration in
 * order, snapshot, apply, snapshot, roll back, compare with the first snapshot, apply again and
 * compare with the second.
 * @example const r = await verifyMigrations({ sources: ['migrations'] }); for (const x of r.results) if (x.status !== 'ok') …
 */
export async function verifyMigrations(opts: VerifyOptions = {}): Promise<VerifyReport> {
  const prefix = opts.tablePrefix !== undefined ? { tablePrefix: opts.tablePrefix } : {};
  const dev = await openDevDatabase(chooseDevUrl(opts.devUrl, opts.db ? devForUrl(opts.db) : undefined), prefix);
  try {
    const dialect = await schemaDialectOf(dev.adapter, 'verify');
    const m = createMigrator({ adapter: dev.adapter, sources: opts.sources ?? ['migrations'], ...prefix });
    const set = await m.load();
    await dev.provideRoles(migrationTexts(set));
    const results: VerifyResult[] = [];
    const push = (r: VerifyResult) => {
      results.push(r);
      opts.onResult?.(r);
    };
    const snap = () => snapshotWith(dialect, dev.adapter, prefix);
    let before = await snap();
    let stopped = false;
    for (const mig of set.migrations) {
      const base = { id: mig.id, location: mig.location };
      if (stopped) {
        push({ ...base, status: 'not-run', difference: [] });
        continue;
      }
      const up = await m.up({ to: mig.id });
      if (up.error) {
        push({ ...base, status: 'failed', difference: [], error: up.error.message });
        stopped = true;
        continue;
      }
      const after = await snap();
      if (!mig.down || mig.kind === 'repeatable') {
        push({ ...base, status: mig.kind === 'repeatable' ? 'repeatable' : 'no-rollback', difference: [] });
        before = after;
        continue;
      }
      const down = await m.down();
      if (down.error) {
        push({ ...base, status: 'rollback-failed', difference: [], error: down.error.message });
        before = after;
        continue;
      }
      const back = await snap();
      const reversible = dialect.sameSchema(back, before);
      const leftBehind = reversible ? [] : sqlOf(dialect, before, back);
      // Put the database back where it was so the re-apply (and the next migrations) start clean.
      if (!reversible) await restore(dialect, dev.adapter, back, before);
      const again = await m.up({ to: mig.id });
      if (again.error) {
        push({ ...base, status: reversible ? 'not-repeatable' : 'not-reversible', difference: leftBehind, error: again.error.message });
        stopped = true;
        continue;
      }
      const final = await snap();
      if (!reversible) push({ ...base, status: 'not-reversible', difference: leftBehind });
      else if (!dialect.sameSchema(final, after)) push({ ...base, status: 'not-repeatable', difference: sqlOf(dialect, after, final) });
      else push({ ...base, status: 'ok', difference: [] });
      before = final;
    }
    return { ok: results.every((r) => r.status === 'ok' || r.status === 'repeatable'), results, devDatabase: dev.display };
  } finally {
    await dev.dispose();
  }
}

function sqlOf(dialect: SchemaDialect, from: SchemaModel, to: SchemaModel): string[] {
  return dialect.diffModels(from, to).statements.map((s) => s.sql);
}

async function restore(dialect: SchemaDialect, db: Adapter, from: SchemaModel, to: SchemaModel): Promise<void> {
  const d = dialect.diffModels(from, to);
  let current = '';
  try {
    await runPlan(db, d.statements.map((s) => s.sql), d.outsideTransaction, (s) => (current = s));
  } catch (e) {
    throw new ShaleError('E_SQL', `cannot restore the dev database after a rollback that does not round-trip (${current}): ${messageOf(e)}`, { statement: current }, { cause: e });
  }
}
