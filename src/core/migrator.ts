import { AsyncLocalStorage } from 'node:async_hooks';
import type { Adapter } from '../adapters/adapter.js';
import type { AppliedRecord, LogEntry } from './history.js';
import { openAdapter } from '../adapters/open.js';
import { ShaleError, messageOf } from '../errors.js';
import { Emitter, type Listener, type ShaleEventName } from '../events.js';
import { resolveSources, type SourceSpec } from '../sources/resolve.js';
import type { InDoubtResolution } from '../adapters/adapter.js';
import { acceptChecksum, applyMigration, completeRecord, markMigration, settleStatement, unmarkMigration } from './apply.js';
import { waitForOrphans } from './orphans.js';
import { statementPreview } from './position.js';
import { renderDryRun, type DryRunStep } from './dry-run.js';
import { loadMigrations } from './load.js';
import type { ModuleLoader } from './formats/module.js';
import type { Migration, MigrationSet } from './migration.js';
import { assertNoPartial, findMigration, planBaseline, planDown, planMark, planUnmark, planUp, type DownPlanOptions, type UpPlanOptions } from './plan.js';
import { prepareBody, statementCount, type PreparedBody } from './prepare.js';
import type { MigrationResult, RunResult } from './result.js';
import { applyEach, applyInOneTransaction, modeFor, rollbackEach, runHooks, type PreparedMigration } from './run-steps.js';
import { computeStatus, isInDoubt, partialSummary, type StatusEntry } from './status.js';

export const DEFAULT_LOCK_TIMEOUT_MS = 60_000;

export interface MigratorOptions {
  /** A database URL (the migrator opens and closes it) … */
  readonly db?: string;
  /** … or an adapter you opened (you close it). */
  readonly adapter?: Adapter;
  /** Folders (globs allowed), `s3://bucket/prefix/` URIs, or source objects. Default `./migrations`. */
  readonly sources?: readonly SourceSpec[];
  readonly tablePrefix?: string;
  readonly lockTimeoutMs?: number;
  readonly importModule?: ModuleLoader;
}

export type { ResultStatus, MigrationResult, RunResult } from './result.js';

export interface StatusReport {
  readonly entries: StatusEntry[];
  readonly counts: Record<StatusEntry['state'], number>;
}

export interface UpOptions extends UpPlanOptions {
  readonly dryRun?: boolean;
  readonly singleTransaction?: boolean;
  /** Run post-apply hooks after a run that applied something (default true; yoyo F3: false = apply only). */
  readonly hooks?: boolean;
}

export interface DownOptions extends DownPlanOptions {
  readonly dryRun?: boolean;
}

function toShaleError(e: unknown): ShaleError {
  return e instanceof ShaleError ? e : new ShaleError('E_SQL', messageOf(e), {}, { cause: e });
}

/**
 * The versioned-migration engine.
 * @example
 * const m = createMigrator({ db: 'sqlite:app.db', sources: ['migrations'] });
 * try { const r = await m.up(); if (r.error) throw r.error } finally { await m.close() }
 */
async function records(a: Adapter): Promise<AppliedRecord[]> {
  return (await a.history.exists()) ? a.history.list() : [];
}

/**
 * Split one migration's body for `direction`. Blank scripts are skipped, so a migration with no
 * statement (an empty file, only comments, an empty dbmate block) runs as a no-op and is recorded,
 * as in dbmate (P2), yoyo and Flyway; `up` warns about it (see {@link emptyWarnings}).
 */
async function prepareMigration(a: Adapter, m: Migration, direction: 'up' | 'down'): Promise<PreparedBody> {
  const body = direction === 'up' ? m.up : m.down!;
  return prepareBody(a, body.kind === 'sql' ? { ...body, scripts: body.scripts.filter((s) => s.sql.trim() !== '') } : body);
}

/** A warning per migration about to be recorded without running anything (merge points excepted). */
function emptyWarnings(prepared: readonly PreparedMigration[]): string[] {
  return prepared
    .filter(({ m, body }) => statementCount(body) === 0 && m.depends.length < 2)
    .map(({ m }) => `${m.location}: no SQL statement (empty or only comments); recorded as applied without running anything`);
}

