import { keys } from '../keys.js';
import type { FdwOption, ForeignDataWrapper, ForeignServer, ForeignTable, UserMapping } from './model.js';
import type { GlobalScope } from './introspect-global.js';
import type { ForeignTableDraft } from './introspect-relations.js';
import { bool, json, str, strOrNull, type Row } from './introspect-rows.js';

/** `name=value` option strings (fdwoptions, srvoptions, …) as pairs; the name ends at the first `=`. */
export function fdwOptions(v: unknown): FdwOption[] {
  return (json<string[]>(v) ?? []).map((o) => {
    const at = o.indexOf('=');
    return at < 0 ? { name: o, value: '' } : { name: o.slice(0, at), value: o.slice(at + 1) };
  });
}

/** The rows of the foreign-data queries. */
export interface ForeignRows {
  readonly wrappers: readonly Row[];
  readonly servers: readonly Row[];
  readonly userMappings: readonly Row[];
  readonly tables: readonly Row[];
}

/** What {@link readForeign} returns. */
export interface ForeignParts {
  readonly foreignDataWrappers: ForeignDataWrapper[];
  readonly foreignServers: ForeignServer[];
  readonly userMappings: UserMapping[];
  readonly foreignTables: ForeignTable[];
}

/**
 * Wrappers, servers and user mappings belong to the database: read without a `schemas` list (as
 * extensions are), but an extension's. Foreign tables are relations, in their schemas.
 */
export function readForeign(rows: ForeignRows, drafts: readonly ForeignTableDraft[], g: GlobalScope): ForeignParts {
  const { oids } = g.scope;
  const out: ForeignParts = { foreignDataWrappers: [], foreignServers: [], userMappings: [], foreignTables: [] };
  if (g.allSchemas) {
    for (const r of rows.wrappers) {
      if (g.scope.isMember('pg_foreign_data_wrapper', str(r.oid))) continue;
      const key = keys.fdw(str(r.name));
      oids.set('pg_foreign_data_wrapper', str(r.oid), key);
      out.foreignDataWrappers.push({ key, name: str(r.name), handler: strOrNull(r.handler), validator: strOrNull(r.validator), options: fdwOptions(r.options) });
    }
    for (const r of rows.servers) {
      if (g.scope.isMember('pg_foreign_server', str(r.oid))) continue;
      const key = keys.server(str(r.name));
      oids.set('pg_foreign_server', str(r.oid), key);
      out.foreignServers.push({ key, name: str(r.name), wrapper: str(r.wrapper), type: strOrNull(r.type), version: strOrNull(r.version), options: fdwOptions(r.options) });
    }
    for (const r of rows.userMappings) {
      const key = keys.userMapping(str(r.server), str(r.user));
      oids.set('pg_user_mapping', str(r.oid), key);
      out.userMappings.push({ key, server: str(r.server), user: str(r.user), options: fdwOptions(r.options), optionsHidden: bool(r.options_hidden) });
    }
  }
  const byRel = new Map(rows.tables.map((r) => [str(r.relid), r]));
  for (const d of drafts) {
    const r = byRel.get(d.oid);
    if (!r) continue;
    const colOptions = json<Record<string, string[]>>(r.column_options) ?? {};
    out.foreignTables.push({
      key: d.key, schema: d.schema, name: d.name, server: str(r.server), options: fdwOptions(r.options),
      columns: d.columns.map((c) => ({ name: c.name, type: c.type, collation: c.collation, notNull: c.notNull, default: c.default, options: fdwOptions(colOptions[c.name]) })),
    });
  }
  return out;
}
