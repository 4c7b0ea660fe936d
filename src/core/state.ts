import type { Adapter } from '../adapters/adapter.js';
import type { Emitter } from '../events.js';
import { completeRecord } from './apply.js';
import type { AppliedRecord } from './history.js';
import type { Hook, MigrationSet } from './migration.js';
import { fromDatabase } from './run-error.js';
import { computeStatus, isInDoubt, type StatusEntry } from './status.js';

/** What a command plans from: every migration's state, and the post-apply hooks. */
export interface RunState {
  readonly entries: readonly StatusEntry[];
  readonly hooks: readonly Hook[];
}

/** The state table's records; none before the tables exist (status and dry runs never create them). */
export function readRecords(a: Adapter): Promise<AppliedRecord[]> {
  return fromDatabase(async () => ((await a.history.exists()) ? a.history.list() : []));
}

/**
 * A journaled migration whose statements all ran but whose final row was never written (a kill
 * between the two) is complete: record it so, with a warning, instead of reporting it partial.
 * Returns whether it recorded any.
 */
async function completeFinished(a: Adapter, events: Emitter, entries: readonly StatusEntry[]): Promise<boolean> {
  const finished = entries.flatMap((e) => (e.state === 'partial' && e.migration && !isInDoubt(e.record) && e.record.statementsDone >= e.record.statementsTotal ? [{ m: e.migration, rec: e.record }] : []));
  for (const { m, rec } of finished) {
    await fromDatabase(() => completeRecord(a, rec));
    events.emit('warning', { message: `${m.location}: all ${rec.statementsTotal} statements had run when an earlier run stopped; recorded it as applied`, id: m.id });
  }
  return finished.length > 0;
}

/**
 * Read the state of `set` on `a`; with `settle`, first record as applied the migrations an earlier
 * run finished but could not record (see {@link completeFinished}).
 */
export async function readState(a: Adapter, set: MigrationSet, opts: { readonly events: Emitter; readonly settle: boolean }): Promise<RunState> {
  const entries = computeStatus(set.migrations, await readRecords(a));
  const settled = opts.settle && (await completeFinished(a, opts.events, entries)) ? computeStatus(set.migrations, await readRecords(a)) : entries;
  return { entries: settled, hooks: set.hooks };
}
