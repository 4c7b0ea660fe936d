import type { Adapter } from '../adapters/adapter.js';
import { ShaleError, messageOf } from '../errors.js';
import type { OutsideTransaction, PlannedStatement, RenameHint, SchemaDialect, SchemaDiff, UnsupportedObject } from '../schema/dialect.js';
import { DEV_DIFF_OPTIONS, compareDatabases } from './compare.js';
import { chooseDevUrl } from './dev-database.js';
import { runPushSteps, safePushSteps, stepsScript, type PushStep } from './push-steps.js';
import { planScript, runPlan } from './run-plan.js';
import { schemaDialectOf } from './schema-dialect.js';
import { openSchemaSource, parseSchemaSpec, type OpenSchema, type SchemaSpec } from './schema-source.js';

export interface PushPlan {
  readonly hints: readonly RenameHint[];
  readonly renames: readonly string[];
  readonly statements: readonly PlannedStatement[];
  readonly destructive: boolean;
  readonly unsupported: readonly UnsupportedObject[];
  /** What must run outside the plan's transaction (see `SchemaDiff.outsideTransaction`). */
  readonly outsideTransaction?: OutsideTransaction;
  /**
   * With `safeForms`, where the plan changes tables the target has: the plan in the safe forms of
   * `shale lint --fix`, run step by step instead of in one transaction, and what each fix did.
   */
  readonly steps?: readonly PushStep[];
  readonly safeForms?: readonly string[];
  /** What undoes the session setting the steps begin with, run before cleaning up after a failure. */
  readonly stepsReset?: string;
}

export interface PushOptions {
  /** Desired-state `.sql` file or folder, or an ORM's schema (`drizzle:<drizzle.config.ts>`, `prisma:<schema.prisma>`). */
  readonly schema: string;
  /** Dev database for the desired schema (default: the target's dialect's, e.g. `sqlite::memory:`). */
  readonly devUrl?: string;
  readonly tablePrefix?: string;
  /** Prefer the lock-friendly forms of `shale lint --fix` for tables the target has (see {@link PushPlan.steps}). */
  readonly safeForms?: boolean;
}

/** All SQL of a push plan, in the order it runs (with its own BEGIN/COMMIT where it needs one). */
export function pushStatements(p: PushPlan): string[] {
  if (p.steps) return stepsScript(p.steps);
  return planScript([...p.renames, ...p.statements.map((s) => s.sql)], p.outsideTransaction);
}

function pushPlan(hints: readonly RenameHint[], renames: readonly string[], d: SchemaDiff): PushPlan {
  return { hints, renames, statements: d.statements, destructive: d.destructive, unsupported: d.unsupported, ...(d.outsideTransaction ? { outsideTransaction: d.outsideTransaction } : {}) };
}

/** A push's desired schema: files or an ORM's export, never a database or the migrations. */
function desiredSpec(arg: string): Extract<SchemaSpec, { kind: 'files' | 'orm' }> {
  const s = parseSchemaSpec(arg);
  if (s.kind === 'files' || s.kind === 'orm') return s;
  throw new ShaleError('E_USAGE', `push applies a desired schema (a .sql file or folder, drizzle:<config>, prisma:<schema.prisma>), not ${s.kind === 'url' ? 'a database URL' : `the migrations (${arg})`}`);
}

/**
 * What `push` would run on `target` to give it the desired schema. With rename hints, the renames
 * are tried inside a transaction that is rolled back, so planning never changes the target.
 * @example const plan = await planPush(db, { schema: 'schema.sql' }); if (!plan.destructive) await applyPush(db, plan)
 */
export async function planPush(target: Adapter, opts: PushOptions): Promise<PushPlan> {
  const prefix = opts.tablePrefix !== undefined ? { tablePrefix: opts.tablePrefix } : {};
  const dialect = await schemaDialectOf(target, 'push');
  const devUrl = chooseDevUrl(opts.devUrl, { family: dialect.id, display: target.display });
  const desired = await openSchemaSource(desiredSpec(opts.schema), { devUrl, project: { family: dialect.id, display: target.display }, ...prefix });
  let plan: PushPlan;
  try {
    plan = await planOn(target, dialect, desired, prefix);
  } finally {
    await desired.close();
  }
  if (!opts.safeForms || plan.outsideTransaction || plan.statements.length === 0) return plan;
  const safe = await safePushSteps(target, dialect.id, pushStatements(plan));
  return safe ? { ...plan, steps: safe.steps, safeForms: safe.fixes, ...(safe.reset ? { stepsReset: safe.reset } : {}) } : plan;
}

/** The plan that gives `target` the schema of `desired`, renames tried in a transaction rolled back. */
async function planOn(target: Adapter, dialect: SchemaDialect, desired: OpenSchema, prefix: { tablePrefix?: string }): Promise<PushPlan> {
  const hints = await dialect.renames.hints(desired.files);
  if (hints.length === 0) {
    const d = await compareDatabases(target, desired.db, { ...DEV_DIFF_OPTIONS, ...prefix, desiredFiles: desired.files });
    return pushPlan(hints, [], d);
  }
  // The transaction's work runs on the target's connection: the renames, then the comparison.
  return await target.transaction(
    async () => {
      const renames = await dialect.renames.apply(target, hints);
      const d = await compareDatabases(target, desired.db, { ...DEV_DIFF_OPTIONS, ...prefix, desiredFiles: desired.files });
      return pushPlan(hints, renames.forward, d);
    },
    { discard: true },
  );
}

/**
 * Run a push plan on `target` in one transaction: all of it, or (on an error) none of it. What the
 * plan needs outside a transaction (SQLite: foreign keys off for a table rebuild) runs around it.
 * A plan in safe forms runs its steps in order instead (see {@link runPushSteps}).
 */
export async function applyPush(target: Adapter, plan: PushPlan): Promise<{ statements: number }> {
  if (plan.steps) {
    await runPushSteps(target, plan.steps, plan.stepsReset);
    return { statements: pushStatements(plan).length };
  }
  const sql = [...plan.renames, ...plan.statements.map((s) => s.sql)];
  let current = '';
  try {
    await runPlan(target, sql, plan.outsideTransaction, (s) => (current = s));
  } catch (e) {
    throw new ShaleError('E_SQL', `push failed on ${target.display}, nothing was changed: ${messageOf(e)} (in: ${current.split('\n')[0]})`, { statement: current }, { cause: e });
  }
  return { statements: pushStatements(plan).length };
}
