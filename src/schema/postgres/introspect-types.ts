import { keys } from '../keys.js';
import type { Collation, Column, CompositeType, Domain, DomainCheck, EnumType, Extension, SchemaDef } from './model.js';
import type { InspectScope } from './introspect-scope.js';
import { bool, json, str, strOrNull, type Row } from './introspect-rows.js';

/** Schemas (Q_SCHEMAS), but those an extension created. */
export function readSchemas(rows: readonly Row[], scope: InspectScope): SchemaDef[] {
  const out: SchemaDef[] = [];
  for (const r of rows) {
    const name = str(r.name);
    if (!scope.inScope(name) || scope.isMember('pg_namespace', str(r.oid))) continue;
    scope.oids.set('pg_namespace', str(r.oid), keys.schema(name));
    out.push({ key: keys.schema(name), name });
  }
  return out;
}

/** Extensions (Q_EXTENSIONS): database-wide, so only read when no `schemas` list narrows the scope. */
export function readExtensions(rows: readonly Row[], scope: InspectScope, wholeDatabase: boolean): Extension[] {
  if (!wholeDatabase) return [];
  return rows.map((r) => {
    const name = str(r.name);
    scope.oids.set('pg_extension', str(r.oid), keys.extension(name));
    return { key: keys.extension(name), name, schema: str(r.schema), version: str(r.version) };
  });
}

/** Collations (Q_COLLATIONS); version-dependent columns come from the row as JSON. */
export function readCollations(rows: readonly Row[], scope: InspectScope): Collation[] {
  const out: Collation[] = [];
  for (const r of rows) {
    const schema = str(r.schema);
    if (!scope.inScope(schema) || scope.isMember('pg_collation', str(r.oid))) continue;
    const j = json<Record<string, unknown>>(r.j) ?? {};
    const provider = str(j.collprovider);
    const key = keys.collation(schema, str(r.name));
    scope.oids.set('pg_collation', str(r.oid), key);
    out.push({
      key, schema, name: str(r.name),
      provider: provider === 'i' ? 'icu' : provider === 'b' ? 'builtin' : 'libc',
      locale: strOrNull(j.colllocale ?? j.colliculocale),
      lcCollate: strOrNull(j.collcollate),
      lcCtype: strOrNull(j.collctype),
      deterministic: j.collisdeterministic !== false,
    });
  }
  return out;
}

/** Each enum's labels in sort order (Q_ENUM_LABELS), by type oid. */
export function readEnumLabels(rows: readonly Row[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of rows) {
    const id = str(r.typid);
    const l = out.get(id) ?? [];
    l.push(str(r.label));
    out.set(id, l);
  }
  return out;
}

/** A domain whose CHECK constraints are still being read (they come with Q_CONSTRAINTS). */
export interface DomainDraft {
  readonly domain: Omit<Domain, 'checks'>;
  readonly checks: DomainCheck[];
}

/** The user-defined types of Q_TYPES, and domains by oid (awaiting their checks). */
export interface TypeParts {
  readonly enums: EnumType[];
  readonly composites: CompositeType[];
  readonly domains: Map<string, DomainDraft>;
}

/**
 * Enums, domains and composite types (Q_TYPES). A table's row type maps to its table's key, an
 * array type to its element's, so dependencies on them land on modelled objects.
 */
export function readTypes(rows: readonly Row[], labels: ReadonlyMap<string, string[]>, columnsByRel: ReadonlyMap<string, Column[]>, scope: InspectScope): TypeParts {
  const { oids } = scope;
  const out: TypeParts = { enums: [], composites: [], domains: new Map() };
  const arrays: Row[] = [];
  for (const r of rows) {
    const oid = str(r.oid);
    const schema = str(r.schema);
    const name = str(r.name);
    const typtype = str(r.typtype);
    const relid = str(r.relid);
    if (typtype === 'c' && str(r.relkind) !== 'c') {
      const rel = oids.rels.get(relid);
      if (rel) oids.set('pg_type', oid, keys.rel(rel.schema, rel.name));
      continue;
    }
    if (str(r.category) === 'A') {
      arrays.push(r);
      continue;
    }
    if (!scope.inScope(schema) || scope.isMember('pg_type', oid)) continue;
    const key = keys.type(schema, name);
    if (typtype === 'e') {
      oids.set('pg_type', oid, key);
      out.enums.push({ key, schema, name, labels: labels.get(oid) ?? [] });
    } else if (typtype === 'd') {
      oids.set('pg_type', oid, key);
      const domain = { key, schema, name, baseType: str(r.base_type), notNull: bool(r.not_null), default: strOrNull(r.default), collation: strOrNull(r.collation) };
      out.domains.set(oid, { domain, checks: [] });
    } else if (typtype === 'c') {
      oids.set('pg_type', oid, key);
      oids.set('pg_class', relid, key);
      const attributes = scope.isMember('pg_class', relid) ? [] : (columnsByRel.get(relid) ?? []).map((c) => ({ name: c.name, type: c.type, collation: c.collation }));
      out.composites.push({ key, schema, name, attributes });
    }
  }
  for (const r of arrays) {
    const elemKey = oids.get('pg_type', str(r.elem));
    if (elemKey) oids.set('pg_type', str(r.oid), elemKey);
  }
  return out;
}

/** The domains, their checks in name order. */
export function finishDomains(domains: ReadonlyMap<string, DomainDraft>): Domain[] {
  return [...domains.values()].map((d) => ({ ...d.domain, checks: [...d.checks].sort((a, b) => a.name.localeCompare(b.name)) }));
}
