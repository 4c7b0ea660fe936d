import type { InspectOptions } from '../dialect.js';
import { OidMap } from './introspect-oids.js';
import { str, type Row } from './introspect-rows.js';

/** What every builder of the model needs: which objects belong in it, and the oid → key maps. */
export interface InspectScope {
  readonly oids: OidMap;
  /** The schema is one the options ask for. */
  inScope(schema: string): boolean;
  /** The object belongs to an extension (created and dropped with it): not part of the user's schema. */
  isMember(cls: string, oid: string): boolean;
}

/** The scope of one inspection, from the options and the extension members (`pg_depend` deptype `e`). */
export function inspectScope(members: readonly Row[], opts: InspectOptions): InspectScope {
  const only = opts.schemas && opts.schemas.length > 0 ? new Set(opts.schemas) : null;
  const excluded = new Set(opts.excludeSchemas ?? []);
  const memberIds = new Set(members.map((r) => `${str(r.cls)}:${str(r.objid)}`));
  return {
    oids: new OidMap(),
    inScope: (s) => (only === null || only.has(s)) && !excluded.has(s),
    isMember: (cls, oid) => memberIds.has(`${cls}:${oid}`),
  };
}

/** Schemas that never belong to a user schema model (see SYSTEM_SCHEMA_FILTER). */
export function isSystemSchema(s: string): boolean {
  return s === 'pg_catalog' || s === 'information_schema' || s.startsWith('pg_toast') || s.startsWith('pg_temp_');
}
