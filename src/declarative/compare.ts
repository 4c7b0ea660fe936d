import type { Adapter } from '../adapters/adapter.js';
import type { DiffOptions, SchemaDiff, SchemaFile } from '../schema/dialect.js';
import { sharedSchemaDialect } from './schema-dialect.js';
import { snapshotWith, type SnapshotOptions } from './snapshot.js';

export interface CompareOptions extends SnapshotOptions, DiffOptions {
  /** The desired-schema files `to` was built from: their `-- shale:using` hints convert column types. */
  readonly desiredFiles?: readonly SchemaFile[];
}

/**
 * Diff options for comparing with a dev database: its extension versions are those its PostgreSQL
 * ships (PGlite is PostgreSQL 18), not a choice of the schema, so they are not compared and
 * `create extension` is written without a version (the target installs its own default).
 */
export const DEV_DIFF_OPTIONS: DiffOptions = { ignoreExtensionVersions: true };

/**
 * The diff that makes `from`'s schema equal to `to`'s, shale's state tables left out of both. Both
 * databases must have schema diff support (the adapters' `schemaDialect`), of one dialect.
 * @example const d = await compareDatabases(live, dev.adapter, DEV_DIFF_OPTIONS); if (d.destructive) …
 */
export async function compareDatabases(from: Adapter, to: Adapter, opts: CompareOptions = {}): Promise<SchemaDiff> {
  const dialect = await sharedSchemaDialect(from, to, 'comparing schemas');
  const snap: SnapshotOptions = {
    ...(opts.schemas ? { schemas: opts.schemas } : {}),
    ...(opts.excludeSchemas ? { excludeSchemas: opts.excludeSchemas } : {}),
    ...(opts.tablePrefix !== undefined ? { tablePrefix: opts.tablePrefix } : {}),
  };
  const { desiredFiles, ...diffOpts } = opts;
  const using = desiredFiles?.length && dialect.usingHints ? await dialect.usingHints(desiredFiles) : [];
  const withHints = using.length > 0 ? { ...diffOpts, usingHints: [...(diffOpts.usingHints ?? []), ...using] } : diffOpts;
  return dialect.diffModels(await snapshotWith(dialect, from, snap), await snapshotWith(dialect, to, snap), withHints);
}
