import type { CastCatalog } from './model.js';
import { str, strOrNull, type Row } from './introspect-rows.js';

/** The cast catalog (Q_CASTS, Q_CAST_TYPES) the planner checks column type changes against. */
export function readCasts(casts: readonly Row[], types: readonly Row[]): CastCatalog {
  return {
    types: types.map((r) => ({ name: str(r.name), category: str(r.category), element: strOrNull(r.element), base: strOrNull(r.base) })),
    casts: casts.map((r) => ({ source: str(r.source), target: str(r.target) })),
  };
}
