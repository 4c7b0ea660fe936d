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
export function diffPrivileges(from: Schema, to: Schema, out: EditList<Change>): void {
  const a = new KeyMap(from.privileges.map((p) => [p.key, p]));
  const b = new KeyMap(to.privileges.map((p) => [p.key, p]));
  for (const p of to.privileges) {
    const created = touched(out, p.objectKey, 'create');
    const old = a.get(p.key);
    const needs = carriers(p.objectKey);
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
    out.add({ kind: 'revoke', privilege: p }, 'alter', p.key);
  }
}

/**
 * Default privileges (`ALTER DEFAULT PRIVILEGES`), entry by entry: what `to` has and `from` lacks is
 * granted (a `revoked` one, a built-in default taken away, is revoked), the reverse undone; a lost
 * grant option alone is revoked alone. Entries of a schema the plan drops go with it.
 */
export function diffDefaultPrivileges(from: Schema, to: Schema, out: EditList<Change>): void {
  const a = new KeyMap(from.defaultPrivileges.map((p) => [p.key, p]));
  const b = new KeyMap(to.defaultPrivileges.map((p) => [p.key, p]));
  const needs = (p: DefaultPrivilege) => (p.schema === null ? [] : [keys.schema(p.schema)]);
  for (const p of to.defaultPrivileges) {
    const old = a.get(p.key);
    if (old && old.revoked === p.revoked && old.grantable === p.grantable) continue;
    if (old && !old.revoked && !p.revoked && old.grantable) {
      out.add({ kind: 'alterDefaultPrivileges', entry: old, action: 'revokeGrantOption' }, 'alter', p.key, { needs: needs(p) });
      continue;
    }
    out.add({ kind: 'alterDefaultPrivileges', entry: p, action: p.revoked ? 'revoke' : 'grant' }, 'alter', p.key, { needs: needs(p) });
  }
  for (const p of from.defaultPrivileges) {
    if (b.has(p.key) || (p.schema !== null && out.has(keys.schema(p.schema), 'drop'))) continue;
    out.add({ kind: 'alterDefaultPrivileges', entry: p, action: p.revoked ? 'grant' : 'revoke' }, 'alter', p.key);
  }
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
