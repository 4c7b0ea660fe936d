import type { Dependency, Func, QName } from './model.js';
import { KeySet, keyId, relationOf, sameKey, type KeyMap, type ObjectKey } from '../keys.js';
import type { OidMap } from './introspect-oids.js';
import { num, str, type Row } from './introspect-rows.js';

interface Relations {
  readonly tables: readonly (QName & { key: ObjectKey })[];
  readonly views: readonly (QName & { key: ObjectKey })[];
}

/**
 * Dependencies between modelled objects: pg_depend (normal and auto entries) mapped to keys, plus
 * "soft" ones found by scanning SQL and PL/pgSQL function bodies for relation names, because the
 * catalog records nothing for those (a materialized view calling such a function runs it when created).
 */
export function readDependencies(
  depends: readonly Row[],
  rewrites: readonly Row[],
  oids: OidMap,
  functions: readonly Func[],
  languages: KeyMap<string>,
  rels: Relations,
): Dependency[] {
  for (const r of rewrites) {
    const viewKey = oids.get('pg_class', str(r.relid));
    if (viewKey && str(r.name) === '_RETURN') oids.set('pg_rewrite', str(r.oid), viewKey);
  }
  const seen = new Set<string>();
  const out: Dependency[] = [];
  const add = (from: ObjectKey, to: ObjectKey, soft: boolean) => {
    const table = relationOf(from);
    if (sameKey(from, to) || (table !== null && sameKey(table, to))) return;
    const id = `${keyId(from)}\n${keyId(to)}`;
    if (seen.has(id)) return;
    seen.add(id);
    out.push(soft ? { from, to, soft } : { from, to });
  };
  for (const r of depends) {
    const cls = str(r.cls);
    const oid = str(r.oid);
    const refsub = num(r.refsubid);
    // OWNED BY is modelled on the sequence itself; as a dependency it would make a cycle with the default.
    if (cls === 'pg_class' && str(r.deptype) === 'a' && refsub > 0 && oids.rels.get(oid)?.relkind === 'S') continue;
    const from = oids.keyOf(cls, oid, num(r.subid));
    const to = oids.keyOf(str(r.refcls), str(r.refoid), refsub);
    if (from === undefined || to === undefined) continue;
    add(from, to, false);
  }
  const named = relationIndex(rels);
  for (const f of functions) {
    const lang = languages.get(f.key);
    if (lang !== 'sql' && lang !== 'plpgsql') continue;
    for (const to of referencedRelations(f.definition, f.schema, named)) add(f.key, to, true);
  }
  return out;
}

/** A relation a function body may name, with its schema (a bare name only counts in some schemas). */
interface NamedRelation {
  readonly key: ObjectKey;
  readonly schema: string;
}

function relationIndex(rels: Relations): Map<string, NamedRelation[]> {
  const m = new Map<string, NamedRelation[]>();
  for (const r of [...rels.tables, ...rels.views]) {
    for (const name of [`${r.schema}.${r.name}`, r.name]) {
      const l = m.get(name) ?? [];
      l.push({ key: r.key, schema: r.schema });
      m.set(name, l);
    }
  }
  return m;
}

const TOKEN = /"((?:[^"]|"")+)"|([A-Za-z_][A-Za-z0-9_$]*)|(\.)/g;

/** Relation keys a function body mentions: `schema.name`, or a bare name in the function's schema or public. */
function referencedRelations(definition: string, ownSchema: string, named: Map<string, NamedRelation[]>): KeySet<ObjectKey> {
  const body = definition.slice(definition.search(/\bAS\s/i) + 1 || 0);
  const tokens: (string | null)[] = [];
  for (const m of body.matchAll(TOKEN)) {
    if (m[3]) tokens.push(null);
    else tokens.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : (m[2] ?? '').toLowerCase());
  }
  const out = new KeySet<ObjectKey>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === null || t === undefined) continue;
    const qualified = tokens[i + 1] === null && typeof tokens[i + 2] === 'string';
    if (qualified) {
      for (const r of named.get(`${t}.${tokens[i + 2] as string}`) ?? []) out.add(r.key);
      i += 2;
      continue;
    }
    for (const r of named.get(t) ?? []) if (r.schema === ownSchema || r.schema === 'public') out.add(r.key);
  }
  return out;
}
