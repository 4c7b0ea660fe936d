import { createHash } from 'node:crypto';
import { checkTablePrefix } from '../adapters/open.js';
import { loadMigrations } from '../core/load.js';
import type { DownOptions, UpOptions } from '../core/migrator.js';
import { ShaleError } from '../errors.js';
import { resolveSources, type SourceSpec } from '../sources/resolve.js';
import type { S3SourceOptions } from '../sources/s3.js';
import type { MigrationSource } from '../sources/source.js';
import { Coordinator, targetKey, type CoordinatorOptions } from './coordinator.js';
import { FleetEmitter, type FleetEventName, type FleetEvents } from './fleet-events.js';
import { listFeeder, runPool } from './pool.js';
import { skipped, summarise, type FleetReport, type FleetSummary, type TargetResult } from './report.js';
import { displayTarget, runTarget, type FleetOperation } from './run-target.js';
import { snapshotSources } from './snapshot.js';
import { checkTargets } from './targets.js';

export const DEFAULT_FLEET_CONCURRENCY = 4;

export interface FleetOptions {
  /** Database URLs, one per target. */
  readonly targets: readonly string[];
  /** Folders, `s3://` URIs or source objects; read once and shared by every target. Default `./migrations`. */
  readonly sources?: readonly SourceSpec[];
  /** Settings for `s3://` sources given as strings. */
  readonly s3?: S3SourceOptions;
  /** Targets migrated at once (default 4). */
  readonly concurrency?: number;
  /** Keep going after a target fails (default: stop starting new targets). */
  readonly continueOnError?: boolean;
  /** Migrate this many targets first; if any fails, stop before the others. */
  readonly canary?: number;
  readonly tablePrefix?: string;
  readonly lockTimeoutMs?: number;
  /** Share the fleet with other runners through a PostgreSQL queue. */
  readonly coordinator?: CoordinatorOptions;
}

/**
 * Many databases that receive the same migrations: each target gets its own migrator (own
 * connection, own lock, own state tables); at most `concurrency` run at once.
 * @example
 * const fleet = createFleet({ targets: ['postgres://…/t1', 'postgres://…/t2'], sources: ['migrations'], concurrency: 8 })
 * fleet.on('target:done', ({ result }) => console.log(result.target, result.status))
 * const report = await fleet.up(); if (report.summary.failed) process.exitCode = 1
 */
export class Fleet {
  readonly events = new FleetEmitter();

  constructor(private readonly opts: FleetOptions) {
    checkTargets(opts.targets);
    if (opts.tablePrefix !== undefined) checkTablePrefix(opts.tablePrefix);
    if (opts.coordinator?.tablePrefix !== undefined) checkTablePrefix(opts.coordinator.tablePrefix);
    const c = opts.concurrency ?? DEFAULT_FLEET_CONCURRENCY;
    if (!Number.isInteger(c) || c < 1) throw new ShaleError('E_USAGE', `fleet concurrency must be a whole number ≥ 1, got ${c}`);
    if (opts.canary !== undefined && (!Number.isInteger(opts.canary) || opts.canary < 0)) throw new ShaleError('E_USAGE', `--canary takes a whole number, got ${opts.canary}`);
    if (opts.coordinator && opts.canary) throw new ShaleError('E_USAGE', '--canary cannot be combined with --coordinator (runners would not wait for each other\'s canaries)');
  }

  on<K extends FleetEventName>(name: K, fn: (payload: FleetEvents[K]) => void): () => void {
    return this.events.on(name, fn);
  }

  /** Apply pending migrations on every target. */
  up(options?: UpOptions): Promise<FleetReport> {
    return this.run({ kind: 'up', ...(options ? { options } : {}) });
  }

  /** Roll back on every target (default: the last migration of each). */
  down(options?: DownOptions): Promise<FleetReport> {
    return this.run({ kind: 'down', ...(options ? { options } : {}) });
  }

  /** Applied / pending counts of every target; never stops early. */
  status(): Promise<FleetReport> {
    return this.run({ kind: 'status' });
  }

