import type { Queryable } from '../adapter.js';
import { keys } from '../../schema/keys.js';
import type {
  Collation, Column, CompositeType, IdentitySequence, Constraint, ConstraintType, Domain, EnumType, Extension, Func, Index,
  Policy, Schema, SchemaDef, Sequence, Table, Trigger, UnsupportedObject, View,
} from '../../schema/model.js';
import { OidMap } from './introspect-oids.js';
import * as Q from './introspect-queries.js';
import { bool, json, num, str, strOrNull, type Row } from './introspect-rows.js';
import { readDependencies } from './introspect-depends.js';
import { readComments, readPrivileges } from './introspect-acl.js';

/** Which schemas to read. Extensions are only read when no `schemas` list is given. */
export interface InspectOptions {
  /** Only these schemas (migra `--schema`). */
  readonly schemas?: readonly string[];
  /** Every schema but these (migra `--exclude-schema`). */
  readonly excludeSchemas?: readonly string[];
}

type Rows = Record<keyof typeof QUERIES, Row[]>;

const QUERIES = {
  schemas: Q.Q_SCHEMAS,
  members: Q.Q_EXTENSION_MEMBERS,
  extensions: Q.Q_EXTENSIONS,
  collations: Q.Q_COLLATIONS,
  types: Q.Q_TYPES,
  enumLabels: Q.Q_ENUM_LABELS,
  relations: Q.Q_RELATIONS,
  inherits: Q.Q_INHERITS,
  columns: Q.Q_COLUMNS,
  attrdefs: Q.Q_ATTRDEFS,
  sequences: Q.Q_SEQUENCES,
  sequenceOwners: Q.Q_SEQUENCE_OWNERS,
  indexes: Q.Q_INDEXES,
  constraints: Q.Q_CONSTRAINTS,
  functions: Q.Q_FUNCTIONS,
  triggers: Q.Q_TRIGGERS,
  policies: Q.Q_POLICIES,
  privileges: Q.Q_PRIVILEGES,
  comments: Q.Q_COMMENTS,
  depends: Q.Q_DEPENDS,
  rewrites: Q.Q_REWRITES,
  unsupported: Q.Q_UNSUPPORTED,
} as const;

/**
 * Read a PostgreSQL database's schema into plain data, with one catalog query per object kind.
 * Needs a single session (it sets `search_path` to `pg_catalog` while reading, so every name the
 * server renders comes back schema-qualified, then restores it).
 * @example const schema = await inspect(client, { excludeSchemas: ['audit'] })
 */
export async function inspect(db: Queryable, opts: InspectOptions = {}): Promise<Schema> {
  const saved = await db.query<{ p: string }>(`select current_setting('search_path') as p`);
  await db.query(`select set_config('search_path', 'pg_catalog', false)`);
  let rows: Rows;
  try {
    const names = Object.keys(QUERIES) as (keyof typeof QUERIES)[];
    const out: Partial<Rows> = {};
    for (const n of names) out[n] = (await db.query<Row>(QUERIES[n])).rows;
    rows = out as Rows;
  } finally {
    await db.query(`select set_config('search_path', $1, false)`, [saved.rows[0]?.p ?? '"$user", public']);
  }
  return buildSchema(rows, opts);
}

function scopeFilter(opts: InspectOptions): (schema: string) => boolean {
  const only = opts.schemas && opts.schemas.length > 0 ? new Set(opts.schemas) : null;
  const excluded = new Set(opts.excludeSchemas ?? []);
  return (s) => (only === null || only.has(s)) && !excluded.has(s);
}

function isSystemSchema(s: string): boolean {
  return s === 'pg_catalog' || s === 'information_schema' || s.startsWith('pg_toast') || s.startsWith('pg_temp_');
}

const CONSTRAINT_TYPES: Record<string, ConstraintType> = {
  p: 'primary', u: 'unique', c: 'check', f: 'foreign', x: 'exclusion',
};

