import { keys } from '../keys.js';
import type { Publication, PublicationTable, PublishedAction } from './model.js';
import type { GlobalScope } from './introspect-global.js';
import { bool, json, str, strOrNull, type Row } from './introspect-rows.js';

/** The rows of the three publication queries. */
export interface PublicationRows {
  readonly publications: readonly Row[];
  readonly tables: readonly Row[];
  readonly schemas: readonly Row[];
}

/**
 * Publications (Q_PUBLICATIONS, qPublicationTables, qPublicationSchemas), database-wide like event
 * triggers: read without a `schemas` list, and only when every table and schema they name is in
 * the model. Their table and schema entries map to the publication's key, so its dependencies on
 * tables, columns (lists, filters) and schemas come from pg_depend.
 */
export function readPublications(rows: PublicationRows, g: GlobalScope): Publication[] {
  if (!g.allSchemas) return [];
  const { oids } = g.scope;
  const tables = new Map<string, (PublicationTable | null)[]>();
  for (const r of rows.tables) {
    const rel = oids.rels.get(str(r.relid));
    const entry = rel && oids.get('pg_class', rel.oid)
      ? { table: { schema: rel.schema, name: rel.name }, columns: json<string[]>(r.columns), where: strOrNull(r.where) }
      : null;
    tables.set(str(r.pubid), [...(tables.get(str(r.pubid)) ?? []), entry]);
  }
  const schemas = new Map<string, string[]>();
  for (const r of rows.schemas) schemas.set(str(r.pubid), [...(schemas.get(str(r.pubid)) ?? []), str(r.schema)]);
  const out: Publication[] = [];
  for (const r of rows.publications) {
    const oid = str(r.oid);
    const own = tables.get(oid) ?? [];
    const names = schemas.get(oid) ?? [];
    if (g.scope.isMember('pg_publication', oid) || own.includes(null) || !names.every((s) => g.scope.inScope(s))) continue;
    const key = keys.publication(str(r.name));
    oids.set('pg_publication', oid, key);
    out.push({
      key, name: str(r.name), allTables: bool(r.all_tables),
      tables: (own as PublicationTable[]).sort((a, b) => a.table.schema.localeCompare(b.table.schema) || a.table.name.localeCompare(b.table.name)),
      schemas: [...names].sort(), publish: json<PublishedAction[]>(r.publish) ?? [], viaPartitionRoot: bool(r.via_root),
    });
  }
  for (const r of rows.tables) {
    const key = oids.get('pg_publication', str(r.pubid));
    if (key) oids.set('pg_publication_rel', str(r.oid), key);
  }
  for (const r of rows.schemas) {
    const key = oids.get('pg_publication', str(r.pubid));
    if (key) oids.set('pg_publication_namespace', str(r.oid), key);
  }
  return out;
}
