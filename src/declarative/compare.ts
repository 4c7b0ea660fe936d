import type { Queryable } from '../adapters/adapter.js';
import { diffModels, normaliseSchema, type DiffOptions, type Schema, type SchemaDiff } from '../schema/index.js';
import { snapshot, type SnapshotOptions } from './snapshot.js';

export interface CompareOptions extends SnapshotOptions, DiffOptions {}

/**
 * Diff options for comparing with a dev database: its extension versions are those its PostgreSQL
 * ships (PGlite is PostgreSQL 18), not a choice of the schema, so they are not compared and
 * `create extension` is written without a version (the target installs its own default).
 */
export const DEV_DIFF_OPTIONS: DiffOptions = { ignoreExtensionVersions: true };

/** The diff that makes `from`'s schema equal to `to`'s, shale's state tables left out of both. */
export async function compareDatabases(from: Queryable, to: Queryable, opts: CompareOptions = {}): Promise<SchemaDiff> {
  const snap: SnapshotOptions = {
    ...(opts.schemas ? { schemas: opts.schemas } : {}),
    ...(opts.excludeSchemas ? { excludeSchemas: opts.excludeSchemas } : {}),
    ...(opts.tablePrefix !== undefined ? { tablePrefix: opts.tablePrefix } : {}),
  };
  return diffModels(await snapshot(from, snap), await snapshot(to, snap), opts);
}

/** Whether two snapshots describe the same schema (catalog order and column order aside). */
export function sameSchema(a: Schema, b: Schema): boolean {
  return normaliseSchema(a) === normaliseSchema(b);
}
