import type { Queryable } from '../adapters/adapter.js';
import { DEFAULT_TABLE_PREFIX } from '../adapters/adapter.js';
import { inspect, type InspectOptions, type Schema } from '../schema/index.js';

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
export async function snapshot(db: Queryable, opts: SnapshotOptions = {}): Promise<Schema> {
  const { tablePrefix, ...inspectOpts } = opts;
  return withoutTables(await inspect(db, inspectOpts), stateTableNames(tablePrefix));
}

/** The model minus the named tables (in any schema) and everything that belongs to them. */
export function withoutTables(s: Schema, names: readonly string[]): Schema {
  const drop = new Set(names);
  const gone = s.tables.filter((t) => drop.has(t.name));
  if (gone.length === 0) return s;
  const relKeys = new Set(gone.map((t) => t.key));
  const owned = (schema: string, table: string) => gone.some((t) => t.schema === schema && t.name === table);
  const sequences = s.sequences.filter((q) => !(q.ownedBy && owned(q.ownedBy.table.schema, q.ownedBy.table.name)));
  const removedKeys = new Set([...relKeys, ...s.sequences.filter((q) => !sequences.includes(q)).map((q) => q.key)]);
  const indexes = s.indexes.filter((i) => !owned(i.schema, i.table));
  const constraints = s.constraints.filter((c) => !owned(c.schema, c.table));
  for (const i of s.indexes) if (!indexes.includes(i)) removedKeys.add(i.key);
  for (const c of s.constraints) if (!constraints.includes(c)) removedKeys.add(c.key);
  const belongs = (key: string) => removedKeys.has(key) || gone.some((t) => key.startsWith(`col:${JSON.stringify([t.schema, t.name]).slice(0, -1)},`));
  return {
    ...s,
    tables: s.tables.filter((t) => !relKeys.has(t.key)),
    sequences,
    indexes,
    constraints,
    triggers: s.triggers.filter((t) => !owned(t.schema, t.table)),
    policies: s.policies.filter((p) => !owned(p.schema, p.table)),
    privileges: s.privileges.filter((p) => !belongs(p.objectKey)),
    comments: s.comments.filter((c) => !belongs(c.objectKey)),
    dependencies: s.dependencies.filter((d) => !belongs(d.from) && !belongs(d.to)),
  };
}
