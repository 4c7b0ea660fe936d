import type { Change } from './change.js';
import type { DefaultPrivilege, Schema } from './model.js';
import { KeyMap, keys, type ObjectKey } from '../keys.js';
import type { EditList } from '../edit-list.js';
import type { EditOp } from '../order.js';

/**
 * The keys an edit on `objectKey` stands for: a column (of a table, view or composite type) is also
 * dropped or created with its relation, which the plan names by the relation's key.
 */
function carriers(objectKey: ObjectKey): ObjectKey[] {
  if (objectKey.kind !== 'column') return [objectKey];
  return [objectKey, keys.rel(objectKey.schema, objectKey.table), keys.type(objectKey.schema, objectKey.table)];
}

function touched(out: EditList<Change>, objectKey: ObjectKey, op: EditOp): boolean {
  return carriers(objectKey).some((k) => out.has(k, op));
}

/**
 * Privileges: grant what `to` has and `from` lacks, revoke the reverse. An object the plan creates
 * (or recreates) starts from its owner's default ACL: it gets `to`'s non-default grants, and the
 * defaults `to` revoked (e.g. EXECUTE from PUBLIC) are revoked again. Privileges on objects the plan
 * drops are not revoked.
 */
export function diffPrivileges(from: Schema, to: Schema, out: EditList<Change>, owners: OwnerMoves = NO_MOVES): void {
  const a = new KeyMap(from.privileges.map((p) => [p.key, p]));
  const b = new KeyMap(to.privileges.map((p) => [p.key, p]));
  // On an object whose owner the plan changes, privileges are planned for after the change.
  const after = (k: ObjectKey): ObjectKey[] => {
    const m = owners.moved.get(ownerOf(k));
    return m ? [keys.owner(m.by)] : [];
  };
  for (const p of to.privileges) {
    const created = touched(out, p.objectKey, 'create');
    const old = a.get(p.key);
    const needs = [...carriers(p.objectKey), ...after(p.objectKey)];
    if (p.revoked) {
      const held = created || (old !== undefined && !old.revoked);
      if (held) out.add({ kind: 'revoke', privilege: p }, 'alter', p.key, { needs });
      continue;
    }
    if (!created && old && !old.revoked && old.grantable && !p.grantable) {
      // Losing WITH GRANT OPTION: a plain GRANT keeps it, so revoke, then grant again.
      out.add({ kind: 'revoke', privilege: old }, 'alter', p.key, { needs });
      out.add({ kind: 'grant', privilege: p }, 'alter', p.key, { needs: [...needs, p.key] });
      continue;
    }
    if (created ? p.isDefault : old && !old.revoked && old.grantable === p.grantable) continue;
    out.add({ kind: 'grant', privilege: p }, 'alter', p.key, { needs });
  }
  for (const p of from.privileges) {
    if (p.revoked || b.has(p.key) || touched(out, p.objectKey, 'drop') || touched(out, p.objectKey, 'create')) continue;
    out.add({ kind: 'revoke', privilege: p }, 'alter', p.key, { needs: after(p.objectKey) });
  }
}

/**
 * Default privileges (`ALTER DEFAULT PRIVILEGES`), entry by entry: what `to` has and `from` lacks is
 * granted (a `revoked` one, a built-in default taken away, is revoked) after the plan's creates, so
 * that they are created as `to`'s were; the reverse is undone before them; a lost grant option alone
 * is revoked alone. Entries of a schema the plan drops go with it.
 */
export function diffDefaultPrivileges(from: Schema, to: Schema, out: EditList<Change>): void {
  const a = new KeyMap(from.defaultPrivileges.map((p) => [p.key, p]));
  const b = new KeyMap(to.defaultPrivileges.map((p) => [p.key, p]));
  const needs = (p: DefaultPrivilege) => (p.schema === null ? [] : [keys.schema(p.schema)]);
  for (const p of to.defaultPrivileges) {
    const old = a.get(p.key);
    if (old && old.revoked === p.revoked && old.grantable === p.grantable) continue;
    if (old && !old.revoked && !p.revoked && old.grantable) {
      out.add({ kind: 'alterDefaultPrivileges', entry: old, action: 'revokeGrantOption', beforeCreates: true }, 'alter', p.key, { needs: needs(p) });
      continue;
    }
    out.add({ kind: 'alterDefaultPrivileges', entry: p, action: p.revoked ? 'revoke' : 'grant', beforeCreates: false }, 'alter', p.key, { needs: needs(p) });
  }
  for (const p of from.defaultPrivileges) {
    if (b.has(p.key) || (p.schema !== null && out.has(keys.schema(p.schema), 'drop'))) continue;
    // An entry that only adds a grant option to a built-in default loses the option, not the privilege.
    const action = p.revoked ? 'grant' : p.builtin ? 'revokeGrantOption' : 'revoke';
    out.add({ kind: 'alterDefaultPrivileges', entry: p, action, beforeCreates: true }, 'alter', p.key);
  }
}

