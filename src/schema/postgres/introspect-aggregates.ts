import { keys } from '../keys.js';
import type { Aggregate } from './model.js';
import type { InspectScope } from './introspect-scope.js';
import { bool, code, num, str, strOrNull, type Row } from './introspect-rows.js';

const AGG_KINDS = { n: 'n', o: 'o', h: 'h' } as const;
const FINAL_MODIFY = { r: 'r', s: 's', w: 'w' } as const;
const PARALLEL = { s: 's', r: 'r', u: 'u' } as const;

/** Aggregates (Q_AGGREGATES) in inspected schemas, but an extension's. Their pg_proc oids map to their keys. */
export function readAggregates(rows: readonly Row[], scope: InspectScope): Aggregate[] {
  const out: Aggregate[] = [];
  for (const r of rows) {
    const oid = str(r.oid);
    const schema = str(r.schema);
    if (!scope.inScope(schema) || scope.isMember('pg_proc', oid)) continue;
    const key = keys.func(schema, str(r.name), str(r.args));
    scope.oids.set('pg_proc', oid, key);
    out.push({
      key, schema, name: str(r.name), identityArgs: str(r.args), arguments: str(r.arguments), argTypes: str(r.argtypes),
      aggKind: code(AGG_KINDS, r.aggkind, 'n'),
      sfunc: str(r.sfunc), stype: str(r.stype), sspace: num(r.sspace),
      finalFunc: strOrNull(r.finalfunc), finalExtra: bool(r.finalextra), finalModify: code(FINAL_MODIFY, r.finalmodify, 'r'),
      combineFunc: strOrNull(r.combinefunc), serialFunc: strOrNull(r.serialfunc), deserialFunc: strOrNull(r.deserialfunc),
      initCond: strOrNull(r.initcond),
      msfunc: strOrNull(r.msfunc), minvfunc: strOrNull(r.minvfunc), mstype: strOrNull(r.mstype), msspace: num(r.msspace),
      mfinalFunc: strOrNull(r.mfinalfunc), mfinalExtra: bool(r.mfinalextra), mfinalModify: code(FINAL_MODIFY, r.mfinalmodify, 'r'),
      minitCond: strOrNull(r.minitcond), sortOp: strOrNull(r.sortop), parallel: code(PARALLEL, r.parallel, 'u'),
    });
  }
  return out;
}
