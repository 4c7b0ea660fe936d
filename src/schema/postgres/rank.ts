import type { Change, ChangeKind } from './change.js';

/**
 * Default position of each change kind when dependencies don't decide: set-up, then drops (dependents
 * first), then creates (dependencies first), then privileges and comments, then the final drops of
 * replaced enums, extensions and schemas. Dependency edges always win over rank. Event triggers fire
 * on the plan's own DDL: they are dropped (or disabled) first and created (or enabled) last.
 */
export const RANK: Readonly<Record<ChangeKind, number>> = {
  disableFunctionBodyChecks: 0,
  createSchema: 1,
  createExtension: 2,
  updateExtension: 3,
  createCollation: 4,
  createFdw: 5,
  alterFdw: 5,
  createServer: 6,
  alterServer: 6,
  createUserMapping: 7,
  alterUserMapping: 7,
  renameTypeAside: 10,
  renameRangeAside: 10,
  dropEventTrigger: 18,
  saveRows: 19,
  revoke: 20,
  dropPolicy: 21,
  dropPublication: 21,
  dropRule: 22,
  dropTrigger: 22,
  dropView: 23,
  dropConstraint: 24,
  dropStatistics: 25,
  dropIndex: 26,
  detachPartition: 27,
  dropInherit: 27,
  dropAggregate: 28,
  dropCast: 28,
  dropOperatorClass: 28,
  dropOperatorFamily: 28,
  dropOperator: 28,
  dropFunction: 28,
  dropColumnDefault: 29,
  dropIdentity: 29,
  dropColumn: 30,
  dropTable: 31,
  dropForeignTable: 31,
  dropSequence: 32,
  dropTsConfiguration: 33,
  dropTsDictionary: 33,
  dropCollation: 34,
  dropUserMapping: 35,
  dropServer: 36,
  dropFdw: 37,
  createTsDictionary: 38,
  alterTsDictionary: 38,
  createTsConfiguration: 39,
  alterTsConfiguration: 39,
  createEnum: 40,
  createRange: 40,
  createDomain: 41,
  alterDomain: 41,
  createComposite: 42,
  alterComposite: 42,
  createSequence: 43,
  alterSequence: 43,
  createTable: 44,
  createForeignTable: 44,
  alterForeignTable: 45,
  setTablePersistence: 45,
  addColumn: 45,
  alterColumn: 45,
  addIdentity: 46,
  setSequenceOwner: 46,
  attachPartition: 47,
  restoreRows: 47,
  addInherit: 47,
  createFunction: 48,
  createAggregate: 48,
  createCast: 48,
  createOperator: 48,
  alterOperator: 48,
  createOperatorFamily: 48,
  alterOperatorFamily: 48,
  createOperatorClass: 48,
  createView: 49,
  createIndex: 50,
  addConstraint: 51,
  // After the parent index (and the partition's own index) exist.
  attachIndex: 51,
  createStatistics: 51,
  alterStatistics: 51,
  setReplicaIdentity: 52,
  createPublication: 52,
  alterPublication: 52,
  createTrigger: 53,
  createRule: 53,
  alterRule: 53,
  createPolicy: 54,
  setRowSecurity: 55,
  // Before the grants: they are planned for the new owner (OWNER TO hands the old owner's privileges over).
  setOwner: 55,
  grant: 56,
  // After the plan's creates (those taking back the database's own defaults: before them, see rankOf).
  alterDefaultPrivileges: 56,
  setComment: 57,
  createEventTrigger: 58,
  alterEventTrigger: 58,
  dropType: 60,
  dropExtension: 70,
  dropSchema: 71,
};

/** The rank of one change: its kind's, with foreign keys after the keys they reference and an event trigger disabled first. */
export function rankOf(c: Change): number {
  const base = RANK[c.kind];
  // Foreign keys after the keys they reference when nothing else orders them.
  if (c.kind === 'addConstraint' && c.constraint.type === 'foreign') return base + 1;
  if (c.kind === 'alterDefaultPrivileges' && c.beforeCreates) return RANK.revoke;
  if (c.kind === 'dropConstraint' && c.constraint.type !== 'foreign') return base + 1;
  if (c.kind === 'alterEventTrigger' && c.trigger.enabled === 'D') return RANK.dropEventTrigger;
  return base;
}