/**
 * Owners: `ALTER … OWNER TO` where `to`'s owner differs, and on every object the plan creates (the
 * role that runs the plan, which a model does not know, owns it until then).
 */
export function diffOwners(from: Schema, to: Schema, out: EditList<Change>): void {
  const a = new KeyMap(from.owners.map((o) => [o.key, o]));
  const changing = to.owners.filter((o) => {
    const old = a.get(o.key);
    return touched(out, o.objectKey, 'create') || (old !== undefined && old.owner !== o.owner);
  });
  // A schema's new owner first: the new owner of an object in it must have CREATE there (unless a superuser runs the plan).
  const schemas = new Set(changing.flatMap((o) => (o.objectKey.kind === 'schema' ? [o.objectKey.name] : [])));
  for (const o of changing) {
    const schema = o.objectKey.kind !== 'schema' && 'schema' in o.objectKey ? o.objectKey.schema : null;
    const inSchema = typeof schema === 'string' && schemas.has(schema) ? [keys.owner(keys.schema(schema))] : [];
    out.add({ kind: 'setOwner', target: o.target, owner: o.owner }, 'alter', o.key, { needs: [...carriers(o.objectKey), ...inSchema] });
  }
}

/**
 * `from` as its privileges will be once the plan has changed owners: ALTER … OWNER TO hands the old
 * owner's privileges (its implicit ones included) to the new owner, so they are compared as the new
 * owner's (a table's owned sequences go with it).
 */
export function withNewOwners(from: Schema, to: Schema): { readonly from: Schema; readonly owners: OwnerMoves } {
  const next = new KeyMap(to.owners.map((o) => [o.objectKey, o.owner]));
  const moved = new KeyMap<OwnerMove>();
  for (const o of from.owners) {
    const owner = next.get(o.objectKey);
    if (owner !== undefined && owner !== o.owner) moved.set(o.objectKey, { from: o.owner, to: owner, by: o.objectKey });
  }
  if (moved.size === 0) return { from, owners: NO_MOVES };
  // A sequence OWNED BY a column has no owner of its own here: it follows its table's.
  for (const s of from.sequences) {
    if (!s.ownedBy || moved.has(s.key)) continue;
    const m = moved.get(keys.rel(s.ownedBy.table.schema, s.ownedBy.table.name));
    if (m) moved.set(s.key, m);
  }
  const privileges = from.privileges.map((p) => {
    const m = moved.get(ownerOf(p.objectKey));
    return m && p.grantee === m.from ? { ...p, grantee: m.to, key: keys.privilege(p.objectKey, m.to, p.privilege) } : p;
  });
  return { from: { ...from, privileges }, owners: { moved } };
}

/** An owner change: from and to whom, and the object whose OWNER TO makes it (a serial's sequence: its table). */
export interface OwnerMove {
  readonly from: string;
  readonly to: string;
  readonly by: ObjectKey;
}

/** The objects whose owner a plan changes. */
export interface OwnerMoves {
  readonly moved: KeyMap<OwnerMove>;
}

const NO_MOVES: OwnerMoves = { moved: new KeyMap() };

/** The object whose owner holds the privileges on `k`: a column's relation, else `k`. */
function ownerOf(k: ObjectKey): ObjectKey {
  return k.kind === 'column' ? keys.rel(k.schema, k.table) : k;
}

/** Comments: set where `to` differs (or the object is new), clear where `to` has none. */
export function diffComments(from: Schema, to: Schema, out: EditList<Change>): void {
  const a = new KeyMap(from.comments.map((c) => [c.key, c]));
  const b = new KeyMap(to.comments.map((c) => [c.key, c]));
  for (const c of to.comments) {
    if (a.get(c.key)?.text === c.text && !touched(out, c.objectKey, 'create')) continue;
    out.add({ kind: 'setComment', target: c.target, text: c.text }, 'alter', c.key, { needs: carriers(c.objectKey) });
  }
  for (const c of from.comments) {
    if (b.has(c.key) || touched(out, c.objectKey, 'drop')) continue;
    out.add({ kind: 'setComment', target: c.target, text: null }, 'alter', c.key, { needs: carriers(c.objectKey) });
  }
}
