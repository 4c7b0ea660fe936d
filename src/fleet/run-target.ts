import { createMigrator, type DownOptions, type Migrator, type RunResult, type UpOptions } from '../core/migrator.js';
import { parseDatabaseUrl, redactSecrets, redactUrl, urlSecrets } from '../adapters/url.js';
import { ShaleError, messageOf } from '../errors.js';
import type { MigrationSource } from '../sources/source.js';
import type { FleetEmitter } from './fleet-events.js';
import type { TargetResult } from './report.js';

/** One fleet operation, as data. */
export type FleetOperation = { readonly kind: 'up'; readonly options?: UpOptions } | { readonly kind: 'down'; readonly options?: DownOptions } | { readonly kind: 'status' };

export interface TargetRunOptions {
  readonly sources: readonly MigrationSource[];
  readonly tablePrefix?: string;
  readonly lockTimeoutMs?: number;
}

/** A target as shown anywhere (reports, events, queue): password replaced by `****`. */
export function displayTarget(url: string): string {
  try {
    return parseDatabaseUrl(url).display;
  } catch {
    return redactUrl(url);
  }
}

/**
 * `up`, first continuing a migration that a killed runner left interrupted between two statements
 * (nothing failed, nothing in doubt: the journal says exactly where to go on). A failed or in-doubt
 * migration is left for a person, as `shale up` leaves it.
 */
async function upResuming(m: Migrator, options: UpOptions | undefined): Promise<RunResult> {
  const first = await m.up(options);
  if (!first.error || first.error.code !== 'E_PARTIAL' || first.error.details['interrupted'] !== true) return first;
  const resumed = await m.resume();
  if (resumed.error) return resumed;
  const rest = await m.up(options);
  return { ...rest, results: [...resumed.results, ...rest.results], warnings: [...resumed.warnings, ...rest.warnings] };
}

/** Migrate one target with its own migrator (own connection, own lock, own state tables). */
export async function runTarget(url: string, op: FleetOperation, opts: TargetRunOptions, events: FleetEmitter): Promise<TargetResult> {
  const target = displayTarget(url);
  const started = Date.now();
  const m = createMigrator({ db: url, sources: opts.sources, tablePrefix: opts.tablePrefix, lockTimeoutMs: opts.lockTimeoutMs });
  m.on('migration:done', ({ id, direction, durationMs }) => events.emit('target:migration', { target, id, direction, durationMs }));
  const fail = (e: unknown, base: Omit<TargetResult, 'status' | 'error' | 'durationMs'>): TargetResult => ({
    ...base,
    status: 'failed',
    durationMs: Date.now() - started,
    error: { code: e instanceof ShaleError ? e.code : 'E_INTERNAL', message: redactSecrets(messageOf(e).split('\n')[0]!, urlSecrets(url)) },
  });
  const empty = { target, applied: [], rolledBack: [], pending: [] };
  try {
    if (op.kind === 'status') {
      const { entries, counts } = await m.status();
      const pending = entries.filter((e) => e.state === 'pending').map((e) => e.id);
      return { ...empty, status: 'ok', pending, counts, durationMs: Date.now() - started, error: null };
    }
    const r = op.kind === 'up' ? await upResuming(m, op.options) : await m.down(op.options);
    const done = (...s: string[]): string[] => r.results.filter((x) => s.includes(x.status)).map((x) => x.id);
    const base = { target, applied: done('applied', 'resumed'), rolledBack: done('rolled-back'), pending: done('not-run', 'failed') };
    if (r.error) return fail(r.error, base);
    return { ...base, status: 'ok', durationMs: Date.now() - started, error: null };
  } catch (e) {
    return fail(e, empty);
  } finally {
    // The result is already decided; a connection that fails to close cleanly must not turn an ok target into a failed one.
    await m.close().catch(() => undefined);
  }
}
