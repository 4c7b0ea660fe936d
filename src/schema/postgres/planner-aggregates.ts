import type { Aggregate, FinalModify } from './model.js';
import { aggregateSignature, literal, qname } from './planner-quote.js';

/** CREATE AGGREGATE from its pg_aggregate fields; options at their defaults are left out. */
export function createAggregate(a: Aggregate): string {
  const opts = [`sfunc = ${a.sfunc}`, `stype = ${a.stype}`];
  if (a.sspace !== 0) opts.push(`sspace = ${a.sspace}`);
  if (a.finalFunc !== null) opts.push(`finalfunc = ${a.finalFunc}`);
  if (a.finalExtra) opts.push('finalfunc_extra');
  // The default is READ_ONLY, but READ_WRITE for ordered-set aggregates.
  const finalDefault = a.aggKind === 'n' ? 'r' : 'w';
  if (a.finalFunc !== null && a.finalModify !== finalDefault) opts.push(`finalfunc_modify = ${FINAL_MODIFY[a.finalModify]}`);
  if (a.combineFunc !== null) opts.push(`combinefunc = ${a.combineFunc}`);
  if (a.serialFunc !== null) opts.push(`serialfunc = ${a.serialFunc}`);
  if (a.deserialFunc !== null) opts.push(`deserialfunc = ${a.deserialFunc}`);
  if (a.initCond !== null) opts.push(`initcond = ${literal(a.initCond)}`);
  if (a.msfunc !== null) opts.push(`msfunc = ${a.msfunc}`);
  if (a.minvfunc !== null) opts.push(`minvfunc = ${a.minvfunc}`);
  if (a.mstype !== null) opts.push(`mstype = ${a.mstype}`);
  if (a.msspace !== 0) opts.push(`msspace = ${a.msspace}`);
  if (a.mfinalFunc !== null) opts.push(`mfinalfunc = ${a.mfinalFunc}`);
  if (a.mfinalExtra) opts.push('mfinalfunc_extra');
  if (a.mfinalFunc !== null && a.mfinalModify !== 'r') opts.push(`mfinalfunc_modify = ${FINAL_MODIFY[a.mfinalModify]}`);
  if (a.minitCond !== null) opts.push(`minitcond = ${literal(a.minitCond)}`);
  if (a.sortOp !== null) opts.push(`sortop = ${a.sortOp}`);
  if (a.aggKind === 'h') opts.push('hypothetical');
  if (a.parallel !== 'u') opts.push(`parallel = ${PARALLEL[a.parallel]}`);
  return `create aggregate ${qname(a)}(${aggregateSignature(a.arguments)}) (\n    ${opts.join(',\n    ')}\n);`;
}

const FINAL_MODIFY: Readonly<Record<FinalModify, string>> = { r: 'read_only', s: 'shareable', w: 'read_write' };
const PARALLEL: Readonly<Record<Aggregate['parallel'], string>> = { s: 'safe', r: 'restricted', u: 'unsafe' };
