import type { Schema } from './model.js';
import type { StepList } from './step-list.js';

/**
 * Privileges: grant what `to` has and `from` lacks, revoke the reverse. An object the plan creates
 * (or recreates) starts from its owner's default ACL: it gets `to`'s non-default grants, and the
 * defaults `to` revoked (e.g. EXECUTE from PUBLIC) are revoked again. Privileges on objects the plan
 * drops are not revoked.
 */
export function diffPrivileges(from: Schema, to: Schema, out: StepList): void {
  const a = new Map(from.privileges.map((p) => [p.key, p]));
  const b = new Map(to.privileges.map((p) => [p.key, p]));
  for (const p of to.privileges) {
    const created = out.has(p.objectKey, 'create');
    const old = a.get(p.key);
    if (p.revoked) {
      const held = created || (old !== undefined && !old.revoked);
      if (held) out.add({ kind: 'revoke', privilege: p }, 'alter', p.key, { needs: [p.objectKey] });
      continue;
    }
    if (created ? p.isDefault : old && !old.revoked && old.grantable === p.grantable) continue;
    out.add({ kind: 'grant', privilege: p }, 'alter', p.key, { needs: [p.objectKey] });
  }
  for (const p of from.privileges) {
    if (p.revoked || b.has(p.key) || out.has(p.objectKey, 'drop') || out.has(p.objectKey, 'create')) continue;
    out.add({ kind: 'revoke', privilege: p }, 'alter', p.key);
  }
}

/** Comments: set where `to` differs (or the object is new), clear where `to` has none. */
export function diffComments(from: Schema, to: Schema, out: StepList): void {
  const a = new Map(from.comments.map((c) => [c.key, c]));
  const b = new Map(to.comments.map((c) => [c.key, c]));
  for (const c of to.comments) {
    if (a.get(c.key)?.text === c.text && !out.has(c.objectKey, 'create')) continue;
    out.add({ kind: 'setComment', target: c.target, text: c.text }, 'alter', c.key, { needs: [c.objectKey] });
  }
  for (const c of from.comments) {
    if (b.has(c.key) || out.has(c.objectKey, 'drop')) continue;
    out.add({ kind: 'setComment', target: c.target, text: null }, 'alter', c.key, { needs: [c.objectKey] });
  }
}