  private async run(op: FleetOperation): Promise<FleetReport> {
    const started = Date.now();
    const sources = await snapshotSources(await resolveSources(this.opts.sources ?? ['migrations'], this.opts.s3 ? { s3: this.opts.s3 } : {}));
    await checkMigrations(op, sources);
    const state = { done: 0, failed: 0, running: 0, stopped: null as FleetSummary['stopped'] };
    const results = new Map<string, TargetResult>();
    const work = async (url: string): Promise<TargetResult> => {
      state.running++;
      this.events.emit('target:start', { target: displayTarget(url) });
      // runTarget's error message holds no secret of the URL (an `sslpassword` neither).
      const result = await runTarget(url, op, { sources, tablePrefix: this.opts.tablePrefix, lockTimeoutMs: this.opts.lockTimeoutMs }, this.events);
      state.running--;
      state.done++;
      if (result.status === 'failed') state.failed++;
      results.set(url, result);
      this.events.emit('target:done', { result, done: state.done, failed: state.failed, running: state.running });
      return result;
    };
    const keepGoing = op.kind === 'status' || (this.opts.continueOnError ?? false);
    if (this.opts.coordinator) return this.runCoordinated(op, sources, work, keepGoing, started);

    const targets = this.opts.targets;
    // More workers than targets would only idle (and a huge --concurrency would exhaust memory).
    const concurrency = Math.min(this.opts.concurrency ?? DEFAULT_FLEET_CONCURRENCY, targets.length);
    const canary = op.kind === 'status' ? 0 : Math.min(this.opts.canary ?? 0, targets.length);
    this.events.emit('fleet:start', { total: targets.length, concurrency, canary });
    const phases = canary > 0 ? [targets.slice(0, canary), targets.slice(canary)] : [targets];
    for (const [i, phase] of phases.entries()) {
      const isCanary = canary > 0 && i === 0;
      await runPool(Math.min(concurrency, phase.length), listFeeder(phase, () => state.stopped !== null), async (url) => {
        const r = await work(url);
        if (r.status === 'failed' && !keepGoing && state.stopped === null) {
          state.stopped = isCanary ? 'canary-failed' : 'target-failed';
          this.events.emit('fleet:stop', { reason: state.stopped, target: r.target });
        }
      });
      if (isCanary && state.failed > 0 && state.stopped === null) {
        state.stopped = 'canary-failed';
        this.events.emit('fleet:stop', { reason: state.stopped, target: [...results.values()].find((r) => r.status === 'failed')!.target });
      }
      if (state.stopped) break;
    }
    const all = targets.map((t) => results.get(t) ?? skipped(displayTarget(t)));
    return { operation: op.kind, targets: all, summary: summarise(all, Date.now() - started, state.stopped) };
  }

  private async runCoordinated(
    op: FleetOperation,
    sources: readonly MigrationSource[],
    work: (url: string) => Promise<TargetResult>,
    keepGoing: boolean,
    started: number,
  ): Promise<FleetReport> {
    const opts = this.opts.coordinator!;
    const byKey = new Map(this.opts.targets.map((t) => [targetKey(t), t]));
    const runId = opts.runId ?? (await deriveRunId(op, [...byKey.keys()], sources));
    const coord = await Coordinator.open({ ...opts, tablePrefix: opts.tablePrefix ?? this.opts.tablePrefix }, runId, [...byKey].map(([key, url]) => ({ key, display: displayTarget(url) })));
    const mine: TargetResult[] = [];
    let stopped: FleetSummary['stopped'] = null;
    const concurrency = Math.min(this.opts.concurrency ?? DEFAULT_FLEET_CONCURRENCY, byKey.size);
    try {
      this.events.emit('fleet:start', { total: byKey.size, concurrency, canary: 0 });
      const pollMs = Math.min(1000, Math.max(50, Math.floor(coord.leaseMs / 4)));
      const next = async (): Promise<string | null> => {
        for (;;) {
          if (stopped) return null;
          const s = await coord.summary();
          if (!keepGoing && s.failed > 0) {
            stopped = 'target-failed';
            return null;
          }
          const claim = await coord.claim();
          if (claim) {
            const url = byKey.get(claim.key);
            if (!url) throw new ShaleError('E_USAGE', `coordinated run ${runId} holds a target this runner was not given: pass the same targets to every runner (or a different --run-id)`);
            if (claim.takenFrom !== null) this.events.emit('coordinator:takeover', { target: displayTarget(url), previousRunner: claim.takenFrom });
            return url;
          }
          // Nothing claimable: done when nothing is pending or claimed; else wait for other runners' leases.
          if ((await coord.summary()).pending === 0) return null;
          await new Promise((r) => setTimeout(r, pollMs));
        }
      };
      await runPool(concurrency, next, async (url) => {
        const r = await work(url);
        mine.push(r);
        await coord.finish(targetKey(url), r);
      });
      const coordinator = await coord.summary();
      return { operation: op.kind, targets: mine, summary: summarise(mine, Date.now() - started, stopped), coordinator };
    } finally {
      await coord.close();
    }
  }
}

/**
 * Load the migrations once before any target: a broken set (duplicate id, unknown dependency, a file
 * that cannot be read) or an unknown `--to` is one error, not the same failure on every target.
 */
async function checkMigrations(op: FleetOperation, sources: readonly MigrationSource[]): Promise<void> {
  const { migrations } = await loadMigrations(sources);
  const to = op.kind === 'status' ? undefined : op.options?.to;
  if (to !== undefined && !migrations.some((m) => m.id === to)) throw new ShaleError('E_NOT_FOUND', `no migration with id "${to}"`, { id: to });
}

/** Runners given the same targets, operation and migrations share a run id, so they join one run. */
async function deriveRunId(op: FleetOperation, keys: readonly string[], sources: readonly MigrationSource[]): Promise<string> {
  const h = createHash('sha256').update(JSON.stringify(op)).update([...keys].sort().join(','));
  for (const s of sources) {
    for (const f of (await s.list()).sort((a, b) => (a.name < b.name ? -1 : 1))) h.update(`\0${f.name}\0${await f.read()}`);
  }
  return h.digest('hex').slice(0, 16);
}

/** Create a {@link Fleet}. */
export function createFleet(opts: FleetOptions): Fleet {
  return new Fleet(opts);
}
