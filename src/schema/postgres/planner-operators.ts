import type { Operator, OperatorClass, OperatorFamily, OperatorMember } from './model.js';
import { ident, qname } from './planner-quote.js';

/** An operator as DROP/COMMENT/ALTER name it: `"s".=== (integer, integer)`, `NONE` for a prefix operator's left. */
export function operatorSignature(o: { schema: string; name: string; left: string; right: string }): string {
  return `${operatorName(o)} (${o.left}, ${o.right})`;
}

/** An operator's qualified name: the schema quoted, the symbol as it is. */
export function operatorName(o: { schema: string; name: string }): string {
  return `${ident(o.schema)}.${o.name}`;
}

/** CREATE OPERATOR from its pg_operator fields; those it does not have are left out. */
export function createOperator(o: Operator): string {
  const opts = [`function = ${o.function}`];
  if (o.left !== 'NONE') opts.push(`leftarg = ${o.left}`);
  opts.push(`rightarg = ${o.right}`);
  if (o.commutator !== null) opts.push(`commutator = ${o.commutator}`);
  if (o.negator !== null) opts.push(`negator = ${o.negator}`);
  if (o.restrict !== null) opts.push(`restrict = ${o.restrict}`);
  if (o.join !== null) opts.push(`join = ${o.join}`);
  if (o.hashes) opts.push('hashes');
  if (o.merges) opts.push('merges');
  return `create operator ${operatorName(o)} (${opts.join(', ')});`;
}

/** RESTRICT and JOIN, the estimators (what ALTER OPERATOR can set on every supported version). */
export function alterOperator(o: Operator): string {
  return `alter operator ${operatorSignature(o)} set (restrict = ${o.restrict ?? 'none'}, join = ${o.join ?? 'none'});`;
}

/** A class or family as DDL names it: `"s"."f" using btree`. */
export function usingName(f: { schema: string; name: string; method: string }): string {
  return `${qname(f)} using ${ident(f.method)}`;
}

/** A member as ADD and CREATE OPERATOR CLASS write it, its types always spelled out. */
function memberSql(m: OperatorMember): string {
  if (m.kind === 'function') return `function ${m.number} (${m.left}, ${m.right}) ${m.function}`;
  return `operator ${m.number} ${m.operator} (${m.left}, ${m.right})${m.orderBy === null ? '' : ` for order by ${m.orderBy}`}`;
}

/** A member as DROP names it: its number and types. */
function memberSlot(m: OperatorMember): string {
  return `${m.kind} ${m.number} (${m.left}, ${m.right})`;
}

/** CREATE OPERATOR FAMILY, then its loose members. */
export function createOperatorFamily(f: OperatorFamily): string[] {
  const out = [`create operator family ${usingName(f)};`];
  if (f.members.length > 0) out.push(`alter operator family ${usingName(f)} add ${f.members.map(memberSql).join(', ')};`);
  return out;
}

/** Loose members out (first: a member changed in place has the same number and types), then in. */
export function alterOperatorFamily(f: OperatorFamily, add: readonly OperatorMember[], drop: readonly OperatorMember[]): string[] {
  const out: string[] = [];
  if (drop.length > 0) out.push(`alter operator family ${usingName(f)} drop ${drop.map(memberSlot).join(', ')};`);
  if (add.length > 0) out.push(`alter operator family ${usingName(f)} add ${add.map(memberSql).join(', ')};`);
  return out;
}

/**
 * CREATE OPERATOR CLASS in its family, always named (the family is a model object of its own,
 * created first). A class whose members are all its family's still needs one item: STORAGE of its
 * own type, which the server takes as no STORAGE.
 */
export function createOperatorClass(c: OperatorClass): string {
  const items = [...c.members.map(memberSql), ...(c.storage !== null || c.members.length === 0 ? [`storage ${c.storage ?? c.type}`] : [])];
  return `create operator class ${qname(c)}${c.isDefault ? ' default' : ''} for type ${c.type} using ${ident(c.method)} family ${qname(c.family)} as ${items.join(', ')};`;
}
