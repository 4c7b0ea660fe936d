import type { Change } from './change.js';
import type { Dependency, Schema } from './model.js';
import { rankOf } from './rank.js';
import { diffReplicaIdentity, diffTables } from './diff-tables.js';
import { diffSequenceOwners } from './diff-sequence-owners.js';
import { retypeRules } from './diff-retype.js';
import { keepRebuiltRows } from './diff-rebuild.js';
import { diffDefinitions, diffOperatorFamilyMembers, diffRoutineObjects, diffTypes } from './diff-objects.js';
import { recreateDependents } from './diff-recreate.js';
import { diffRanges } from './diff-ranges.js';
import { diffBaseTypes, withoutReplacedBoundFunctions } from './diff-base-types.js';
import { diffTextSearch } from './diff-text-search.js';
import { diffPublications } from './diff-publications.js';
import { diffForeign } from './diff-foreign.js';
import { diffComments, diffDefaultPrivileges, diffOwners, diffPrivileges, withNewOwners } from './diff-acl.js';
import type { DiffOptions } from '../dialect.js';
import { KeySet, keys } from '../keys.js';
import { orderEdits, type Edit } from '../order.js';
import { EditList } from '../edit-list.js';

export type { DiffOptions };

/**
 * The changes that turn schema `from` into schema `to`, in an order that runs: a pure function over
 * two models (no database).
 * @example const changes = diffSchemas(await inspect(prod), await inspect(dev), { withPrivileges: true })
 */
export function diffSchemas(from: Schema, to: Schema, opts: DiffOptions = {}): Change[] {
  const out = new EditList<Change>(rankOf);
  if (opts.createExtensionsOnly) {
    const have = new KeySet(from.extensions.map((e) => e.key));
    for (const e of to.extensions) {
      if (!have.has(e.key)) out.add({ kind: 'createExtension', extension: e, withVersion: !opts.ignoreExtensionVersions }, 'create', e.key);
    }
    return orderEdits(out.edits, [], []);
  }
  diffTypes(from, to, { ignoreExtensionVersions: opts.ignoreExtensionVersions ?? false }, out);
  diffRanges(from, to, out);
  diffTextSearch(from, to, out);
  diffForeign(from, to, out);
  diffTables(from, to, retypeRules(from, to, opts), out);
  const defined = withoutReplacedBoundFunctions(from, to);
  diffDefinitions(defined.from, defined.to, out);
  diffBaseTypes(from, to, out);
  diffRoutineObjects(from, to, out);
  diffPublications(from, to, out);
  recreateDependents(from, to, out);
  diffOperatorFamilyMembers(from, to, out);
  diffReplicaIdentity(from, to, out);
  diffSequenceOwners(from, to, out);
  keepRebuiltRows(from, to, out);
  if (opts.withPrivileges) {
    const moved = opts.withOwners ? withNewOwners(from, to) : { from, owners: undefined };
    diffPrivileges(moved.from, to, out, moved.owners);
    diffDefaultPrivileges(from, to, out);
  }
  if (opts.withOwners) diffOwners(from, to, out);
  diffComments(from, to, out);
  if (out.edits.some((s) => s.change.kind === 'createFunction')) {
    out.add({ kind: 'disableFunctionBodyChecks' }, 'alter', keys.setting('check_function_bodies'));
  }
  return orderEdits(out.edits, from.dependencies, to.dependencies, { outlived: outlivedByDroppedDefaults(out.edits) });
}

/**
 * A column whose old default is dropped by an edit of its own no longer calls what that default
 * called: its later alter (setting the new default) need not run before those objects are dropped.
 * Its type and collation it still has.
 */
function outlivedByDroppedDefaults(edits: readonly Edit<Change>[]): (d: Dependency) => boolean {
  const defaultDropped = new KeySet(edits.flatMap((s) => (s.change.kind === 'dropColumnDefault' ? [s.key] : [])));
  return (d) => defaultDropped.has(d.from) && d.to.kind !== 'type' && d.to.kind !== 'collation';
}
