import type { Edit } from '../order.js';
import type { Check, Column, ForeignKey, Index, IndexPart, Routine, Table, Trigger, View } from './model.js';

/**
 * How the server runs one ALTER TABLE, decided from the change and the server version
 * (ddl-algorithm.ts): the `ALGORITHM=` clause the planner writes (null: none, the server picks,
 * which for these changes means it copies the table), and whether the table is copied or rebuilt.
 * `copiesTable` is what a future MySQL lint rule reads (writes are blocked or the table is rewritten).
 */
export interface DdlAlgorithm {
  readonly algorithm: 'INSTANT' | 'INPLACE' | null;
  readonly copiesTable: boolean;
}

/** Where an added or moved column goes: first, after a column, or (null) at the end. */
export type ColumnPosition = { readonly first: true } | { readonly after: string } | null;

/**
 * Every MySQL/MariaDB schema change shale can plan: a closed union, rendered to SQL only by the
 * planner (planner.ts) with an exhaustive switch. `recreate: true` on a drop means the same object
 * is created again later in the plan (dropped only to let something it depends on change): not
 * destructive.
 */
export type Change =
  | { readonly kind: 'createTable'; readonly table: Table }
  | { readonly kind: 'dropTable'; readonly table: string }
  | { readonly kind: 'alterTableOptions'; readonly table: string; readonly from: Table; readonly to: Table; readonly ddl: DdlAlgorithm }
  | { readonly kind: 'setPartitioning'; readonly table: string; readonly partitionBy: string | null; readonly ddl: DdlAlgorithm }
  /** Before the keys of a partitioned table change (each unique key must hold the partitioning columns); set again after. */
  | { readonly kind: 'removePartitioning'; readonly table: string; readonly ddl: DdlAlgorithm }
  /**
   * `primaryKey`: an AUTO_INCREMENT column is added with the key it needs, in one statement
   * (`replacesPrimaryKey`: the table's old key is dropped in it too).
   */
  | {
      readonly kind: 'addColumn'; readonly table: string; readonly column: Column; readonly position: ColumnPosition;
      readonly primaryKey: readonly IndexPart[] | null; readonly replacesPrimaryKey: boolean; readonly ddl: DdlAlgorithm;
    }
  /** `recreate`: a generated column dropped to be added again with another expression or storage. */
  | { readonly kind: 'dropColumn'; readonly table: string; readonly column: string; readonly recreate: boolean; readonly ddl: DdlAlgorithm }
  | { readonly kind: 'modifyColumn'; readonly table: string; readonly from: Column; readonly to: Column; readonly ddl: DdlAlgorithm }
  /** Only the default differs: `ALTER COLUMN … SET DEFAULT / DROP DEFAULT`, metadata only. */
  | { readonly kind: 'setColumnDefault'; readonly table: string; readonly column: string; readonly default: string | null; readonly ddl: DdlAlgorithm }
  /** Drop and/or add the primary key in one statement (an AUTO_INCREMENT column is never left unkeyed). */
  | { readonly kind: 'setPrimaryKey'; readonly table: string; readonly from: readonly IndexPart[] | null; readonly to: readonly IndexPart[] | null; readonly ddl: DdlAlgorithm }
  | { readonly kind: 'createIndex'; readonly table: string; readonly index: Index; readonly ddl: DdlAlgorithm }
  | { readonly kind: 'dropIndex'; readonly table: string; readonly index: Index; readonly recreate: boolean; readonly ddl: DdlAlgorithm }
  | { readonly kind: 'addCheck'; readonly table: string; readonly check: Check; readonly ddl: DdlAlgorithm }
  /** `column`: a MariaDB column-level check's column as it is, redefined without the check. */
  | { readonly kind: 'dropCheck'; readonly table: string; readonly check: Check; readonly column: Column | null; readonly recreate: boolean; readonly ddl: DdlAlgorithm }
  | { readonly kind: 'addForeignKey'; readonly table: string; readonly foreignKey: ForeignKey; readonly ddl: DdlAlgorithm }
  | { readonly kind: 'dropForeignKey'; readonly table: string; readonly foreignKey: ForeignKey; readonly recreate: boolean; readonly ddl: DdlAlgorithm }
  | { readonly kind: 'createView'; readonly view: View }
  | { readonly kind: 'dropView'; readonly view: string; readonly recreate: boolean }
  | { readonly kind: 'createTrigger'; readonly trigger: Trigger }
  | { readonly kind: 'dropTrigger'; readonly trigger: Trigger; readonly recreate: boolean }
  | { readonly kind: 'createRoutine'; readonly routine: Routine }
  | { readonly kind: 'dropRoutine'; readonly routine: Routine; readonly recreate: boolean };

export type ChangeKind = Change['kind'];

/** A MySQL change as a plan edit (see src/schema/order.ts). */
export type ChangeEdit = Edit<Change>;
