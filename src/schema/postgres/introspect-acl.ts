import { KeyMap, KeySet, compareKeys, keys, type ObjectKey } from '../keys.js';
import type { Aggregate, Comment, Constraint, DefaultPrivilege, DefaultPrivilegeObjects, Func, ObjectRef, Owner, Policy, Privilege, Rule, Trigger } from './model.js';
import type { GlobalScope } from './introspect-global.js';
import type { OidMap } from './introspect-oids.js';
import { bool, num, str, strOrNull, type Row } from './introspect-rows.js';

interface ModelParts {
  readonly functions: readonly Func[];
  readonly constraints: readonly Constraint[];
  readonly triggers: readonly Trigger[];
  readonly policies: readonly Policy[];
  readonly rules: readonly Rule[];
  readonly aggregates: readonly Aggregate[];
  readonly domains: readonly { key: ObjectKey }[];
}

interface Ref {
  readonly objectKey: ObjectKey;
  readonly target: ObjectRef;
}

const REL_KINDS: Record<string, 'table' | 'view' | 'materialized view' | 'foreign table' | 'sequence' | 'index' | 'type'> = {
  r: 'table', p: 'table', v: 'view', m: 'materialized view', f: 'foreign table', S: 'sequence', i: 'index', I: 'index', c: 'type',
};

const ON_TABLE_KINDS: Record<string, 'constraint' | 'trigger' | 'policy' | 'rule'> = {
  pg_constraint: 'constraint', pg_trigger: 'trigger', pg_policy: 'policy', pg_rewrite: 'rule',
};

/** Resolves (catalog, oid, sub-id) to the object a privilege or comment is attached to. */
function resolver(oids: OidMap, model: ModelParts): (cls: string, oid: string, subid: number) => Ref | undefined {
  const functions = new KeyMap(model.functions.map((f) => [f.key, f]));
  const aggregates = new KeyMap(model.aggregates.map((f) => [f.key, f]));
  const onTables = new KeyMap<Constraint | Trigger | Policy | Rule>(
    [...model.constraints, ...model.triggers, ...model.policies, ...model.rules].map((o) => [o.key, o]),
  );
  const domainKeys = new KeySet(model.domains.map((d) => d.key));
  return (cls, oid, subid) => {
    if (cls === 'pg_class' && subid > 0) {
      // A column of any modelled relation (table, view, composite type) is an object of its own here.
      const rel = oids.rels.get(oid);
      const column = oids.columnName(oid, subid);
      if (!rel || column === undefined || oids.get('pg_class', oid) === undefined) return undefined;
      return { objectKey: keys.column(rel.schema, rel.name, column), target: { kind: 'column', schema: rel.schema, table: rel.name, column } };
    }
    const objectKey = oids.keyOf(cls, oid, subid);
    if (objectKey === undefined) return undefined;
    switch (cls) {
      case 'pg_namespace':
        return objectKey.kind === 'schema' ? { objectKey, target: { kind: 'schema', name: objectKey.name } } : undefined;
      case 'pg_extension':
        return objectKey.kind === 'extension' ? { objectKey, target: { kind: 'extension', name: objectKey.name } } : undefined;
      case 'pg_collation':
        return objectKey.kind === 'collation' ? { objectKey, target: { kind: 'collation', schema: objectKey.schema, name: objectKey.name } } : undefined;
      case 'pg_type':
        // A table's row type stands for the table: not a type of its own.
        if (objectKey.kind !== 'type') return undefined;
        return { objectKey, target: { kind: domainKeys.has(objectKey) ? 'domain' : 'type', schema: objectKey.schema, name: objectKey.name } };
      case 'pg_class': {
        if (objectKey.kind !== 'relation') return undefined; // an index backing a constraint
        const kind = REL_KINDS[oids.rels.get(oid)?.relkind ?? ''];
        return kind ? { objectKey, target: { kind, schema: objectKey.schema, name: objectKey.name } } : undefined;
      }
      case 'pg_proc': {
        const f = functions.get(objectKey);
        if (f) return { objectKey, target: { kind: f.kind, schema: f.schema, name: f.name, args: f.identityArgs } };
        const a = aggregates.get(objectKey);
        return a ? { objectKey, target: { kind: 'aggregate', schema: a.schema, name: a.name, args: a.identityArgs, argTypes: a.argTypes } } : undefined;
      }
      case 'pg_constraint':
      case 'pg_trigger':
      case 'pg_policy':
      case 'pg_rewrite': {
        const o = onTables.get(objectKey);
        if (!o) return undefined;
        const kind = ON_TABLE_KINDS[cls];
        return kind ? { objectKey, target: { kind, schema: o.schema, table: o.table, name: o.name } } : undefined;
      }
      case 'pg_statistic_ext':
      case 'pg_ts_dict':
      case 'pg_ts_config':
        return objectKey.kind === 'statistics' || objectKey.kind === 'text search dictionary' || objectKey.kind === 'text search configuration'
          ? { objectKey, target: { kind: objectKey.kind, schema: objectKey.schema, name: objectKey.name } }
          : undefined;
      case 'pg_event_trigger':
      case 'pg_publication':
      case 'pg_foreign_data_wrapper':
      case 'pg_foreign_server':
        return objectKey.kind === 'event trigger' || objectKey.kind === 'publication' || objectKey.kind === 'foreign data wrapper' || objectKey.kind === 'server'
          ? { objectKey, target: { kind: objectKey.kind, name: objectKey.name } }
          : undefined;
      case 'pg_operator':
        return objectKey.kind === 'operator'
          ? { objectKey, target: { kind: 'operator', schema: objectKey.schema, name: objectKey.name, left: objectKey.left, right: objectKey.right } }
          : undefined;
      case 'pg_opclass':
      case 'pg_opfamily':
        return objectKey.kind === 'operator class' || objectKey.kind === 'operator family'
          ? { objectKey, target: { kind: objectKey.kind, schema: objectKey.schema, name: objectKey.name, method: objectKey.method } }
          : undefined;
      case 'pg_cast':
        return objectKey.kind === 'cast' ? { objectKey, target: { kind: 'cast', source: objectKey.source, target: objectKey.target } } : undefined;
      default:
        return undefined;
    }
  };
}

