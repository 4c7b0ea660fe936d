import type { AppliedRecord } from './history.js';
import type { Migration } from './migration.js';

/**
 * - `applied`: recorded, checksum matches · `pending`: not recorded (or a repeatable whose text changed)
 * - `changed`: recorded, but the file was edited since · `missing`: recorded, no file
 * - `partial`: a statement-journaled migration stopped half-way
 */
export type MigrationState = 'applied' | 'pending' | 'changed' | 'missing' | 'partial';

interface EntryBase {
  readonly id: string;
  /** Pending, but sorts before a migration that is already applied. */
  readonly outOfOrder: boolean;
}

/** A migration's state, with what each state is sure to have: a file, a record, or both. */
export type StatusEntry =
  | (EntryBase & { readonly state: 'pending'; readonly migration: Migration; readonly record: AppliedRecord | null })
  | (EntryBase & { readonly state: 'applied' | 'changed'; readonly migration: Migration; readonly record: AppliedRecord })
  | (EntryBase & { readonly state: 'missing'; readonly migration: null; readonly record: AppliedRecord })
  | (EntryBase & { readonly state: 'partial'; readonly migration: Migration | null; readonly record: AppliedRecord });

/** Classify every migration and record (pure). Files first in run order, then records without a file. */
export function computeStatus(migrations: readonly Migration[], records: readonly AppliedRecord[]): StatusEntry[] {
  const byId = new Map(records.map((r) => [r.id, r]));
  let lastApplied = -1;
  migrations.forEach((m, i) => {
    if (m.kind === 'versioned' && byId.has(m.id)) lastApplied = i;
  });
  const entries: StatusEntry[] = migrations.map((m, i): StatusEntry => {
    const record = byId.get(m.id) ?? null;
    if (!record) return { id: m.id, state: 'pending', migration: m, record, outOfOrder: m.kind === 'versioned' && i < lastApplied };
    if (record.status === 'partial') return { id: m.id, state: 'partial', migration: m, record, outOfOrder: false };
    if (record.checksum === m.checksum) return { id: m.id, state: 'applied', migration: m, record, outOfOrder: false };
    // A repeatable whose text changed runs again; a versioned one was edited.
    if (m.kind === 'repeatable') return { id: m.id, state: 'pending', migration: m, record, outOfOrder: false };
    return { id: m.id, state: 'changed', migration: m, record, outOfOrder: false };
  });
  const known = new Set(migrations.map((m) => m.id));
  const missing = records
    .filter((r) => !known.has(r.id))
    .sort((a, b) => (a.appliedAt < b.appliedAt ? -1 : a.appliedAt > b.appliedAt ? 1 : 0))
    .map((r): StatusEntry => (r.status === 'partial' ? { id: r.id, state: 'partial', migration: null, record: r, outOfOrder: false } : { id: r.id, state: 'missing', migration: null, record: r, outOfOrder: false }));
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
