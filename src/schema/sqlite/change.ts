import type { Column, Index, Table, Trigger, View } from './model.js';

/**
 * Every SQLite schema change shale can plan: a closed union, rendered to SQL only by the planner
 * (planner.ts) with an exhaustive switch. `recreate: true` on a drop means the same object is
 * created again later in the plan (it is only dropped so that a table it names can change).
 */
export type Change =
  | { readonly kind: 'createTable'; readonly table: Table }
  | { readonly kind: 'dropTable'; readonly table: Table }
  | { readonly kind: 'addColumn'; readonly table: string; readonly column: Column }
  | { readonly kind: 'dropColumn'; readonly table: string; readonly column: string }
  /**
   * SQLite's table rebuild (lang_altertable.html#otheralter) for what ALTER TABLE cannot do: a new
   * table from `to`'s CREATE text, the `copied` columns' rows copied, the old table dropped, the
   * new one renamed. `lost` are columns of `from` whose values go (destructive). Its indexes and
   * triggers, and the views naming it, are recreated by their own changes.
   */
  | { readonly kind: 'rebuildTable'; readonly from: Table; readonly to: Table; readonly copied: readonly string[]; readonly lost: readonly string[] }
  /**
   * `rebuild`: the index or trigger belongs to a table the plan rebuilds (the rebuild's DROP TABLE
   * took the old one), so it cannot run without that rebuild; `loses` when the rebuild loses columns
   * (it is then as destructive as the rebuild, and written commented out with it).
   */
  | { readonly kind: 'createIndex'; readonly index: Index; readonly rebuild: RebuildPart }
  | { readonly kind: 'dropIndex'; readonly index: Index; readonly recreate: boolean }
  | { readonly kind: 'createView'; readonly view: View }
  | { readonly kind: 'dropView'; readonly view: View; readonly recreate: boolean }
  | { readonly kind: 'createTrigger'; readonly trigger: Trigger; readonly rebuild: RebuildPart }
  | { readonly kind: 'dropTrigger'; readonly trigger: Trigger; readonly recreate: boolean; readonly rebuild: RebuildPart }
  /** Fail (and roll back) when a rebuild left a row whose foreign key points at nothing. */
  | { readonly kind: 'checkForeignKeys' };

export type ChangeKind = Change['kind'];

/** Whether a create re-makes what a table rebuild dropped, and whether that rebuild loses columns. */
export type RebuildPart = 'keeps' | 'loses' | null;
