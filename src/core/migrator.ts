import { AsyncLocalStorage } from 'node:async_hooks';
import type { Adapter } from '../adapters/adapter.js';
import { openAdapter } from '../adapters/open.js';
import { ShaleError } from '../errors.js';
import { Emitter, type Listener, type ShaleEventName } from '../events.js';
import { resolveSources, type SourceSpec } from '../sources/resolve.js';
import { IDENTITY } from './apply.js';
import { RECORDING_OPERATIONS, type LogEntry, type Recording } from './history.js';
import { loadMigrations, type LoadOptions } from './load.js';
import type { ModuleLoader } from './formats/module.js';
import type { Migration, MigrationSet } from './migration.js';
import { waitForOrphans } from './orphans.js';
import { assertNoPartial, findMigration, planAdopt, planBaseline, planDown, planMark, planRedo, planRepair, planResume, planUnmark, planUp, type DownPlanOptions, type ResumePlanOptions, type UpPlanOptions } from './plan.js';
import { toRunResult, type Report, type RunResult } from './result.js';
import { fromDatabase } from './run-error.js';
import { describePlan, executePlan, type ApplyPlan, type Planner, type RollbackPlan, type SqlPlan } from './run-plan.js';
import { guardSource } from './guard-source.js';
import { readRecords, readState, type RunState } from './state.js';
import { computeStatus, type StatusEntry } from './status.js';

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
  /**
   * A folder for the cache of built migrations, keyed by file identity (see {@link LoadOptions.cacheDir}):
   * `status` then reads only the files that changed. Off by default.
   */
  readonly cacheDir?: string;
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

/** What a public method hands the run funnel: its planning, and whether to run the plan or only show it. */
type Command =
  | { readonly dryRun: true; readonly plan: Planner<SqlPlan> }
  | { readonly dryRun?: false; readonly plan: Planner; readonly settle?: boolean };

/**
 * The versioned-migration engine. Every command builds a plan from the state it reads and goes
 * through one funnel (`#run`): sources, connection, lock, state, then the plan run or described.
 * @example
 * const m = createMigrator({ db: 'sqlite:app.db', sources: ['migrations'] });
 * try { const r = await m.up(); if (r.error) throw r.error } finally { await m.close() }
 */
export class Migrator {
  readonly events = new Emitter();
  readonly #opts: MigratorOptions;
  readonly #connect: () => Promise<Adapter>;
  #adapter: Promise<Adapter> | null = null;
  readonly #ownsAdapter: boolean;
  /** Set inside this migrator's locked work, so operations nested in it share the lock (yoyo G3). */
  readonly #holding = new AsyncLocalStorage<true>();
  /** Locked operations of this migrator run one after another: they share one connection. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(opts: MigratorOptions) {
    const { db, adapter } = opts;
    if (adapter) this.#connect = () => Promise.resolve(adapter);
    else if (db) this.#connect = () => openAdapter(db, { tablePrefix: opts.tablePrefix });
    else throw new ShaleError('E_USAGE', 'createMigrator needs `db` (a URL) or `adapter`');
    this.#opts = opts;
    this.#ownsAdapter = !adapter;
  }

  on<K extends ShaleEventName>(name: K, fn: Listener<K>): () => void {
    return this.events.on(name, fn);
  }

  /** The connection, opened on first use. */
  adapter(): Promise<Adapter> {
    this.#adapter ??= this.#connect();
    return this.#adapter;
  }

