/**
 * `shale lint --trace`: run the migrations on a dev database, each in its real transaction mode, and
 * record for every statement the relation locks it took, the relations it rewrote (new storage) and
 * those it created. Measured, not predicted: the report sets it beside the static findings.
 */
import type { Adapter, HeldLock, LockTraceSupport, Queryable } from '../adapters/adapter.js';
import type { SqlScript } from '../core/migration.js';
import { ShaleError, messageOf } from '../errors.js';
import type { LintMigration } from './dialect.js';
import { firstTokenOffset, lineColumn, lineStartsOf } from './position.js';

/** What one statement did on the dev database. */
export interface StatementTrace {
  readonly migration: string;
  readonly file: string;
  readonly line: number;
  /** null when it was not observed (it ran outside a transaction, or failed): see `note`. */
  readonly trace: {
    /** Relation locks it took (those the transaction already held are not repeated). */
    readonly locks: readonly HeldLock[];
    /** Existing relations it gave new storage: a table or index rewrite. */
    readonly rewrites: readonly string[];
    /** Relations it created (tables, indexes built, sequences). */
    readonly created: readonly string[];
  } | null;
  readonly note?: string;
}

type Relations = Awaited<ReturnType<LockTraceSupport['relations']>>;

/**
 * Run `setup` (what the target already has applied) without tracing, then trace `migrations`.
 * A failing statement ends its migration's trace (its transaction is rolled back) and is reported;
 * the next migrations still run.
 */
export async function traceMigrations(dev: Adapter, setup: readonly LintMigration[], migrations: readonly LintMigration[]): Promise<StatementTrace[]> {
  const support = dev.lockTrace;
  if (!support) throw new ShaleError('E_UNSUPPORTED', `${dev.display} cannot show the locks a statement takes: --trace needs a PostgreSQL or PGlite dev database`);
  for (const m of setup) await applySetup(dev, m);
  const out: StatementTrace[] = [];
  for (const m of migrations) {
    for (const script of m.scripts) {
      const where = placeOf(m.id, script);
      const statements = await dev.split(script.sql);
      if (script.transaction) out.push(...(await traceBlock(dev, support, statements, where, "the migration's transaction")));
      else out.push(...(await traceAutocommit(dev, support, statements, where)));
    }
  }
  return out;
}

type Place = (offset: number) => Pick<StatementTrace, 'migration' | 'file' | 'line'>;
type Split = Awaited<ReturnType<Adapter['split']>>;

/**
 * Statements that share one transaction, traced in it. A failing statement ends the trace of the
 * block (the transaction is rolled back) and is reported; `rollback`: the block ends in ROLLBACK.
 */
async function traceBlock(dev: Adapter, support: LockTraceSupport, statements: Split, where: Place, what: string, rollback = false): Promise<StatementTrace[]> {
  const out: StatementTrace[] = [];
  let at = 0;
  try {
    await dev.transaction(async (tx) => {
      for (; at < statements.length; at++) out.push({ ...where(statements[at]!.offset), trace: await traceOne(support, tx, statements[at]!.sql) });
      if (rollback) throw new RolledBack();
    });
  } catch (e) {
    if (!(e instanceof RolledBack)) out.push({ ...where(statements[at]?.offset ?? 0), trace: null, note: `failed, ${what} was rolled back: ${firstLine(e)}` });
  }
  return out;
}

/** The block's own ROLLBACK, run by rolling back the transaction it is traced in. */
class RolledBack extends Error {}

/**
 * An autocommit script: each statement in a transaction of its own, except a `BEGIN … COMMIT`
 * block in its text, whose statements are traced together in one transaction as they run.
 */
async function traceAutocommit(dev: Adapter, support: LockTraceSupport, statements: Split, where: Place): Promise<StatementTrace[]> {
  const out: StatementTrace[] = [];
  for (let i = 0; i < statements.length; i++) {
    const s = statements[i]!;
    const end = dev.statementTxn(s.sql) === 'begin' ? statements.findIndex((x, k) => k > i && ['commit', 'rollback'].includes(dev.statementTxn(x.sql))) : -1;
    if (end < 0) {
      out.push({ ...where(s.offset), ...(await traceAlone(dev, support, s.sql)) });
      continue;
    }
    const rollback = dev.statementTxn(statements[end]!.sql) === 'rollback';
    out.push(...(await traceBlock(dev, support, statements.slice(i + 1, end), where, 'its BEGIN … COMMIT block', rollback)));
    i = end;
  }
  return out;
}

/** An applied migration, run on the dev database so that the traced ones find its objects. */
async function applySetup(dev: Adapter, m: LintMigration): Promise<void> {
  for (const script of m.scripts) {
    for (const s of await dev.split(script.sql)) {
      try {
        await dev.execute(s.sql);
      } catch (e) {
        const { line } = placeOf(m.id, script)(s.offset);
        throw new ShaleError('E_SQL', `${script.location}:${line}: --trace could not rebuild the applied migration ${m.id} on the dev database: ${firstLine(e)}`, { id: m.id, file: script.location, line }, { cause: e });
      }
    }
  }
}

/** An autocommit statement, traced in a transaction of its own where it can run in one. */
async function traceAlone(dev: Adapter, support: LockTraceSupport, sql: string): Promise<Pick<StatementTrace, 'trace' | 'note'>> {
  try {
    return { trace: await dev.transaction((tx) => traceOne(support, tx, sql)) };
  } catch (e) {
    if (!dev.errorFacts(e, sql).notInTransaction) return { trace: null, note: `failed: ${firstLine(e)}` };
  }
  try {
    await dev.execute(sql);
    return { trace: null, note: 'runs outside any transaction: its locks end with it and cannot be read' };
  } catch (e) {
    return { trace: null, note: `failed: ${firstLine(e)}` };
  }
}

async function traceOne(support: LockTraceSupport, tx: Queryable & { execute(sql: string): Promise<unknown> }, sql: string): Promise<NonNullable<StatementTrace['trace']>> {
  const before = await support.relations(tx);
  const held = new Set((await support.locks(tx)).map(lockKey));
  await tx.execute(sql);
  const after = await support.relations(tx);
  const locks = (await support.locks(tx)).filter((l) => !held.has(lockKey(l)));
  return { locks, rewrites: changed(before, after), created: [...after].filter(([id]) => !before.has(id)).map(([, r]) => r.name) };
}

const lockKey = (l: HeldLock): string => `${l.relation}\u0000${l.mode}`;

function changed(before: Relations, after: Relations): string[] {
  return [...after].filter(([id, r]) => before.has(id) && before.get(id)!.storage !== r.storage).map(([, r]) => r.name);
}

function placeOf(migration: string, script: SqlScript): Place {
  const starts = lineStartsOf(script.sql);
  return (offset) => ({ migration, file: script.location, line: lineColumn(starts, firstTokenOffset(script.sql, offset, script.sql.length), script.line).line });
}

function firstLine(e: unknown): string {
  return messageOf(e).split('\n')[0]!;
}
