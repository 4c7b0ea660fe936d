import type { Adapter, Queryable } from '../adapters/adapter.js';
import { DEFAULT_TABLE_PREFIX } from '../adapters/adapter.js';
import type { InspectOptions, SchemaDialect, SchemaModel } from '../schema/dialect.js';
import { schemaDialectOf } from './schema-dialect.js';

export interface SnapshotOptions extends InspectOptions {
  /** Prefix of shale's state tables, which are left out of the snapshot (default `shale_`). */
  readonly tablePrefix?: string;
}

/** Names of shale's own state tables (DESIGN §4) for a prefix. */
export function stateTableNames(prefix: string = DEFAULT_TABLE_PREFIX): string[] {
  return ['migrations', 'log', 'lock'].map((t) => `${prefix}${t}`);
}

/**
 * Read a database's schema, without shale's own state tables: they are bookkeeping, not schema, and
 * a dev database that ran migrations has them while a desired-state file does not.
 * @example const before = await snapshot(dev.adapter)
 */
export async function snapshot(db: Adapter, opts: SnapshotOptions = {}): Promise<SchemaModel> {
  return snapshotWith(await schemaDialectOf(db, 'reading a schema'), db, opts);
}

/** {@link snapshot} with a dialect already at hand. */
export async function snapshotWith(dialect: SchemaDialect, db: Queryable, opts: SnapshotOptions = {}): Promise<SchemaModel> {
  const { tablePrefix, ...inspectOpts } = opts;
  return dialect.withoutTables(await dialect.inspect(db, inspectOpts), stateTableNames(tablePrefix));
}
