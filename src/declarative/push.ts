import type { Adapter } from '../adapters/adapter.js';
import { ShaleError, messageOf } from '../errors.js';
import type { PlannedStatement, RenameHint, UnsupportedObject } from '../schema/dialect.js';
import { DEV_DIFF_OPTIONS, compareDatabases } from './compare.js';
import { schemaDialectOf } from './schema-dialect.js';
import { openSchemaSource } from './schema-source.js';

export interface PushPlan {
  readonly hints: readonly RenameHint[];
  readonly renames: readonly string[];
  readonly statements: readonly PlannedStatement[];
  readonly destructive: boolean;
  readonly unsupported: readonly UnsupportedObject[];
}

export interface PushOptions {
  /** Desired-state `.sql` file or folder. */
  readonly schema: string;
  readonly devUrl?: string;
  readonly tablePrefix?: string;
}

/** All SQL of a push plan, in the order it runs. */
export function pushStatements(p: PushPlan): string[] {
  return [...p.renames, ...p.statements.map((s) => s.sql)];
}

/**
 * What `push` would run on `target` to give it the desired schema. With rename hints, the renames
 * are tried inside a transaction that is rolled back, so planning never changes the target.
 * @example const plan = await planPush(db, { schema: 'schema.sql' }); if (!plan.destructive) await applyPush(db, plan)
 */
export async function planPush(target: Adapter, opts: PushOptions): Promise<PushPlan> {
  const prefix = opts.tablePrefix !== undefined ? { tablePrefix: opts.tablePrefix } : {};
  const dialect = await schemaDialectOf(target, 'push');
  const desired = await openSchemaSource({ kind: 'files', path: opts.schema }, { ...(opts.devUrl ? { devUrl: opts.devUrl } : {}), ...prefix });
  try {
    const hints = await dialect.renames.hints(desired.files);
    if (hints.length === 0) {
      const d = await compareDatabases(target, desired.db, { ...DEV_DIFF_OPTIONS, ...prefix });
      return { hints, renames: [], statements: d.statements, destructive: d.destructive, unsupported: d.unsupported };
    }
    // The transaction's work runs on the target's connection: the renames, then the comparison.
    return await target.transaction(
      async () => {
        const renames = await dialect.renames.apply(target, hints);
        const d = await compareDatabases(target, desired.db, { ...DEV_DIFF_OPTIONS, ...prefix });
        return { hints, renames: renames.forward, statements: d.statements, destructive: d.destructive, unsupported: d.unsupported };
      },
      { discard: true },
    );
  } finally {
    await desired.close();
  }
}

/** Run a push plan on `target` in one transaction: all of it, or (on an error) none of it. */
export async function applyPush(target: Adapter, plan: PushPlan): Promise<{ statements: number }> {
  const sql = pushStatements(plan);
  let current = '';
  try {
    await target.transaction(async (tx) => {
      for (const s of sql) {
        current = s;
        await tx.execute(s);
      }
    });
  } catch (e) {
    throw new ShaleError('E_SQL', `push failed on ${target.display}, nothing was changed: ${messageOf(e)} (in: ${current.split('\n')[0]})`, { statement: current }, { cause: e });
  }
  return { statements: sql.length };
}