  /** Read and order the migrations of every source. */
  async load(): Promise<MigrationSet> {
    const sources = await resolveSources(this.#opts.sources ?? ['migrations']);
    return loadMigrations(sources.map(guardSource), { importModule: this.#opts.importModule, cacheDir: this.#opts.cacheDir });
  }

  /** Every migration's state. Takes no lock: it answers while another run holds it. */
  async status(): Promise<StatusReport> {
    // Files are read while the connection opens and the records arrive.
    const [set, applied] = await Promise.all([this.load(), this.adapter().then(readRecords)]);
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
  async #locked<T>(fn: (a: Adapter) => Promise<T>): Promise<T> {
    const a = await this.adapter();
    if (this.#holding.getStore()) return fn(a);
    const timeoutMs = this.#opts.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
    const turn = this.#queue.then(async () => {
      const started = Date.now();
      await fromDatabase(() => a.locker.acquire({ timeoutMs, onWait: (holder) => this.events.emit('lock:wait', { holder }) }));
      try {
        this.events.emit('lock:acquired', { waitedMs: Date.now() - started });
        await fromDatabase(() => waitForOrphans(a, timeoutMs, this.events));
        await fromDatabase(() => a.history.ensure());
        return await this.#holding.run(true, () => fn(a));
      } finally {
        await fromDatabase(() => a.locker.release());
      }
    });
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  /**
   * Hold the migration lock for a block of work (yoyo's `with backend.lock():`); operations inside
   * share it instead of taking it again.
   * @example await migrator.withLock(async () => { const s = await migrator.status(); if (s.counts.pending) await migrator.up() })
   */
  withLock<T>(fn: () => Promise<T>): Promise<T> {
    return this.#locked(() => fn());
  }

  /**
   * The run funnel. Read the sources; then, for a dry run, read the state and describe the plan;
   * else take the lock (waiting for an earlier run's orphaned statements), read the state and run
   * the plan. Nothing is thrown: every failure is the result's `error` (see `runError`).
   */
  async #run(command: Command): Promise<RunResult> {
    // Outside the lock's scope: a lock that fails to release after the run must not hide what ran.
    let ran: Report | undefined;
    try {
      const set = await this.load();
      if (command.dryRun) {
        const a = await this.adapter();
        return toRunResult(await describePlan(a, command.plan(await readState(a, set, { events: this.events, settle: false }))));
      }
      return toRunResult(
        await this.#locked(async (a) => {
          const state = await readState(a, set, { events: this.events, settle: command.settle ?? false });
          return (ran = await executePlan(a, this.events, command.plan(state)));
        }),
      );
    } catch (error) {
      // The plan's own failure (a migration's error, exit 4) matters more than a lock that failed to release after it.
      return toRunResult({ ok: false, results: ran?.results ?? [], warnings: ran?.warnings ?? [], error: ran && !ran.ok ? ran.error : error });
    }
  }

  /** Apply pending migrations (and post-apply hooks when something was applied). */
  up(opts: UpOptions = {}): Promise<RunResult> {
    const plan = ({ entries, hooks }: RunState): ApplyPlan => ({ kind: 'apply', ...planUp(entries, opts), singleTransaction: opts.singleTransaction ?? false, hooks: opts.hooks === false ? [] : hooks });
    return this.#run(opts.dryRun ? { dryRun: true, plan } : { plan, settle: true });
  }

  /** Roll back applied migrations (default: the last one). */
  down(opts: DownOptions = {}): Promise<RunResult> {
    const plan = ({ entries }: RunState): RollbackPlan => ({ kind: 'rollback', migrations: planDown(entries, opts) });
    return this.#run(opts.dryRun ? { dryRun: true, plan } : { plan });
  }

  /** Roll back the last `count` migrations and apply them again (yoyo reapply). */
  redo(opts: { readonly count?: number } = {}): Promise<RunResult> {
    return this.#run({ plan: ({ entries }) => ({ kind: 'redo', migrations: planRedo(entries, opts.count ?? 1) }) });
  }

  /** Record migrations as applied without running them; each id brings its ancestors (alembic stamp). */
  mark(ids: readonly string[]): Promise<RunResult> {
    return this.#record('mark', (entries) => planMark(entries, ids));
  }

  /** Mark `id` and every migration before it as applied (adopting an existing database). */
  baseline(id: string): Promise<RunResult> {
    return this.#record('mark', (entries) => planBaseline(entries, id));
  }

