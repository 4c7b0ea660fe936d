import { keys } from '../keys.js';
import type { Cast, EventTrigger } from './model.js';
import type { InspectScope } from './introspect-scope.js';
import { code, json, str, strOrNull, type Row } from './introspect-rows.js';

/**
 * Objects of the database rather than of a schema (event triggers, casts) belong to a model read
 * without a `schemas` list (as extensions do), and only when what they name (the function they
 * call, a cast's types) is in scope: created without it, they would fail.
 */
export interface GlobalScope {
  readonly scope: InspectScope;
  readonly allSchemas: boolean;
}

const inScope = (g: GlobalScope, cls: string, oid: string, schemas: readonly (string | null)[]) =>
  g.allSchemas && !g.scope.isMember(cls, oid) && schemas.every((s) => s === null || g.scope.inScope(s));

/** Event triggers (Q_EVENT_TRIGGERS). */
export function readEventTriggers(rows: readonly Row[], g: GlobalScope): EventTrigger[] {
  const out: EventTrigger[] = [];
  for (const r of rows) {
    const oid = str(r.oid);
    if (!inScope(g, 'pg_event_trigger', oid, [str(r.fschema)])) continue;
    const key = keys.eventTrigger(str(r.name));
    g.scope.oids.set('pg_event_trigger', oid, key);
    out.push({
      key, name: str(r.name), event: str(r.event), tags: json<string[]>(r.tags),
      function: { schema: str(r.fschema), name: str(r.fname) }, enabled: str(r.enabled),
    });
  }
  return out;
}

const METHODS = { f: 'f', b: 'b', i: 'i' } as const;
const CONTEXTS = { e: 'e', a: 'a', i: 'i' } as const;

/** User-defined casts (Q_USER_CASTS). */
export function readUserCasts(rows: readonly Row[], g: GlobalScope): Cast[] {
  const out: Cast[] = [];
  for (const r of rows) {
    const oid = str(r.oid);
    const fschema = strOrNull(r.fschema);
    if (!inScope(g, 'pg_cast', oid, [fschema, ...(json<string[]>(r.tschemas) ?? [])])) continue;
    const key = keys.cast(str(r.source), str(r.target));
    g.scope.oids.set('pg_cast', oid, key);
    out.push({
      key, source: str(r.source), target: str(r.target),
      method: code(METHODS, r.method, 'f'),
      function: fschema === null ? null : { schema: fschema, name: str(r.fname), args: str(r.fargs) },
      context: code(CONTEXTS, r.context, 'e'),
    });
  }
  return out;
}
