/**
 * Schema inspection and diff for PostgreSQL ("migra's job"): read two databases into plain-data
 * models, compute the typed changes between them and render them to ordered SQL.
 *
 * @example
 * const { statements, destructive } = await diff(prodClient, devClient, { withPrivileges: true })
 * if (!destructive) console.log(statements.map((s) => s.sql).join('\n\n'))
 */
import type { Queryable } from '../adapters/adapter.js';
import { inspect, type InspectOptions } from '../adapters/postgres/introspect.js';
import { planStatements, type PlannedStatement } from '../adapters/postgres/planner.js';
import type { Change } from './change.js';
import { diffSchemas, type DiffOptions } from './diff.js';
import type { Schema, UnsupportedObject } from './model.js';
import { canonical } from './diff-match.js';

export type * from './model.js';
export type { Change, ChangeKind } from './change.js';
export type { DiffOptions } from './diff.js';
export type { InspectOptions } from '../adapters/postgres/introspect.js';
export type { PlannedStatement } from '../adapters/postgres/planner.js';
export { inspect, diffSchemas, planStatements };
export { isDestructive } from './destructive.js';
export { normaliseSchema } from './normalise.js';

export interface SchemaDiffOptions extends DiffOptions, InspectOptions {}

export interface SchemaDiff {
  readonly changes: readonly Change[];
  readonly statements: readonly PlannedStatement[];
  /** Some statement drops data or objects (migra's `--unsafe` gate). */
  readonly destructive: boolean;
  /** Objects found in either database that shale does not model; the diff does not cover them. */
  readonly unsupported: readonly UnsupportedObject[];
}

/** Diff two models (no database). */
export function diffModels(from: Schema, to: Schema, opts: DiffOptions = {}): SchemaDiff {
  const changes = diffSchemas(from, to, opts);
  const statements = planStatements(changes);
  const seen = new Set<string>();
  const unsupported = [...from.unsupported, ...to.unsupported].filter((u) => {
    const k = canonical(u);
    return seen.has(k) ? false : (seen.add(k), true);
  });
  return { changes, statements, destructive: statements.some((s) => s.destructive), unsupported };
}

/** The SQL that makes `fromDb`'s schema equal to `toDb`'s. Each argument must be a single session. */
export async function diff(fromDb: Queryable, toDb: Queryable, opts: SchemaDiffOptions = {}): Promise<SchemaDiff> {
  const inspectOpts: InspectOptions = {
    ...(opts.schemas ? { schemas: opts.schemas } : {}),
    ...(opts.excludeSchemas ? { excludeSchemas: opts.excludeSchemas } : {}),
  };
  const [from, to] = await Promise.all([inspect(fromDb, inspectOpts), inspect(toDb, inspectOpts)]);
  return diffModels(from, to, opts);
}
