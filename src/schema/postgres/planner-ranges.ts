import type { RangeAside } from './change.js';
import type { RangeType } from './model.js';
import { ident, qname } from './planner-quote.js';

/** CREATE TYPE … AS RANGE; the multirange is always named (as pg_dump does), options at their defaults are left out. */
export function createRange(r: RangeType): string {
  const opts = [`subtype = ${r.subtype}`];
  if (r.subtypeOpClass !== null) opts.push(`subtype_opclass = ${r.subtypeOpClass}`);
  if (r.collation !== null) opts.push(`collation = ${r.collation}`);
  if (r.canonical !== null) opts.push(`canonical = ${r.canonical}`);
  if (r.subtypeDiff !== null) opts.push(`subtype_diff = ${r.subtypeDiff}`);
  if (r.multirange !== null) opts.push(`multirange_type_name = ${qname(r.multirange)}`);
  return `create type ${qname(r)} as range (\n    ${opts.join(',\n    ')}\n);`;
}

/** The constructors first (their arguments name the types by their current names), then the types. */
export function renameRangeAside(r: RangeType, aside: RangeAside): string[] {
  const out: string[] = [];
  for (const f of r.constructors) {
    const to = f.of === 'range' ? aside.range : aside.multirange;
    if (to !== null) out.push(`alter function ${qname(f)}(${f.args}) rename to ${ident(to)};`);
  }
  if (r.multirange !== null && aside.multirange !== null) out.push(`alter type ${qname(r.multirange)} rename to ${ident(aside.multirange)};`);
  out.push(`alter type ${qname(r)} rename to ${ident(aside.range)};`);
  return out;
}