/**
 * Privileges as (object, grantee, privilege) triples; owners' implicit rights count as granted.
 * Column privileges are the column's own grants (a column has no default ACL).
 */
export function readPrivileges(rows: readonly Row[], oids: OidMap, model: ModelParts): Privilege[] {
  const resolve = resolver(oids, model);
  const out: Privilege[] = [];
  for (const r of rows) {
    const ref = resolve(str(r.cls), str(r.oid), num(r.subid));
    if (!ref) continue;
    const grantee = str(r.grantee);
    const privilege = str(r.privilege);
    out.push({
      key: keys.privilege(ref.objectKey, grantee, privilege), objectKey: ref.objectKey, target: ref.target,
      grantee, privilege, grantable: bool(r.grantable), isDefault: bool(r.is_default), revoked: bool(r.revoked),
    });
  }
  return out;
}

/** Owners of modelled objects (an index has its table's; columns, constraints and the like have none). */
export function readOwners(rows: readonly Row[], oids: OidMap, model: ModelParts): Owner[] {
  const resolve = resolver(oids, model);
  const out: Owner[] = [];
  for (const r of rows) {
    const ref = resolve(str(r.cls), str(r.oid), 0);
    if (!ref || ref.target.kind === 'index') continue;
    out.push({ key: keys.owner(ref.objectKey), objectKey: ref.objectKey, target: ref.target, owner: str(r.owner) });
  }
  // By key, not catalog order: the plan's owner changes read the same from every server.
  return out.sort((a, b) => compareKeys(a.key, b.key));
}

/** Comments on modelled objects (an extension's own comment is not part of the schema). */
export function readComments(rows: readonly Row[], oids: OidMap, model: ModelParts): Comment[] {
  const resolve = resolver(oids, model);
  const out: Comment[] = [];
  for (const r of rows) {
    // An extension's comment comes with the extension (its control file), not from the schema.
    if (str(r.cls) === 'pg_extension') continue;
    const ref = resolve(str(r.cls), str(r.oid), num(r.subid));
    if (!ref) continue;
    out.push({ key: keys.comment(ref.objectKey), objectKey: ref.objectKey, target: ref.target, text: str(r.text) });
  }
  return out;
}

const DEFAULT_OBJECTS: Readonly<Record<string, DefaultPrivilegeObjects>> = {
  r: 'TABLES', S: 'SEQUENCES', f: 'FUNCTIONS', T: 'TYPES', n: 'SCHEMAS', L: 'LARGE OBJECTS',
};

/**
 * `ALTER DEFAULT PRIVILEGES` entries (Q_DEFAULT_PRIVILEGES) that differ from the built-in default:
 * per-schema ones when their schema is compared, database-wide ones when no `schemas` list is given.
 */
export function readDefaultPrivileges(rows: readonly Row[], g: GlobalScope): DefaultPrivilege[] {
  const out: DefaultPrivilege[] = [];
  for (const r of rows) {
    const schema = strOrNull(r.schema);
    const objects = DEFAULT_OBJECTS[str(r.objtype)];
    if (bool(r.is_default) || !objects || (schema === null ? !g.allSchemas : !g.scope.inScope(schema))) continue;
    const role = str(r.role);
    const grantee = str(r.grantee);
    const privilege = str(r.privilege);
    out.push({
      key: keys.defaultPrivilege(role, schema, objects, grantee, privilege), role, schema, objects, grantee, privilege,
      grantable: bool(r.grantable), revoked: bool(r.revoked), builtin: bool(r.builtin),
    });
  }
  return out;
}