/** `not-run` placeholders for a plan, replaced as each migration is prepared and run. */
function notRun(migrations: readonly Migration[], direction: 'up' | 'down'): MigrationResult[] {
  return migrations.map((m) => ({ id: m.id, direction, status: 'not-run', durationMs: 0 }));
}

/**
 * Prepare every migration of a plan before anything runs; one that cannot be prepared becomes
 * `failed` in `results[offset + i]` (the others stay `not-run`) and the error is rethrown.
 */
async function prepareInto(a: Adapter, migrations: readonly Migration[], direction: 'up' | 'down', results: MigrationResult[], offset: number): Promise<PreparedMigration[]> {
  const out: PreparedMigration[] = [];
  for (const [i, m] of migrations.entries()) {
    try {
      out.push({ m, body: await prepareMigration(a, m, direction) });
    } catch (e) {
      results[offset + i] = { id: m.id, direction, status: 'failed', durationMs: 0, error: messageOf(e) };
      throw e;
    }
  }
  return out;
}

export class Migrator {
  readonly events = new Emitter();
  private adapterPromise: Promise<Adapter> | null = null;
  private readonly ownsAdapter: boolean;
  /** Set inside this migrator's locked work, so operations nested in it share the lock (yoyo G3). */
  private readonly holding = new AsyncLocalStorage<true>();
  /** Locked operations of this migrator run one after another: they share one connection. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: MigratorOptions) {
    if (!opts.db && !opts.adapter) throw new ShaleError('E_USAGE', 'createMigrator needs `db` (a URL) or `adapter`');
    this.ownsAdapter = !opts.adapter;
    if (opts.adapter) this.adapterPromise = Promise.resolve(opts.adapter);
  }

  on<K extends ShaleEventName>(name: K, fn: Listener<K>): () => void {
    return this.events.on(name, fn);
  }

  /** The connection, opened on first use. */
  adapter(): Promise<Adapter> {
    this.adapterPromise ??= openAdapter(this.opts.db!, { tablePrefix: this.opts.tablePrefix });
    return this.adapterPromise;
  }

  /** Read and order the migrations of every source. */
  async load(): Promise<MigrationSet> {
    const sources = await resolveSources(this.opts.sources ?? ['migrations']);
    return loadMigrations(sources, { importModule: this.opts.importModule });
  }

  private async entries(a: Adapter, set: MigrationSet): Promise<StatusEntry[]> {
    return computeStatus(set.migrations, await records(a));
  }

  async status(): Promise<StatusReport> {
    // Files are read while the connection opens and the records arrive.
    const [set, applied] = await Promise.all([this.load(), this.adapter().then(records)]);
    const entries = computeStatus(set.migrations, applied);
    const counts = { applied: 0, pending: 0, changed: 0, missing: 0, partial: 0 };
    for (const e of entries) counts[e.state]++;
    return { entries, counts };
  }

