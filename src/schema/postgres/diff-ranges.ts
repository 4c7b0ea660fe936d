import type { Change } from './change.js';
import type { RangeType, Schema } from './model.js';
import { keys } from '../keys.js';
import { matchByKey, sameData } from '../diff-match.js';
import type { EditList } from '../edit-list.js';
import { asideName } from './diff-objects.js';

/**
 * Range types. There is no ALTER for a range's definition: a changed one is set aside (renamed with
 * its multirange and constructors), created again, its users moved over (columns retyped through
 * text, domains and composite types recreated: see diff-recreate.ts) and the old one dropped last.
 */
export function diffRanges(from: Schema, to: Schema, out: EditList<Change>): void {
  const r = matchByKey(from.ranges, to.ranges);
  for (const x of r.added) out.add({ kind: 'createRange', range: x }, 'create', x.key);
  for (const x of r.removed) out.add({ kind: 'dropType', type: { schema: x.schema, name: x.name }, what: 'range type' }, 'drop', x.key);
  for (const [a, b] of r.both) {
    if (sameRange(a, b)) continue;
    setRangeAside(a, out);
    out.add({ kind: 'createRange', range: b }, 'create', b.key);
  }
}

/** The constructors follow from the rest (and print their types as each server does). */
function sameRange(a: RangeType, b: RangeType): boolean {
  return sameData({ ...a, constructors: [] }, { ...b, constructors: [] });
}

/** setTypeAside for a range: renamed with what carries its names, dropped once nothing uses it. */
export function setRangeAside(t: RangeType, out: EditList<Change>): void {
  const aside = { range: asideName(t.name), multirange: t.multirange === null ? null : asideName(t.multirange.name) };
  out.add({ kind: 'renameRangeAside', range: t, aside }, 'release', t.key);
  out.add({ kind: 'dropType', type: { schema: t.schema, name: aside.range }, what: 'range type' }, 'drop', keys.part('aside', t.key), { depKey: t.key });
}
