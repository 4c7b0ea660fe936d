import type { Change, ChangeKind } from './change.js';

/**
 * Default position of each change kind when dependencies don't decide: drops of dependents
 * (triggers, views, routines, foreign keys, checks) first, then keys, columns and tables; then
 * creates: tables, columns, keys and indexes, then foreign keys (after the keys they reference),
 * routines, views and triggers.
 */
export const RANK: Readonly<Record<ChangeKind, number>> = {
  dropTrigger: 10,
  dropView: 11,
  dropRoutine: 12,
  dropForeignKey: 13,
  dropCheck: 14,
  removePartitioning: 15,
  dropIndex: 16,
  setPrimaryKey: 17,
  dropColumn: 18,
  dropTable: 19,
  createTable: 30,
  alterTableOptions: 31,
  setPartitioning: 37,
  addColumn: 32,
  modifyColumn: 33,
  setColumnDefault: 33,
  createIndex: 35,
  addCheck: 36,
  addForeignKey: 40,
  createRoutine: 41,
  createView: 42,
  createTrigger: 43,
};

export function rankOf(c: Change): number {
  return RANK[c.kind];
}
