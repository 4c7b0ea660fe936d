import { keyId, keys, type ObjectKey } from '../keys.js';
import type { BaseType, BoundFunction, Dependency, TypeAlignment, TypeStorage } from './model.js';
import type { InspectScope } from './introspect-scope.js';
import { bool, code, json, num, str, strOrNull, type Row } from './introspect-rows.js';

const ALIGNMENTS: Readonly<Record<string, TypeAlignment>> = { c: 'char', s: 'int2', i: 'int4', d: 'double' };
const STORAGES: Readonly<Record<string, TypeStorage>> = { p: 'plain', e: 'external', x: 'extended', m: 'main' };

/**
 * Base types (Q_BASE_TYPES) in inspected schemas, but an extension's. Runs before readTypes, which
 * maps each one's array type to its key (a column of `t[]` depends on `t`).
 */
export function readBaseTypes(rows: readonly Row[], scope: InspectScope): BaseType[] {
  const out: BaseType[] = [];
  for (const r of rows) {
    const oid = str(r.oid);
    const schema = str(r.schema);
    if (!scope.inScope(schema) || scope.isMember('pg_type', oid)) continue;
    const key = keys.type(schema, str(r.name));
    scope.oids.set('pg_type', oid, key);
    out.push({
      key, schema, name: str(r.name), input: str(r.input), output: str(r.output),
      receive: strOrNull(r.receive), send: strOrNull(r.send), typmodIn: strOrNull(r.typmod_in), typmodOut: strOrNull(r.typmod_out),
      analyze: strOrNull(r.analyze), subscript: strOrNull(r.subscript),
      internalLength: num(r.length), passedByValue: bool(r.byval),
      alignment: code(ALIGNMENTS, r.align, 'int4'), storage: code(STORAGES, r.storage, 'plain'),
      category: str(r.category), preferred: bool(r.preferred), default: strOrNull(r.default), element: strOrNull(r.element),
      delimiter: str(r.delimiter), collatable: bool(r.collatable), bound: json<BoundFunction[]>(r.bound) ?? [],
    });
  }
  return out;
}

/**
 * The dependencies without a bound function's on its type: the type needs the function and the
 * function (taking or returning it) the type, a cycle the shell type breaks. The function's need is
 * met by the shell (diff-base-types.ts), so only the type's edge is an ordering fact.
 */
export function withoutBoundCycles(deps: readonly Dependency[], types: readonly BaseType[]): Dependency[] {
  const pair = (f: ObjectKey, t: ObjectKey) => `${keyId(f)}\n${keyId(t)}`;
  const bound = new Set(types.flatMap((t) => t.bound.map((f) => pair(keys.func(f.schema, f.name, f.args), t.key))));
  return deps.filter((d) => !bound.has(pair(d.from, d.to)));
}
