import type { AppliedRecord } from '../adapters/history-store.js';
import type { Migration } from './migration.js';

/**
 * - `applied`: recorded, checksum matches · `pending`: not recorded (or a repeatable whose text changed)
 * - `changed`: recorded, but the file was edited since · `missing`: recorded, no file
 * - `partial`: a statement-journaled migration stopped half-way
 */
export type MigrationState = 'applied' | 'pending' | 'changed' | 'missing' | 'partial';

export interface StatusEntry {
  readonly id: string;
  readonly state: MigrationState;
  readonly migration: Migration | null;
  readonly record: AppliedRecord | null;
  /** Pending, but sorts before a migration that is already applied. */
  readonly outOfOrder: boolean;
}

/** Classify every migration and record (pure). Files first in run order, then records without a file. */
export function computeStatus(migrations: readonly Migration[], records: readonly AppliedRecord[]): StatusEntry[] {
  const byId = new Map(records.map((r) => [r.id, r]));
  let lastApplied = -1;
  migrations.forEach((m, i) => {
    if (m.kind === 'versioned' && byId.has(m.id)) lastApplied = i;
  });
  const entries: StatusEntry[] = migrations.map((m, i) => {
    const record = byId.get(m.id) ?? null;
    let state: MigrationState;
    if (!record) state = 'pending';
    else if (record.status === 'partial') state = 'partial';
    else if (record.checksum === m.checksum) state = 'applied';
    else state = m.kind === 'repeatable' ? 'pending' : 'changed';
    return { id: m.id, state, migration: m, record, outOfOrder: state === 'pending' && !record && m.kind === 'versioned' && i < lastApplied };
  });
  const known = new Set(migrations.map((m) => m.id));
  const missing = records
    .filter((r) => !known.has(r.id))
    .sort((a, b) => (a.appliedAt < b.appliedAt ? -1 : a.appliedAt > b.appliedAt ? 1 : 0))
    .map((r): StatusEntry => ({ id: r.id, state: r.status === 'partial' ? 'partial' : 'missing', migration: null, record: r, outOfOrder: false }));
  return [...entries, ...missing];
}

/** A partial record whose last statement was sent by a run that died before it could record the outcome. */
export function isInDoubt(r: AppliedRecord): boolean {
  return r.status === 'partial' && r.statementsStarted > r.statementsDone;
}

/** `2 of 5 statements done` / `…, statement 3 may or may not have completed`: a partial record in words. */
export function partialSummary(r: AppliedRecord): string {
  const done = `${r.statementsDone} of ${r.statementsTotal} statements done`;
  return isInDoubt(r) ? `${done}, statement ${r.statementsStarted} may or may not have completed` : done;
}
