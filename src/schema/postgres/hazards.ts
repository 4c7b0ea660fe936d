import { assertNever } from '../../errors.js';
import type { Change } from './change.js';
import type { Sequence } from './model.js';

/** New bounds that may exclude a sequence's current value: the plan restarts it. */
export function sequenceNarrowed(a: Sequence, b: Sequence): boolean {
  return BigInt(b.min) > BigInt(a.min) || BigInt(b.max) < BigInt(a.max);
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
    // A rule stores no rows, but dropping one changes what writes to its table do (an INSTEAD rule's
    // actions stop running): gated like a trigger.
    case 'dropRule':
      return c.kind === 'dropTable' ? true : !c.recreate;
    // Extended statistics only guide the planner (ANALYZE rebuilds them): dropping them loses no data.
    case 'dropStatistics':
      return false;
    case 'alterColumn':
      return c.retype || c.from.type !== c.to.type || c.from.collation !== c.to.collation;
    case 'alterSequence':
      // Narrowed bounds restart the sequence (its current value may fall outside them).
      return sequenceNarrowed(c.from, c.to);
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
    case 'createView':
    case 'createFunction':
    case 'createTrigger':
    case 'createPolicy':
    case 'createRule':
    case 'alterRule':
    case 'createStatistics':
    case 'alterStatistics':
    case 'createEventTrigger':
    case 'alterEventTrigger':
    case 'createAggregate':
    case 'createCast':
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
