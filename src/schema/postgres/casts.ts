import type { CastCatalog, CastType } from './model.js';

/** Whether `x::target` works for a value of `source`: yes, no, or not known (a type the catalogs lack). */
export type Castability = 'cast' | 'none' | 'unknown';

/**
 * Whether PostgreSQL can convert a column from `source` to `target` with an explicit cast (what
 * `USING col::target` needs), by its own rules (find_coercion_pathway): domains count as their
 * base type; the same type (another modifier) always converts; a pg_cast entry in any context does;
 * arrays convert when their elements do; and any type converts to or from a string type through its
 * text form (I/O conversion). `server` is the catalog of the database the plan runs on (its casts),
 * `other` only adds types the plan creates there. Names are `format_type` renderings.
 * @example castability(pg15.casts, dev.casts, 'bigint', 'timestamp without time zone') // 'none'
 */
export function castability(server: CastCatalog, other: CastCatalog, source: string, target: string): Castability {
  if (server.casts.length === 0) return 'unknown';
  const types = new Map<string, CastType>();
  for (const t of [...other.types, ...server.types]) types.set(t.name, t);
  const pairs = new Set(server.casts.map((c) => `${c.source}\u0000${c.target}`));
  const base = (name: string): CastType | undefined => {
    let t = types.get(name);
    for (let i = 0; t?.base && i < 32; i++) t = types.get(t.base);
    return t;
  };
  const walk = (s: string, d: string): Castability => {
    const a = base(s);
    const b = base(d);
    if (!a || !b) return 'unknown';
    if (a.name === b.name || pairs.has(`${a.name}\u0000${b.name}`)) return 'cast';
    if (a.category === 'A' && b.category === 'A' && a.element && b.element) return walk(a.element, b.element);
    return a.category === 'S' || b.category === 'S' ? 'cast' : 'none';
  };
  return walk(typeName(source), typeName(target));
}

/**
 * A column's type as `format_type(oid, NULL)` prints it: without its modifier (`varchar(20)`,
 * `numeric(10,2)`, `timestamp(3) without time zone`, interval fields), array brackets kept.
 */
export function typeName(formatted: string): string {
  if (formatted.startsWith('"') || formatted.includes('."')) return formatted;
  // An unlimited character column prints as bpchar; format_type(oid, NULL) says character.
  const bare = formatted.replace(/\(\d+(?:,\s*\d+)?\)/g, '').replace(/^bpchar(?=$|\[)/, 'character');
  return bare.replace(/^interval(?: (?:year|month|day|hour|minute|second)(?: to (?:month|hour|minute|second))?)(\[\])?$/, 'interval$1');
}
