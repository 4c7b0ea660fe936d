import { ShaleError } from '../errors.js';
import { ancestors, descendants } from './graph.js';
import type { AppliedRecord } from './history.js';
import type { Migration } from './migration.js';
import { isInDoubt, partialSummary, type StatusEntry } from './status.js';

export interface UpPlanOptions {
  /** Apply up to and including this id. */
  readonly to?: string;
  /** Refuse out-of-order migrations (E_OUT_OF_ORDER) instead of warning. */
  readonly strict?: boolean;
  /** Accept applied migrations whose checksum changed. */
  readonly allowChanged?: boolean;
}

export interface UpPlan {
  readonly migrations: readonly Migration[];
  readonly warnings: readonly string[];
}

/** Refuse to run on top of a partial migration: the database state is unknown until resume/repair. */
export function assertNoPartial(entries: readonly StatusEntry[]): void {
  const partial = entries.find((e) => e.state === 'partial');
  if (partial) {
    const r = partial.record;
    const next = isInDoubt(r)
      ? 'run `shale resume`: it checks the database, or asks you to decide with --statement-done / --statement-not-done'
      : r.error
        ? 'fix the cause and run `shale resume`, or undo it by hand and run `shale repair`'
        : 'run `shale resume` to continue it, or undo it by hand and run `shale repair`';
    throw new ShaleError(
      'E_PARTIAL',
      `migration ${partial.id} is partially applied (${partialSummary(r)}${r.error ? `; failed: ${r.error}` : ''}): ${next}`,
      // interrupted: a run stopped (killed) between statements; nothing failed, nothing is in doubt.
      { id: partial.id, statementsDone: r.statementsDone, statementsTotal: r.statementsTotal, statementsStarted: r.statementsStarted, interrupted: !r.error && !isInDoubt(r) },
    );
  }
}

function assertIntegrity(entries: readonly StatusEntry[], allowChanged: boolean): void {
  assertNoPartial(entries);
  const changed = entries.filter((e) => e.state === 'changed');
  if (changed.length > 0 && !allowChanged) {
    throw new ShaleError(
      'E_CHECKSUM_CHANGED',
      `applied migration${changed.length > 1 ? 's' : ''} changed since applied: ${changed.map((e) => e.migration?.location ?? e.id).join(', ')} (restore the file, or accept it with --allow-changed or \`shale repair\`)`,
      { ids: changed.map((e) => e.id) },
    );
  }
  const missing = entries.filter((e) => e.state === 'missing');
  if (missing.length > 0) {
    throw new ShaleError(
      'E_MISSING_FILE',
      `applied migration${missing.length > 1 ? 's have' : ' has'} no file in the sources: ${missing.map((e) => e.id).join(', ')} (restore it, or \`shale unmark\` it to forget it)`,
      { ids: missing.map((e) => e.id) },
    );
  }
}

export function findMigration(entries: readonly StatusEntry[], id: string): StatusEntry {
  const e = entries.find((x) => x.id === id);
  if (!e) throw new ShaleError('E_NOT_FOUND', `no migration with id "${id}"`, { id });
  return e;
}

/** What `up` applies, in order (pure). */
export function planUp(entries: readonly StatusEntry[], opts: UpPlanOptions = {}): UpPlan {
  assertIntegrity(entries, opts.allowChanged ?? false);
  let pending = entries.filter((e): e is Extract<StatusEntry, { state: 'pending' }> => e.state === 'pending');
  if (opts.to !== undefined) {
    const target = findMigration(entries, opts.to);
    const pos = entries.indexOf(target);
    const before = new Set(entries.slice(0, pos + 1));
    pending = pending.filter((e) => before.has(e));
  }
  const outOfOrder = pending.filter((e) => e.outOfOrder);
  if (outOfOrder.length > 0 && opts.strict) {
    throw new ShaleError(
      'E_OUT_OF_ORDER',
      `out-of-order migration${outOfOrder.length > 1 ? 's' : ''} refused in --strict mode: ${outOfOrder.map((e) => e.migration.location).join(', ')} sort${outOfOrder.length > 1 ? '' : 's'} before an applied migration`,
      { ids: outOfOrder.map((e) => e.id) },
    );
  }
  const warnings = outOfOrder.map((e) => `applying ${e.id} out of order: it sorts before a migration that is already applied`);
  return { migrations: pending.map((e) => e.migration), warnings };
}

export interface DownPlanOptions {
  readonly count?: number;
  readonly to?: string;
  readonly all?: boolean;
}

/**
 * What `down` rolls back, newest first (pure). `--to <id>` rolls back what comes after `id`: its
 * descendants when the migrations declare dependencies (yoyo E4), otherwise everything after it.
 */
