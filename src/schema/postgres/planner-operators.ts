import type { Operator } from './model.js';
import { ident } from './planner-quote.js';

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