  /** Record migrations another tool already applied (`shale adopt`), logged as `adopt`; already recorded ids are skipped. */
  adopt(ids: readonly string[]): Promise<RunResult> {
    return this.#record('adopt', (entries) => planAdopt(entries, ids));
  }

  /** Record without running, refused on top of a partial migration. */
  #record(operation: 'mark' | 'adopt', plan: (entries: readonly StatusEntry[]) => Migration[]): Promise<RunResult> {
    return this.#run({
      plan: ({ entries }) => {
        assertNoPartial(entries);
        return { kind: 'record', operation, migrations: plan(entries) };
      },
    });
  }

  /** Forget applied migrations without running them; each id brings its descendants. */
  unmark(ids: readonly string[]): Promise<RunResult> {
    return this.#run({ plan: ({ entries }) => ({ kind: 'forget', entries: planUnmark(entries, ids) }) });
  }

  /**
   * Continue a partial (statement-journaled) migration at the statement that failed or was
   * interrupted. A statement left in doubt by a killed run is settled first: by checking the
   * database where the adapter can, else by `statement` (`done`: it took effect, skip it;
   * `not-done`: run it again), audit-logged.
   */
  resume(opts: ResumePlanOptions = {}): Promise<RunResult> {
    return this.#run({ plan: ({ entries }) => ({ kind: 'resume', ...planResume(entries, opts), statement: opts.statement }) });
  }

  /** Clear partial records (after undoing them by hand) and accept changed checksums. */
  repair(): Promise<RunResult> {
    return this.#run({ plan: ({ entries }) => ({ kind: 'repair', entries: planRepair(entries) }) });
  }

  /**
   * Append an `allow-hazard` row to the audit log: a lint finding that `--allow-hazard` let through
   * for migration `id`, `note` saying which (kept in the row's `error` column).
   */
  async logAllowedHazard(id: string, note: string): Promise<void> {
    const a = await this.adapter();
    await a.history.log({ id, operation: 'allow-hazard', user: IDENTITY.user, host: IDENTITY.host, pid: IDENTITY.pid, durationMs: null, error: note });
  }

  /** The audit log, oldest first (the last `limit` rows when given). */
  async history(opts: { readonly limit?: number } = {}): Promise<LogEntry[]> {
    const a = await this.adapter();
    if (!(await a.history.exists())) return [];
    return a.history.entries(opts.limit !== undefined ? { limit: opts.limit } : {});
  }

  /**
   * The migrations recorded as applied by something other than an `apply` — `mark`, `baseline`,
   * `adopt` or `resume` — each with its latest recording operation; the rest ran (see
   * `HistoryStore.recordings`). Takes no lock.
   * @example const marked = (await m.recordings()).filter((r) => r.operation === 'mark').map((r) => r.id)
   */
  async recordings(): Promise<Recording[]> {
    const a = await this.adapter();
    if (!(await a.history.exists())) return [];
    if (a.history.recordings) return a.history.recordings();
    const latest = new Map<string, LogEntry['operation']>();
    for (const e of await a.history.entries()) if ((RECORDING_OPERATIONS as readonly string[]).includes(e.operation)) latest.set(e.id, e.operation);
    return [...latest].flatMap(([id, operation]) => (operation === 'apply' ? [] : [{ id, operation: operation as Recording['operation'] }]));
  }

  /** Remove the migration lock whoever holds it. Returns whether a lock was held. */
  async unlock(): Promise<boolean> {
    return (await this.adapter()).locker.forceRelease();
  }

  async find(id: string): Promise<StatusEntry> {
    return findMigration((await this.status()).entries, id);
  }

  async close(): Promise<void> {
    if (this.#ownsAdapter && this.#adapter) {
      const a = await this.#adapter.catch(() => null);
      this.#adapter = null;
      await a?.close();
    }
  }
}

/** Create a migrator. See {@link Migrator}. */
export function createMigrator(opts: MigratorOptions): Migrator {
  return new Migrator(opts);
}
