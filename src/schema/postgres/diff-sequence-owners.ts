import type { Change } from './change.js';
import type { Schema, Sequence, SequenceOwner } from './model.js';
import { KeyMap, keys, sameKey, type EditKey } from '../keys.js';
import { sameData } from '../diff-match.js';
import type { EditList } from '../edit-list.js';

const ownerKeys = (o: SequenceOwner): EditKey[] => [keys.column(o.table.schema, o.table.name, o.column), keys.rel(o.table.schema, o.table.name)];

/**
 * OWNED BY, once every table and column edit is known. A sequence that stays while the plan drops
 * its owning column or table (a dropped, partitioned or recreated table) is released first (`owned
 * by none`, before that drop, which would otherwise take the sequence with it), then given its new
 * owner, if any, once that column exists. A new sequence gets its owner after it and the column exist.
 */
export function diffSequenceOwners(from: Schema, to: Schema, out: EditList<Change>): void {
  const before = new KeyMap(from.sequences.map((s) => [s.key, s]));
  for (const b of to.sequences) {
    const a = before.get(b.key);
    const release = a?.ownedBy ? releaseBeforeDrop(a, a.ownedBy, out) : false;
    if (!release && a && sameData(a.ownedBy, b.ownedBy)) continue;
    if (b.ownedBy === null && (release || a === undefined)) continue;
    const needs = [...(a ? [] : [b.key]), ...(b.ownedBy ? newOwnerKeys(b.ownedBy, out) : []), ...(release ? [releaseKey(b)] : [])];
    out.add({ kind: 'setSequenceOwner', sequence: qn(b), owner: b.ownedBy }, 'alter', keys.part('owner', b.key), { needs });
  }
}

/** The new owning column, and its table when the plan creates it (the column has no edit of its own then). */
function newOwnerKeys(o: SequenceOwner, out: EditList<Change>): EditKey[] {
  const [column, table] = ownerKeys(o) as [EditKey, EditKey];
  return out.has(table, 'create') ? [column, table] : [column];
}

const qn = (s: Sequence) => ({ schema: s.schema, name: s.name });
const releaseKey = (s: Sequence) => keys.part('owner-release', s.key);

/** `owned by none` before each drop of the owning column or table; whether there is one. */
function releaseBeforeDrop(s: Sequence, owner: SequenceOwner, out: EditList<Change>): boolean {
  const owning = ownerKeys(owner);
  const drops = out.edits.flatMap((e, i) => (e.op === 'drop' && owning.some((k) => sameKey(k, e.depKey ?? e.key)) ? [i] : []));
  if (drops.length === 0) return false;
  out.add({ kind: 'setSequenceOwner', sequence: qn(s), owner: null }, 'alter', releaseKey(s));
  for (const i of drops) out.update(i, { needs: [releaseKey(s)] });
  return true;
}
