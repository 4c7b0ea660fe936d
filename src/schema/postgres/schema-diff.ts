import type { Queryable } from '../../adapters/adapter.js';
import type { DiffOptions, InspectOptions, SchemaDiff as DialectDiff } from '../dialect.js';
import { canonical } from '../diff-match.js';
import type { Change } from './change.js';
import { diffSchemas } from './diff.js';
import { inspect } from './introspect.js';
import type { Schema } from './model.js';
import { planStatements } from './planner.js';
import { commonGround } from './version-skew.js';

/** Options of {@link diff}: which schemas to read, and how to diff them. */
export interface SchemaDiffOptions extends DiffOptions, InspectOptions {}

/** The difference between two PostgreSQL schemas: typed changes in order, and their statements. */
export type SchemaDiff = DialectDiff<Change>;

/**
 * Diff two models (no database).
 * @example const { statements, destructive } = diffModels(await inspect(prod), await inspect(dev))
 */
export function diffModels(fromModel: Schema, toModel: Schema, opts: DiffOptions = {}): SchemaDiff {
  // Servers of two major versions: compare only what both have (a PostgreSQL 18 dev database, say).
  const { from, to, notes } = commonGround(fromModel, toModel, { privileges: opts.withPrivileges === true });
  const changes = diffSchemas(from, to, opts);
  const statements = planStatements(changes);
  const seen = new Set<string>();
  const unsupported = [...from.unsupported, ...to.unsupported].filter((u) => {
    const k = canonical(u);
    return seen.has(k) ? false : (seen.add(k), true);
  });
  return { changes, statements, destructive: statements.some((s) => s.destructive), unsupported, notes };
}

/**
 * The SQL that makes `fromDb`'s schema equal to `toDb`'s. Each argument must be a single session.
 * @example
 * const { statements, destructive } = await diff(prodClient, devClient, { withPrivileges: true })
 * if (!destructive) console.log(statements.map((s) => s.sql).join('\n\n'))
 */
export async function diff(fromDb: Queryable, toDb: Queryable, opts: SchemaDiffOptions = {}): Promise<SchemaDiff> {
  const inspectOpts: InspectOptions = {
    ...(opts.schemas ? { schemas: opts.schemas } : {}),
    ...(opts.excludeSchemas ? { excludeSchemas: opts.excludeSchemas } : {}),
  };
  const [from, to] = await Promise.all([inspect(fromDb, inspectOpts), inspect(toDb, inspectOpts)]);
  return diffModels(from, to, opts);
}
