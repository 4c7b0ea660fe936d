// The convergence check shared by the conformance corpus and shale's own fixtures:
// load a.sql (+ additions) into A and b.sql into B, diff, apply the SQL to A in one transaction,
// then A must inspect equal to B (normaliseSchema) and a second diff must be empty.
import type { Queryable } from '../../src/adapters/adapter.js';
import { diffModels, inspect, normaliseSchema, type NormaliseOptions, type PlannedStatement, type Schema, type SchemaDiffOptions } from '../../src/schema/postgres/index.js';

export interface ConvergenceCase {
  readonly a: string;
  readonly b: string;
  readonly additions?: string;
  readonly opts: SchemaDiffOptions;
}

export interface ConvergenceResult {
  readonly statements: readonly PlannedStatement[];
  readonly destructive: boolean;
  /** Statements a second diff (after applying) still finds: must be empty. */
  readonly remaining: readonly PlannedStatement[];
  /** Top-level model sections where A and B still differ, with both sides: must be empty. */
  readonly differences: readonly string[];
}

export interface Databases {
  readonly a: Queryable;
  readonly b: Queryable;
  /** Runs a multi-statement script (PGlite needs `exec`); defaults to `query`. */
  readonly exec?: (db: Queryable, script: string) => Promise<void>;
}

export async function checkConvergence(db: Databases, c: ConvergenceCase): Promise<ConvergenceResult> {
  const exec = db.exec ?? (async (q: Queryable, sql: string) => void (await q.query(sql)));
  await exec(db.a, c.a);
  if (c.additions && c.additions.trim() !== '') await exec(db.a, c.additions);
  await exec(db.b, c.b);
  const inspectOpts = { ...(c.opts.schemas ? { schemas: c.opts.schemas } : {}), ...(c.opts.excludeSchemas ? { excludeSchemas: c.opts.excludeSchemas } : {}) };
  const first = diffModels(await inspect(db.a, inspectOpts), await inspect(db.b, inspectOpts), c.opts);
  await applyInTransaction(db.a, first.statements.map((s) => s.sql));
  const a2 = await inspect(db.a, inspectOpts);
  const b2 = await inspect(db.b, inspectOpts);
  const second = diffModels(a2, b2, c.opts);
  const differences = c.opts.createExtensionsOnly ? extensionGaps(a2, b2) : compare(a2, b2, { privileges: c.opts.withPrivileges === true, owners: c.opts.withOwners === true });
  return { statements: first.statements, destructive: first.destructive, remaining: second.statements, differences };
}

export async function applyInTransaction(db: Queryable, statements: readonly string[]): Promise<void> {
  await db.query('begin');
  for (const sql of statements) {
    try {
      await db.query(sql);
    } catch (e) {
      await db.query('rollback');
      throw new Error(`applying the diff failed at:\n${sql}\n${(e as Error).message}`, { cause: e });
    }
  }
  await db.query('commit');
}

function compare(a: Schema, b: Schema, opts: NormaliseOptions): string[] {
  const na = JSON.parse(normaliseSchema(a, opts)) as Record<string, unknown>;
  const nb = JSON.parse(normaliseSchema(b, opts)) as Record<string, unknown>;
  const out: string[] = [];
  for (const k of Object.keys(nb)) {
    const x = JSON.stringify(na[k]);
    const y = JSON.stringify(nb[k]);
    if (x !== y) out.push(`${k}:\n  A=${x}\n  B=${y}`);
  }
  return out;
}

/** --create-extensions-only: A must have at least B's extensions. */
function extensionGaps(a: Schema, b: Schema): string[] {
  const have = new Set(a.extensions.map((e) => e.name));
  return b.extensions.filter((e) => !have.has(e.name)).map((e) => `extension ${e.name} missing in A`);
}