export function planDown(entries: readonly StatusEntry[], opts: DownPlanOptions = {}): Migration[] {
  assertNoPartial(entries);
  const applied = entries.filter((e) => e.state === 'applied' || e.state === 'changed' || e.state === 'missing');
  const versioned = applied.filter((e) => (e.migration?.kind ?? e.record?.kind) !== 'repeatable');
  let chosen: StatusEntry[];
  if (opts.all) chosen = versioned;
  else if (opts.to !== undefined) {
    const target = findMigration(entries, opts.to);
    const migrations = entries.flatMap((e) => (e.migration ? [e.migration] : []));
    if (migrations.some((m) => m.depends.length > 0)) {
      const desc = descendants(migrations, target.id);
      chosen = versioned.filter((e) => desc.has(e.id));
    } else {
      const after = new Set(entries.slice(entries.indexOf(target) + 1));
      chosen = versioned.filter((e) => after.has(e));
    }
  } else {
    const n = opts.count ?? 1;
    // 0 is refused rather than read as "nothing" (or, as some tools do, "all"): it is always a mistake.
    if (!Number.isInteger(n) || n < 1) throw new ShaleError('E_USAGE', `count must be a whole number of at least 1, got ${n}`, { count: n });
    chosen = versioned.slice(-n);
  }
  const plan = [...chosen].reverse();
  const migrations: Migration[] = [];
  for (const e of plan) {
    if (!e.migration) throw new ShaleError('E_MISSING_FILE', `cannot roll back ${e.id}: its file is not in the sources`, { id: e.id });
    migrations.push(e.migration);
  }
  const noDown = migrations.find((m) => !m.down);
  if (noDown) {
    throw new ShaleError('E_NO_ROLLBACK', `cannot roll back ${noDown.id}: ${noDown.location} has no rollback (add a rollback/down file or section)`, { id: noDown.id });
  }
  return migrations;
}

/** `mark <id>` also marks its ancestors (yoyo E3); returns the unapplied ones in run order. */
export function planMark(entries: readonly StatusEntry[], ids: readonly string[]): Migration[] {
  const migrations = entries.flatMap((e) => (e.migration ? [e.migration] : []));
  const want = new Set<string>();
  for (const id of ids) {
    findMigration(entries, id);
    want.add(id);
    for (const a of ancestors(migrations, id)) want.add(a);
  }
  return entries.flatMap((e) => (want.has(e.id) && e.state === 'pending' ? [e.migration] : []));
}

/** `unmark <id>` also unmarks its descendants (yoyo E4); returns the applied ones, newest first. */
export function planUnmark(entries: readonly StatusEntry[], ids: readonly string[]): StatusEntry[] {
  const migrations = entries.flatMap((e) => (e.migration ? [e.migration] : []));
  const want = new Set<string>();
  for (const id of ids) {
    findMigration(entries, id);
    want.add(id);
    for (const d of descendants(migrations, id)) want.add(d);
  }
  return entries.filter((e) => want.has(e.id) && e.record).reverse();
}

/** `baseline <id>`: the unapplied migrations up to and including `id`, in run order. */
export function planBaseline(entries: readonly StatusEntry[], id: string): Migration[] {
  const target = findMigration(entries, id);
  const pos = entries.indexOf(target);
  return entries.flatMap((e, i) => (i <= pos && e.state === 'pending' && e.migration.kind === 'versioned' ? [e.migration] : []));
}

/** `redo`: the last `count` migrations, newest first, to roll back and apply again (pure). */
export function planRedo(entries: readonly StatusEntry[], count: number): Migration[] {
  const migrations = planDown(entries, { count });
  if (migrations.length === 0) throw new ShaleError('E_NOT_FOUND', 'nothing to redo: no migration is applied');
  return migrations;
}

/** `adopt`: the migrations among `ids` shale has no record of, in run order (pure). */
export function planAdopt(entries: readonly StatusEntry[], ids: readonly string[]): Migration[] {
  const want = new Set(ids);
  return entries.flatMap((e) => (want.has(e.id) && e.state === 'pending' ? [e.migration] : []));
}

/** A record `repair` fixes: a partial one it clears, or a changed checksum it accepts. */
export type RepairEntry = StatusEntry & { readonly state: 'partial' | 'changed' };

/** `repair`: the partial records and the changed checksums, in status order (pure). */
export function planRepair(entries: readonly StatusEntry[]): RepairEntry[] {
  return entries.filter((e): e is RepairEntry => e.state === 'partial' || e.state === 'changed');
}

export interface ResumePlanOptions {
  /** Resume with an edited file. */
  readonly allowChanged?: boolean;
  /** The user's word on a statement left in doubt. */
  readonly statement?: 'done' | 'not-done';
}

/** `resume`: the partial migration, refused when its file is gone or changed, or the options do not fit (pure). */
export function planResume(entries: readonly StatusEntry[], opts: ResumePlanOptions = {}): { readonly migration: Migration; readonly record: AppliedRecord } {
  const partial = entries.find((e) => e.state === 'partial');
  if (!partial) throw new ShaleError('E_NOT_FOUND', 'nothing to resume: no migration is partially applied');
  const { migration: m, record: rec } = partial;
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
  return { migration: m, record: rec };
}
