import { assertNever } from '../../errors.js';
import type { Change } from './change.js';
import type { Publication, Sequence } from './model.js';

/** New bounds that may exclude a sequence's current value: the plan restarts it. */
export function sequenceNarrowed(a: Sequence, b: Sequence): boolean {
  return BigInt(b.min) > BigInt(a.min) || BigInt(b.max) < BigInt(a.max);
}

/** A publication that stops sending something it sent: a table, a schema, a column, rows, an action. */
export function publicationNarrowed(a: Publication, b: Publication): boolean {
  const kept = (t: Publication['tables'][number]) => b.tables.some((x) => x.table.schema === t.table.schema && x.table.name === t.table.name
    && (x.where === null || x.where === t.where) && (x.columns === null || (t.columns !== null && t.columns.every((c) => x.columns?.includes(c)))));
  return !a.tables.every(kept) || !a.schemas.every((s) => b.schemas.includes(s)) || !a.publish.every((p) => b.publish.includes(p))
    || a.viaPartitionRoot !== b.viaPartitionRoot;
}

/**
 * Whether a change can lose data or behaviour that the target schema does not restore: it drops an
 * object for good (not to recreate it in the same plan), drops a column, a table, a sequence (its
 * state) or a type, or rewrites a column to another type (the cast may fail or truncate).
 * Decided from the typed change, never from SQL text.
 * @example isDestructive({ kind: 'dropView', view, recreate: true }) // false: it comes back
 */
export function isDestructive(c: Change): boolean {
  switch (c.kind) {
    case 'dropSchema':
    case 'dropExtension':
    case 'dropType':
    case 'dropSequence':
    case 'dropColumn':
      return true;
    case 'dropTable':
    case 'dropCollation':
    case 'dropConstraint':
    case 'dropIndex':
    case 'dropView':
    case 'dropFunction':
    case 'dropTrigger':
    case 'dropPolicy':
    case 'dropEventTrigger':
    case 'dropAggregate':
    case 'dropCast':
    case 'dropOperator':
    case 'dropOperatorClass':
    case 'dropOperatorFamily':
    // Nothing stored, but queries and expressions naming them stop working.
    case 'dropTsDictionary':
    case 'dropTsConfiguration':
    // Subscribers of a dropped publication stop receiving changes.
    case 'dropPublication':
    // No rows are stored here, but what reads the remote data through them stops working.
    case 'dropFdw':
    case 'dropServer':
    case 'dropUserMapping':
    case 'dropForeignTable':
    // A rule stores no rows, but dropping one changes what writes to its table do (an INSTEAD rule's
    // actions stop running): gated like a trigger.
    case 'dropRule':
      // An index dropped with CASCADE takes its partitions' attached constraints (and what uses them) along.
      return c.kind === 'dropTable' || (c.kind === 'dropIndex' && c.cascade === true) ? true : !c.recreate;
    // Extended statistics only guide the planner (ANALYZE rebuilds them): dropping them loses no data.
    case 'dropStatistics':
      return false;
    case 'alterColumn':
      return c.retype || c.from.type !== c.to.type || c.from.collation !== c.to.collation;
    case 'alterSequence':
      // Narrowed bounds restart the sequence (its current value may fall outside them).
      return sequenceNarrowed(c.from, c.to);
    case 'alterPublication':
      // A table (or schema) no longer published, or fewer actions: subscribers stop getting its changes.
      return publicationNarrowed(c.from, c.to);
    case 'alterComposite':
      return c.from.attributes.some((a) => !c.to.attributes.some((b) => b.name === a.name && b.type === a.type));
    case 'disableFunctionBodyChecks':
    case 'createSchema':
    case 'createExtension':
    case 'updateExtension':
    case 'createCollation':
    case 'createEnum':
    case 'renameTypeAside':
    case 'createDomain':
    case 'alterDomain':
    case 'createComposite':
    case 'createRange':
    case 'renameRangeAside':
    case 'createShellType':
    case 'createBaseType':
    case 'renameBaseTypeAside':
    // SET STORAGE applies to columns created later; new support functions read and write the same values.
    case 'alterBaseType':
    case 'createSequence':
    case 'setSequenceOwner':
    case 'createTable':
    case 'addColumn':
    case 'dropColumnDefault':
    case 'dropIdentity':
    case 'addIdentity':
    case 'setTablePersistence':
    case 'setRowSecurity':
    case 'saveRows':
    case 'restoreRows':
    case 'setReplicaIdentity':
    case 'attachPartition':
    case 'detachPartition':
    case 'addInherit':
    case 'dropInherit':
    case 'addConstraint':
    case 'createIndex':
    case 'attachIndex':
    case 'createView':
    case 'createFunction':
    case 'createTrigger':
    case 'createPolicy':
    case 'createRule':
    case 'alterRule':
    case 'createStatistics':
    case 'alterStatistics':
    case 'createPublication':
    case 'createFdw':
    case 'alterFdw':
    case 'createServer':
    case 'alterServer':
    case 'createUserMapping':
    case 'alterUserMapping':
    case 'createForeignTable':
    case 'alterForeignTable':
    case 'createTsDictionary':
    case 'alterTsDictionary':
    case 'createTsConfiguration':
    case 'alterTsConfiguration':
    case 'createEventTrigger':
    case 'alterEventTrigger':
    case 'createAggregate':
    case 'createCast':
    case 'createOperator':
    case 'alterOperator':
    // Loose members only tell the planner what an index can do; no query stops working without one.
    case 'alterOperatorFamily':
    case 'createOperatorFamily':
    case 'createOperatorClass':
    case 'grant':
    case 'revoke':
    case 'alterDefaultPrivileges':
    case 'setOwner':
    case 'setComment':
      return false;
    default:
      return assertNever(c, 'change');
  }
}
