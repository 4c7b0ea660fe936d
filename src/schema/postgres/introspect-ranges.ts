import { keys } from '../keys.js';
import type { RangeConstructor, RangeType } from './model.js';
import type { InspectScope } from './introspect-scope.js';
import { json, str, strOrNull, type Row } from './introspect-rows.js';

/**
 * Range types (Q_RANGES) in inspected schemas, but an extension's. The multirange maps to the
 * range's key, so a column of either depends on the range (and arrays of both, once readTypes maps
 * them); so do the constructors, which readFunctions leaves out.
 */
export function readRanges(rows: readonly Row[], scope: InspectScope): RangeType[] {
  const out: RangeType[] = [];
  for (const r of rows) {
    const oid = str(r.oid);
    const schema = str(r.schema);
    if (!scope.inScope(schema) || scope.isMember('pg_type', oid)) continue;
    const key = keys.type(schema, str(r.name));
    scope.oids.set('pg_type', oid, key);
    const multiOid = strOrNull(r.multi_oid);
    if (multiOid !== null) scope.oids.set('pg_type', multiOid, key);
    out.push({
      key, schema, name: str(r.name), subtype: str(r.subtype),
      subtypeOpClass: strOrNull(r.opclass), collation: strOrNull(r.collation),
      canonical: strOrNull(r.canonical), subtypeDiff: strOrNull(r.subdiff),
      multirange: multiOid === null ? null : { schema: str(r.multi_schema), name: str(r.multi_name) },
      constructors: json<RangeConstructor[]>(r.constructors) ?? [],
    });
  }
  return out;
}
