import { keys } from '../keys.js';
import type { Operator } from './model.js';
import type { InspectScope } from './introspect-scope.js';
import { bool, str, strOrNull, type Row } from './introspect-rows.js';

/** Operators (Q_OPERATORS) in inspected schemas, but an extension's. */
export function readOperators(rows: readonly Row[], scope: InspectScope): Operator[] {
  const out: Operator[] = [];
  for (const r of rows) {
    const oid = str(r.oid);
    const schema = str(r.schema);
    if (!scope.inScope(schema) || scope.isMember('pg_operator', oid)) continue;
    const key = keys.operator(schema, str(r.name), str(r.left), str(r.right));
    scope.oids.set('pg_operator', oid, key);
    out.push({
      key, schema, name: str(r.name), left: str(r.left), right: str(r.right), function: str(r.function),
      commutator: strOrNull(r.commutator), negator: strOrNull(r.negator), restrict: strOrNull(r.restrict), join: strOrNull(r.join),
      hashes: bool(r.hashes), merges: bool(r.merges),
    });
  }
  return out;
}
