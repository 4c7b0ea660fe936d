import { keys, type ObjectKey } from '../keys.js';
import type { Operator, OperatorClass, OperatorFamily, OperatorMember } from './model.js';
import type { InspectScope } from './introspect-scope.js';
import { bool, num, str, strOrNull, type Row } from './introspect-rows.js';

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

/** Operator families (Q_OPERATOR_FAMILIES) in inspected schemas, but an extension's, with their loose members. */
export function readOperatorFamilies(rows: readonly Row[], members: readonly Row[], scope: InspectScope): OperatorFamily[] {
  const byOwner = membersByOwner(members);
  const out: OperatorFamily[] = [];
  for (const r of rows) {
    const oid = str(r.oid);
    const schema = str(r.schema);
    if (!scope.inScope(schema) || scope.isMember('pg_opfamily', oid)) continue;
    const key = keys.opfamily(schema, str(r.name), str(r.method));
    scope.oids.set('pg_opfamily', oid, key);
    out.push({ key, schema, name: str(r.name), method: str(r.method), members: readMembers(byOwner.get(`pg_opfamily:${oid}`), key, scope) });
  }
  return out;
}

/** Operator classes (Q_OPERATOR_CLASSES) in inspected schemas, but an extension's, with their own members. */
export function readOperatorClasses(rows: readonly Row[], members: readonly Row[], scope: InspectScope): OperatorClass[] {
  const byOwner = membersByOwner(members);
  const out: OperatorClass[] = [];
  for (const r of rows) {
    const oid = str(r.oid);
    const schema = str(r.schema);
    if (!scope.inScope(schema) || scope.isMember('pg_opclass', oid)) continue;
    const key = keys.opclass(schema, str(r.name), str(r.method));
    scope.oids.set('pg_opclass', oid, key);
    out.push({
      key, schema, name: str(r.name), method: str(r.method), type: str(r.type), isDefault: bool(r.is_default),
      family: { schema: str(r.family_schema), name: str(r.family_name) }, storage: strOrNull(r.storage),
      members: readMembers(byOwner.get(`pg_opclass:${oid}`), key, scope),
    });
  }
  return out;
}

/** Member rows (Q_OPERATOR_MEMBERS, in their order) by what they belong to: `pg_opclass:<oid>` or `pg_opfamily:<oid>`. */
function membersByOwner(rows: readonly Row[]): Map<string, Row[]> {
  const m = new Map<string, Row[]>();
  for (const r of rows) {
    const id = `${str(r.refcls)}:${str(r.refoid)}`;
    const l = m.get(id);
    if (l) l.push(r);
    else m.set(id, [r]);
  }
  return m;
}

/**
 * The members of one class or family. Each member's oid maps to its owner's key, so the member's
 * dependencies (its operator, function, sort family) become the owner's.
 */
function readMembers(rows: readonly Row[] | undefined, owner: ObjectKey, scope: InspectScope): OperatorMember[] {
  const out: OperatorMember[] = [];
  for (const r of rows ?? []) {
    const base = { number: num(r.number), left: str(r.left), right: str(r.right) };
    if (str(r.member) === 'operator') {
      scope.oids.set('pg_amop', str(r.oid), owner);
      out.push({ kind: 'operator', ...base, operator: str(r.operator), orderBy: strOrNull(r.order_by) });
    } else {
      scope.oids.set('pg_amproc', str(r.oid), owner);
      out.push({ kind: 'function', ...base, function: str(r.function) });
    }
  }
  return out;
}