  /**
   * Take the lock, make sure the state tables exist, run `fn`, release the lock. Calls made inside
   * `fn` (or inside {@link withLock}) run under the lock already held; other calls on this migrator
   * wait for their turn, as a second process would.
   */
  private async locked<T>(fn: (a: Adapter) => Promise<T>): Promise<T> {
    const a = await this.adapter();
    if (this.holding.getStore()) return fn(a);
    const turn = this.queue.then(async () => {
      const started = Date.now();
      await a.locker.acquire({ timeoutMs: this.opts.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS, onWait: (holder) => this.events.emit('lock:wait', { holder }) });
      try {
        this.events.emit('lock:acquired', { waitedMs: Date.now() - started });
        await waitForOrphans(a, this.opts.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS, this.events);
        await a.history.ensure();
        return await this.holding.run(true, () => fn(a));
      } finally {
        await a.locker.release();
      }
    });
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /**
   * Hold the migration lock for a block of work (yoyo's `with backend.lock():`); operations inside
   * share it instead of taking it again.
   * @example await migrator.withLock(async () => { const s = await migrator.status(); if (s.counts.pending) await migrator.up() })
   */
  withLock<T>(fn: () => Promise<T>): Promise<T> {
    return this.locked(() => fn());
  }

  /** Run `fn` and turn any failure into the `error` of a {@link RunResult}. */
  private async batch(fn: (results: MigrationResult[], warnings: string[]) => Promise<string | void>): Promise<RunResult> {
    const results: MigrationResult[] = [];
    const warnings: string[] = [];
    try {
      const sql = await fn(results, warnings);
      return { results, error: null, warnings, ...(typeof sql === 'string' ? { sql } : {}) };
    } catch (e) {
      return { results, error: toShaleError(e), warnings };
    }
  }

  /** Apply pending migrations (and post-apply hooks when something was applied). */
  up(opts: UpOptions = {}): Promise<RunResult> {
    return this.batch(async (results, warnings) => {
      const set = await this.load();
      if (opts.dryRun) {
        const a = await this.adapter();
        const plan = planUp(await this.entries(a, set), opts);
        warnings.push(...plan.warnings);
        results.push(...notRun(plan.migrations, 'up'));
        const prepared = await prepareInto(a, plan.migrations, 'up', results, 0);
        const steps = prepared.map(({ m, body }): DryRunStep => ({ migration: m, body, mode: opts.singleTransaction ? 'outer-transaction' : modeFor(a, m, 'up'), direction: 'up' }));
        return renderDryRun(steps, a.history.tables, opts.singleTransaction ?? false);
      }
      await this.locked(async (a) => {
        const plan = planUp(await this.completeFinished(a, set, await this.entries(a, set)), opts);
        for (const w of plan.warnings) this.events.emit('warning', { message: w });
        warnings.push(...plan.warnings);
        results.push(...notRun(plan.migrations, 'up'));
        const prepared = await prepareInto(a, plan.migrations, 'up', results, 0);
        for (const w of emptyWarnings(prepared)) {
          this.events.emit('warning', { message: w });
          warnings.push(w);
        }
        if (opts.singleTransaction) await applyInOneTransaction(a, this.events, prepared, results);
        else await applyEach(a, this.events, prepared, results, 0);
        if (prepared.length > 0 && opts.hooks !== false) await runHooks(a, this.events, set.hooks);
      });
    });
  }

  /** Roll back applied migrations (default: the last one). */
  down(opts: DownOptions = {}): Promise<RunResult> {
    return this.batch(async (results) => {
      const set = await this.load();
      const run = async (a: Adapter): Promise<string | void> => {
        const plan = planDown(await this.entries(a, set), opts);
        const migrations = plan;
        results.push(...notRun(migrations, 'down'));
        const steps = await prepareInto(a, migrations, 'down', results, 0);
        if (opts.dryRun) return renderDryRun(steps.map(({ m, body }) => ({ migration: m, body, mode: modeFor(a, m, 'down'), direction: 'down' })), a.history.tables, false);
        await rollbackEach(a, this.events, steps, results, 0);
      };
      return opts.dryRun ? run(await this.adapter()) : this.locked(run);
    });
  }

  /** Roll back the last `count` migrations and apply them again (yoyo reapply). */
  redo(opts: { readonly count?: number } = {}): Promise<RunResult> {
    return this.batch(async (results) => {
      const set = await this.load();
      await this.locked(async (a) => {
        const plan = planDown(await this.entries(a, set), { count: opts.count ?? 1 });
        if (plan.length === 0) throw new ShaleError('E_NOT_FOUND', 'nothing to redo: no migration is applied');
        const downMs = plan;
        const upMs = [...downMs].reverse();
        results.push(...notRun(downMs, 'down'), ...notRun(upMs, 'up'));
        const downs = await prepareInto(a, downMs, 'down', results, 0);
        const ups = await prepareInto(a, upMs, 'up', results, downMs.length);
        await rollbackEach(a, this.events, downs, results, 0);
        await applyEach(a, this.events, ups, results, downs.length);
      });
    });
  }

  /** Record migrations as applied without running them; each id brings its ancestors (alembic stamp). */
  mark(ids: readonly string[]): Promise<RunResult> {
    return this.recordOnly((entries) => planMark(entries, ids));
  }

  /** Mark `id` and every migration before it as applied (adopting an existing database). */
  baseline(id: string): Promise<RunResult> {
    return this.recordOnly((entries) => planBaseline(entries, id));
  }

  /** Record migrations another tool already applied (`shale adopt`), logged as `adopt`; already recorded ids are skipped. */
  adopt(ids: readonly string[]): Promise<RunResult> {
    return this.batch(async (results) => {
      const set = await this.load();
      await this.locked(async (a) => {
        const entries = await this.entries(a, set);
        assertNoPartial(entries);
        const want = new Set(ids);
        for (const e of entries) {
          if (!want.has(e.id) || e.state !== 'pending' || !e.migration) continue;
          await markMigration(a, e.migration, 'adopt');
          results.push({ id: e.id, direction: 'none', status: 'marked', durationMs: 0 });
        }
      });
    });
  }

  private recordOnly(plan: (entries: StatusEntry[]) => Migration[]): Promise<RunResult> {
    return this.batch(async (results) => {
      const set = await this.load();
      await this.locked(async (a) => {
        const entries = await this.entries(a, set);
        assertNoPartial(entries);
        for (const m of plan(entries)) {
          await markMigration(a, m);
          results.push({ id: m.id, direction: 'none', status: 'marked', durationMs: 0 });
        }
      });
    });
  }

  /** Forget applied migrations without running them; each id brings its descendants. */
  unmark(ids: readonly string[]): Promise<RunResult> {
    return this.batch(async (results) => {
      const set = await this.load();
      await this.locked(async (a) => {
        for (const e of planUnmark(await this.entries(a, set), ids)) {
          await unmarkMigration(a, e.id);
          results.push({ id: e.id, direction: 'none', status: 'unmarked', durationMs: 0 });
        }
      });
    });
  }

  /**
   * A journaled migration whose statements all ran but whose final row was never written (a kill
   * between the two) is complete: record it so, with a warning, instead of reporting it partial.
   */
  private async completeFinished(a: Adapter, set: MigrationSet, entries: StatusEntry[]): Promise<StatusEntry[]> {
    const finished = entries.flatMap((e) => (e.state === 'partial' && e.migration && !isInDoubt(e.record) && e.record.statementsDone >= e.record.statementsTotal ? [{ m: e.migration, rec: e.record }] : []));
    for (const { m, rec } of finished) {
      await completeRecord(a, rec);
      this.events.emit('warning', { message: `${m.location}: all ${rec.statementsTotal} statements had run when an earlier run stopped; recorded it as applied`, id: m.id });
    }
    return finished.length ? this.entries(a, set) : entries;
  }

  /**
   * Continue a partial (statement-journaled) migration at the statement that failed or was
   * interrupted. A statement left in doubt by a killed run is settled first: by checking the
   * database where the adapter can, else by `statement` (`done`: it took effect, skip it;
   * `not-done`: run it again), audit-logged.
   */
  resume(opts: { readonly allowChanged?: boolean; readonly statement?: 'done' | 'not-done' } = {}): Promise<RunResult> {
    return this.batch(async (results) => {
      const set = await this.load();
      await this.locked(async (a) => {
        const entries = await this.entries(a, set);
        const partial = entries.find((e) => e.state === 'partial');
        if (!partial) throw new ShaleError('E_NOT_FOUND', 'nothing to resume: no migration is partially applied');
        const m = partial.migration;
        const rec = partial.record;
        if (!m) throw new ShaleError('E_MISSING_FILE', `cannot resume ${partial.id}: its file is not in the sources`, { id: partial.id });
        if (m.checksum !== rec.checksum && !opts.allowChanged) {
          throw new ShaleError('E_CHECKSUM_CHANGED', `${m.location} changed since it was partially applied; pass --allow-changed to resume with the edited file`, { id: m.id });
        }
        if (m.checksum !== rec.checksum && isInDoubt(rec) && !opts.statement) {
          throw new ShaleError('E_CHECKSUM_CHANGED', `${m.location} changed since a statement of it was left in doubt: shale cannot check the edited file's statement ${rec.statementsStarted}; decide with --statement-done or --statement-not-done`, { id: m.id });
        }
        if (opts.statement && !isInDoubt(rec)) {
          throw new ShaleError('E_USAGE', `--statement-${opts.statement}: no statement of ${m.location} is in doubt (${partialSummary(rec)})`, { id: m.id });
        }
        const body = await prepareBody(a, m.up);
        const from = isInDoubt(rec) ? await this.settleInDoubt(a, m, body, rec, opts.statement) : rec.statementsDone;
        try {
          const durationMs = await applyMigration(a, this.events, m, body, { mode: 'journal', from, operation: 'resume' });
          results.push({ id: m.id, direction: 'up', status: 'resumed', durationMs });
        } catch (e) {
          results.push({ id: m.id, direction: 'up', status: 'failed', durationMs: 0, error: messageOf(e) });
          throw e;
        }
      });
    });
  }

  /** Decide whether the in-doubt statement of `rec` took effect; returns the statement to continue at. */
  private async settleInDoubt(a: Adapter, m: Migration, body: PreparedBody, rec: AppliedRecord, choice: 'done' | 'not-done' | undefined): Promise<number> {
    const index = rec.statementsStarted - 1;
    const stmt = body.kind === 'sql' ? body.statements[index] : undefined;
    const what = stmt ? `statement ${index + 1} of ${rec.statementsTotal} (${statementPreview(stmt.sql)})` : `${m.location} (a TS/JS migration)`;
    const r: InDoubtResolution = choice
      ? { outcome: choice, reason: `--statement-${choice}` }
      : stmt
        ? await a.resolveInDoubt(stmt.sql)
        : { outcome: 'unknown', reason: 'shale cannot tell what its code had done' };
    if (r.outcome === 'unknown') {
      throw new ShaleError(
        'E_PARTIAL',
        `${m.location}: ${what} may or may not have completed: the run that sent it stopped before it could record the outcome, and ${r.reason}. Check the database, then run \`shale resume --statement-done\` if it took effect or \`shale resume --statement-not-done\` to run it again`,
        { id: m.id, statement: index + 1, statementsDone: rec.statementsDone, statementsTotal: rec.statementsTotal },
      );
    }
    const done = r.outcome === 'done' ? index + 1 : index;
    await settleStatement(a, m.id, done, r.outcome === 'done' ? 'statement-done' : 'statement-not-done');
    this.events.emit('warning', { message: `${m.location}: ${what} ${r.outcome === 'done' ? 'had completed' : 'had not completed; running it again'} (${r.reason})`, id: m.id });
    return done;
  }

  /** Clear partial records (after undoing them by hand) and accept changed checksums. */
  repair(): Promise<RunResult> {
    return this.batch(async (results) => {
      const set = await this.load();
      await this.locked(async (a) => {
        for (const e of await this.entries(a, set)) {
          if (e.state === 'partial') await unmarkMigration(a, e.id, 'repair');
          else if (e.state === 'changed') await acceptChecksum(a, e.migration, e.record);
          else continue;
          results.push({ id: e.id, direction: 'none', status: 'repaired', durationMs: 0 });
        }
      });
    });
  }

  /** The audit log, oldest first (the last `limit` rows when given). */
  async history(opts: { readonly limit?: number } = {}): Promise<LogEntry[]> {
    const a = await this.adapter();
    if (!(await a.history.exists())) return [];
    return a.history.entries(opts.limit !== undefined ? { limit: opts.limit } : {});
  }

  /** Remove the migration lock whoever holds it. Returns whether a lock was held. */
  async unlock(): Promise<boolean> {
    return (await this.adapter()).locker.forceRelease();
  }

  async find(id: string): Promise<StatusEntry> {
    return findMigration((await this.status()).entries, id);
  }

  async close(): Promise<void> {
    if (this.ownsAdapter && this.adapterPromise) {
      const a = await this.adapterPromise.catch(() => null);
      this.adapterPromise = null;
      await a?.close();
    }
  }
}

/** Create a migrator. See {@link Migrator}. */
export function createMigrator(opts: MigratorOptions): Migrator {
  return new Migrator(opts);
}