function buildSchema(rows: Rows, opts: InspectOptions): Schema {
  const inScope = scopeFilter(opts);
  const members = new Set(rows.members.map((r) => `${str(r.cls)}:${str(r.objid)}`));
  const isMember = (cls: string, oid: string) => members.has(`${cls}:${oid}`);
  const oids = new OidMap();
  const unsupported: UnsupportedObject[] = [];

  const schemas: SchemaDef[] = [];
  for (const r of rows.schemas) {
    const name = str(r.name);
    if (!inScope(name) || isMember('pg_namespace', str(r.oid))) continue;
    oids.set('pg_namespace', str(r.oid), keys.schema(name));
    schemas.push({ key: keys.schema(name), name });
  }

  const extensions: Extension[] = [];
  if (!opts.schemas || opts.schemas.length === 0) {
    for (const r of rows.extensions) {
      const name = str(r.name);
      oids.set('pg_extension', str(r.oid), keys.extension(name));
      extensions.push({ key: keys.extension(name), name, schema: str(r.schema), version: str(r.version) });
    }
  }

  const collations: Collation[] = [];
  for (const r of rows.collations) {
    const schema = str(r.schema);
    if (!inScope(schema) || isMember('pg_collation', str(r.oid))) continue;
    const j = json<Record<string, unknown>>(r.j) ?? {};
    const provider = str(j.collprovider);
    const key = keys.collation(schema, str(r.name));
    oids.set('pg_collation', str(r.oid), key);
    collations.push({
      key, schema, name: str(r.name),
      provider: provider === 'i' ? 'icu' : provider === 'b' ? 'builtin' : 'libc',
      locale: strOrNull(j.colllocale ?? j.colliculocale),
      lcCollate: strOrNull(j.collcollate),
      lcCtype: strOrNull(j.collctype),
      deterministic: j.collisdeterministic !== false,
    });
  }

  // Relations first: table row types map to their table.
  for (const r of rows.relations) {
    const info = { oid: str(r.oid), schema: str(r.schema), name: str(r.name), relkind: str(r.relkind) };
    oids.rels.set(info.oid, info);
  }
  for (const r of rows.columns) {
    const relid = str(r.relid);
    let m = oids.columns.get(relid);
    if (!m) oids.columns.set(relid, (m = new Map()));
    m.set(num(r.attnum), str(r.name));
  }

  const enumLabels = new Map<string, string[]>();
  for (const r of rows.enumLabels) {
    const id = str(r.typid);
    const l = enumLabels.get(id) ?? [];
    l.push(str(r.label));
    enumLabels.set(id, l);
  }

  const enums: EnumType[] = [];
  const domains: Domain[] = [];
  const domainByOid = new Map<string, { key: string; checks: { name: string; definition: string }[] }>();
  const composites: CompositeType[] = [];
  const arrays: Row[] = [];
  for (const r of rows.types) {
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
    if (!inScope(schema) || isMember('pg_type', oid)) continue;
    const key = keys.type(schema, name);
    if (typtype === 'e') {
      oids.set('pg_type', oid, key);
      enums.push({ key, schema, name, labels: enumLabels.get(oid) ?? [] });
    } else if (typtype === 'd') {
      oids.set('pg_type', oid, key);
      const d = {
        key, schema, name, baseType: str(r.base_type), notNull: bool(r.not_null),
        default: strOrNull(r.default), collation: strOrNull(r.collation), checks: [] as { name: string; definition: string }[],
      };
      domainByOid.set(oid, d);
      domains.push(d);
    } else if (typtype === 'c') {
      oids.set('pg_type', oid, key);
      oids.set('pg_class', relid, key);
      composites.push({ key, schema, name, attributes: [] });
    }
  }
  for (const r of arrays) {
    const elemKey = oids.get('pg_type', str(r.elem));
    if (elemKey) oids.set('pg_type', str(r.oid), elemKey);
  }

  // Inheritance and partitions.
  const parents = new Map<string, string[]>();
  for (const r of rows.inherits) {
    const l = parents.get(str(r.child)) ?? [];
    l.push(str(r.parent));
    parents.set(str(r.child), l);
  }

  const seqRows = new Map(rows.sequences.map((r) => [str(r.oid), r]));
  const seqOwner = new Map<string, { deptype: string; relid: string; attnum: number }>();
  for (const r of rows.sequenceOwners) seqOwner.set(str(r.seq), { deptype: str(r.deptype), relid: str(r.relid), attnum: num(r.attnum) });

  const identitySequences = new Map<string, IdentitySequence>();
  for (const r of rows.sequenceOwners) {
    const seq = oids.rels.get(str(r.seq));
    const s = seqRows.get(str(r.seq));
    if (str(r.deptype) !== 'i' || !seq || !s) continue;
    identitySequences.set(`${str(r.relid)}:${num(r.attnum)}`, {
      sequence: { schema: seq.schema, name: seq.name }, start: str(s.start), increment: str(s.increment),
      min: str(s.min), max: str(s.max), cache: str(s.cache), cycle: bool(s.cycle),
    });
  }
  const columnsByRel = new Map<string, Column[]>();
  for (const r of rows.columns) {
    const relid = str(r.relid);
    const generated = str(r.generated);
    const identity = str(r.identity);
    const def = strOrNull(r.default);
    const col: Column = {
      name: str(r.name),
      type: str(r.type),
      collation: strOrNull(r.collation),
      notNull: bool(r.not_null),
      default: generated === '' ? def : null,
      identity: identity === 'a' ? 'always' : identity === 'd' ? 'by default' : null,
      identitySequence: identity === '' ? null : (identitySequences.get(`${relid}:${num(r.attnum)}`) ?? null),
      generated: generated === '' || def === null ? null : { kind: generated === 'v' ? 'virtual' : 'stored', expression: def },
      local: bool(r.local),
    };
    const l = columnsByRel.get(relid) ?? [];
    l.push(col);
    columnsByRel.set(relid, l);
  }
  for (const r of rows.attrdefs) {
    const rel = oids.rels.get(str(r.relid));
    const col = oids.columnName(str(r.relid), num(r.attnum));
    if (rel && col !== undefined) oids.set('pg_attrdef', str(r.oid), keys.column(rel.schema, rel.name, col));
  }

  const tables: Table[] = [];
  const views: View[] = [];
  const sequences: Sequence[] = [];
  for (const r of rows.relations) {
    const oid = str(r.oid);
    const schema = str(r.schema);
    const name = str(r.name);
    const relkind = str(r.relkind);
    if (!inScope(schema) || isMember('pg_class', oid)) continue;
    const key = keys.rel(schema, name);
    if (relkind === 'r' || relkind === 'p') {
      oids.set('pg_class', oid, key);
      const parentRels = (parents.get(oid) ?? []).map((p) => oids.rels.get(p)).filter((p) => p !== undefined);
      const isPartition = bool(r.is_partition);
      const partParent = isPartition ? parentRels[0] : undefined;
      tables.push({
        key, schema, name,
        kind: relkind === 'p' ? 'partitioned' : 'table',
        persistence: str(r.persistence) === 'u' ? 'unlogged' : 'permanent',
        columns: columnsByRel.get(oid) ?? [],
        partitionKey: strOrNull(r.partkey),
        partitionOf: partParent ? { parent: { schema: partParent.schema, name: partParent.name }, bound: str(r.bound) } : null,
        inherits: isPartition ? [] : parentRels.map((p) => ({ schema: p.schema, name: p.name })),
        rowSecurity: bool(r.rls),
        forceRowSecurity: bool(r.force_rls),
      });
    } else if (relkind === 'v' || relkind === 'm') {
      oids.set('pg_class', oid, key);
      views.push({
        key, schema, name, materialized: relkind === 'm', definition: str(r.viewdef),
        options: (json<string[]>(r.options) ?? []).slice().sort(),
      });
    } else if (relkind === 'S') {
      const owner = seqOwner.get(oid);
      if (owner?.deptype === 'i') continue; // an identity column's sequence belongs to the column
      const s = seqRows.get(oid);
      if (!s) continue;
      oids.set('pg_class', oid, key);
      const ownerRel = owner ? oids.rels.get(owner.relid) : undefined;
      const ownerCol = owner ? oids.columnName(owner.relid, owner.attnum) : undefined;
      sequences.push({
        key, schema, name, dataType: str(s.data_type), start: str(s.start), increment: str(s.increment),
        min: str(s.min), max: str(s.max), cache: str(s.cache), cycle: bool(s.cycle),
        ownedBy: ownerRel && ownerCol !== undefined ? { table: { schema: ownerRel.schema, name: ownerRel.name }, column: ownerCol } : null,
      });
    } else if (relkind === 'c') {
      const c = composites.find((x) => x.key === keys.type(schema, name));
      if (c) {
        (c as { attributes: CompositeType['attributes'] }).attributes = (columnsByRel.get(oid) ?? []).map((col) => ({
          name: col.name, type: col.type, collation: col.collation,
        }));
      }
    } else if (relkind === 'f') {
      unsupported.push({ kind: 'foreign table', name: `${schema}.${name}` });
    }
  }

  const constraints: Constraint[] = [];
  for (const r of rows.constraints) {
    const oid = str(r.oid);
    const contype = str(r.contype);
    const typid = str(r.typid);
    const domain = domainByOid.get(typid);
    if (typid !== '0') {
      if (domain && contype === 'c') {
        domain.checks.push({ name: str(r.name), definition: str(r.def) });
        oids.set('pg_constraint', oid, domain.key);
      }
      continue;
    }
    const rel = oids.rels.get(str(r.relid));
    const type = CONSTRAINT_TYPES[contype];
    if (!rel || !type || !oids.get('pg_class', rel.oid)) continue;
    const cloned = str(r.parent) !== '0';
    if (!bool(r.local) && !cloned) continue; // inherited from a plain-inheritance parent
    const key = keys.constraint(rel.schema, rel.name, str(r.name));
    oids.set('pg_constraint', oid, key);
    if (type === 'primary' || type === 'unique' || type === 'exclusion') oids.set('pg_class', str(r.indid), key);
    constraints.push({ key, schema: rel.schema, table: rel.name, name: str(r.name), type, definition: str(r.def), validated: bool(r.validated), parent: cloned ? str(r.parent) : null });
  }
  for (const [i, c] of constraints.entries()) {
    if (c.parent !== null) constraints[i] = { ...c, parent: oids.get('pg_constraint', c.parent) ?? null };
  }
  for (const d of domainByOid.values()) d.checks.sort((a, b) => a.name.localeCompare(b.name));

  const indexes: Index[] = [];
  for (const r of rows.indexes) {
    if (bool(r.backs_constraint)) continue;
    const idx = oids.rels.get(str(r.oid));
    const table = oids.rels.get(str(r.relid));
    if (!idx || !table || !oids.get('pg_class', table.oid)) continue;
    const key = keys.rel(idx.schema, idx.name);
    oids.set('pg_class', idx.oid, key);
    const parent = bool(r.is_partition_child) ? (parents.get(idx.oid)?.[0] ?? null) : null;
    indexes.push({ key, schema: idx.schema, table: table.name, name: idx.name, definition: str(r.def), parent });
  }
  for (const [i, x] of indexes.entries()) {
    if (x.parent !== null) indexes[i] = { ...x, parent: oids.get('pg_class', x.parent) ?? null };
  }

  const functions: Func[] = [];
  const languages = new Map<string, string>();
  for (const r of rows.functions) {
    const oid = str(r.oid);
    const schema = str(r.schema);
    const kind = str(r.kind);
    if (!inScope(schema) || isMember('pg_proc', oid) || kind === 'a') continue;
    const key = keys.func(schema, str(r.name), str(r.args));
    oids.set('pg_proc', oid, key);
    languages.set(key, str(r.language));
    functions.push({
      key, schema, name: str(r.name), kind: kind === 'p' ? 'procedure' : 'function',
      identityArgs: str(r.args), arguments: str(r.arguments), result: strOrNull(r.result), definition: str(r.def),
    });
  }

  const triggers: Trigger[] = [];
  for (const r of rows.triggers) {
    const rel = oids.rels.get(str(r.relid));
    if (!rel || !oids.get('pg_class', rel.oid) || str(r.parent) !== '0') continue;
    const key = keys.trigger(rel.schema, rel.name, str(r.name));
    oids.set('pg_trigger', str(r.oid), key);
    triggers.push({ key, schema: rel.schema, table: rel.name, name: str(r.name), definition: str(r.def), enabled: str(r.enabled) });
  }

  const policies: Policy[] = [];
  const COMMANDS: Record<string, Policy['command']> = { '*': 'ALL', r: 'SELECT', a: 'INSERT', w: 'UPDATE', d: 'DELETE' };
  for (const r of rows.policies) {
    const rel = oids.rels.get(str(r.relid));
    if (!rel || !oids.get('pg_class', rel.oid)) continue;
    const key = keys.policy(rel.schema, rel.name, str(r.name));
    oids.set('pg_policy', str(r.oid), key);
    policies.push({
      key, schema: rel.schema, table: rel.name, name: str(r.name), permissive: bool(r.permissive),
      command: COMMANDS[str(r.cmd)] ?? 'ALL', roles: json<string[]>(r.roles) ?? [],
      using: strOrNull(r.using_expr), check: strOrNull(r.check_expr),
    });
  }

  for (const r of rows.unsupported) {
    const schema = strOrNull(r.schema);
    if ((schema !== null && (isSystemSchema(schema) || !inScope(schema))) || isMember(str(r.cls), str(r.oid))) continue;
    unsupported.push({ kind: str(r.kind), name: str(r.name) });
  }

  const model = {
    schemas, extensions, collations, enums, domains, composites, sequences, tables, views, functions,
    indexes, constraints, triggers, policies, unsupported,
  };
  return {
    ...model,
    privileges: readPrivileges(rows.privileges, oids, model),
    comments: readComments(rows.comments, oids, model),
    dependencies: readDependencies(rows.depends, rows.rewrites, oids, functions, languages, model),
  };
}
