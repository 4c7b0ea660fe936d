import type { Schema } from './model.js';
import { canonical } from '../diff-match.js';
import { compareKeys, type EditKey } from '../keys.js';

/** What {@link normaliseSchema} keeps. */
export interface NormaliseOptions {
  /** Keep privileges in the comparison (compare them only when the diff planned them). */
  readonly privileges?: boolean;
  /** Keep owners in the comparison. */
  readonly owners?: boolean;
}

/**
 * A canonical form of a schema for "are these two the same?" checks (the convergence test):
 * - objects are sorted by key, so catalog order does not matter;
 * - columns are compared by name, not position (ADD COLUMN appends, so A's column order can differ);
 * - a column's `local` flag is dropped (attaching a detached table, or creating an inheritance child
 *   with explicit columns, leaves columns local where a fresh PARTITION OF/INHERITS would not);
 * - indexes and constraints PostgreSQL cloned onto partitions are dropped (it names and manages them),
 *   but which partition has an index attached to which partitioned index is kept;
 * - dependencies are dropped (they are derived from the objects, and catalog-order sensitive);
 * - privileges are dropped unless `privileges` is set, owners unless `owners` is.
 * @example normaliseSchema(a) === normaliseSchema(b) // same schema
 */
export function normaliseSchema(s: Schema, opts: NormaliseOptions = {}): string {
  const byKey = <T extends { key: EditKey }>(l: readonly T[]) =>
    [...l].sort((a, b) => compareKeys(a.key, b.key));
  return canonical({
    schemas: byKey(s.schemas),
    extensions: byKey(s.extensions),
    collations: byKey(s.collations),
    enums: byKey(s.enums),
    domains: byKey(s.domains),
    composites: byKey(s.composites),
    ranges: byKey(s.ranges),
    baseTypes: byKey(s.baseTypes),
    sequences: byKey(s.sequences),
    tables: byKey(s.tables).map((t) => ({
      ...t,
      columns: [...t.columns].sort((a, b) => (a.name < b.name ? -1 : 1)).map(({ local: _local, ...c }) => c),
    })),
    views: byKey(s.views),
    functions: byKey(s.functions),
    indexes: byKey(s.indexes).filter((x) => x.parent === null),
    // Which partitions have an index attached to which partitioned index (whatever its name).
    attachedIndexes: s.indexes.filter((x) => x.parent !== null)
      .map((x) => canonical({ schema: x.schema, table: x.table, parent: x.parent })).sort(),
    constraints: byKey(s.constraints).filter((x) => x.parent === null),
    triggers: byKey(s.triggers),
    policies: byKey(s.policies),
    rules: byKey(s.rules),
    statistics: byKey(s.statistics),
    textSearchDictionaries: byKey(s.textSearchDictionaries),
    textSearchConfigurations: byKey(s.textSearchConfigurations),
    eventTriggers: byKey(s.eventTriggers),
    publications: byKey(s.publications),
    foreignDataWrappers: byKey(s.foreignDataWrappers),
    foreignServers: byKey(s.foreignServers),
    userMappings: byKey(s.userMappings),
    foreignTables: byKey(s.foreignTables),
    aggregates: byKey(s.aggregates),
    operators: byKey(s.operators),
    operatorFamilies: byKey(s.operatorFamilies),
    operatorClasses: byKey(s.operatorClasses),
    userCasts: byKey(s.userCasts),
    privileges: opts.privileges ? byKey(s.privileges) : [],
    defaultPrivileges: opts.privileges ? byKey(s.defaultPrivileges) : [],
    owners: opts.owners ? byKey(s.owners) : [],
    comments: byKey(s.comments),
    unsupported: [...s.unsupported].sort((a, b) => canonical(a).localeCompare(canonical(b))),
  });
}

/** Whether two models describe the same schema (catalog order and column order aside). */
export function sameSchema(a: Schema, b: Schema): boolean {
  return normaliseSchema(a) === normaliseSchema(b);
}
