import type { DiffOptions, SchemaDiff as DialectDiff } from '../dialect.js';
import { canonical } from '../diff-match.js';
import type { Change } from './change.js';
import { diffSchemas } from './diff.js';
import type { SqliteSchema } from './model.js';
import { needsForeignKeysOff, planStatements, REBUILD_OUTSIDE_TRANSACTION } from './planner.js';

/** The difference between two SQLite schemas: typed changes in order, and their statements. */
export type SchemaDiff = DialectDiff<Change>;

/**
 * Diff two models (no database). A plan that rebuilds or drops a table says it needs foreign keys
 * off, outside its transaction (`outsideTransaction`).
 * @example const { statements, destructive } = diffModels(await inspect(live), await inspect(dev))
 */
export function diffModels(from: SqliteSchema, to: SqliteSchema, _opts: DiffOptions = {}): SchemaDiff {
  const changes = diffSchemas(from, to);
  const statements = planStatements(changes);
  const seen = new Set<string>();
  const unsupported = [...from.unsupported, ...to.unsupported].filter((u) => {
    const k = canonical(u);
    return seen.has(k) ? false : (seen.add(k), true);
  });
  return {
    changes,
    statements,
    destructive: statements.some((s) => s.destructive),
    unsupported,
    ...(changes.some(needsForeignKeysOff) ? { outsideTransaction: REBUILD_OUTSIDE_TRANSACTION } : {}),
  };
}
