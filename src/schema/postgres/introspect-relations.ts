import { keys, type ObjectKey } from '../keys.js';
import type { UnsupportedObject } from '../dialect.js';
import type { Column, IdentitySequence, ReplicaIdentity, Sequence, Table, View } from './model.js';
import type { OidMap } from './introspect-oids.js';
import type { InspectScope } from './introspect-scope.js';
import { bool, json, num, str, strOrNull, type Row } from './introspect-rows.js';

/**
 * Every relation and its column names (Q_RELATIONS, Q_COLUMNS), in scope or not, before anything
 * else: row types, dependencies and privileges name them by oid and attribute number.
 */
export function registerRelations(relations: readonly Row[], columns: readonly Row[], oids: OidMap): void {
  for (const r of relations) {
    const info = { oid: str(r.oid), schema: str(r.schema), name: str(r.name), relkind: str(r.relkind) };
    oids.rels.set(info.oid, info);
  }
  for (const r of columns) {
    const relid = str(r.relid);
    let m = oids.columns.get(relid);
    if (!m) oids.columns.set(relid, (m = new Map()));
    m.set(num(r.attnum), str(r.name));
  }
}

/** Each child's parents (Q_INHERITS), in inheritance order, by oid. */
export function readInherits(rows: readonly Row[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of rows) {
    const l = out.get(str(r.child)) ?? [];
    l.push(str(r.parent));
    out.set(str(r.child), l);
  }
  return out;
}

/** Who owns a sequence (Q_SEQUENCE_OWNERS): `a` is OWNED BY, `i` an identity column's own sequence. */
export interface SequenceOwner {
  readonly deptype: string;
  readonly relid: string;
  readonly attnum: number;
}

/** Sequence options (Q_SEQUENCES) and owners (Q_SEQUENCE_OWNERS), by the sequence's oid. */
export interface SequenceRows {
  readonly options: ReadonlyMap<string, Row>;
  readonly owners: ReadonlyMap<string, SequenceOwner>;
}

export function readSequenceRows(sequences: readonly Row[], owners: readonly Row[]): SequenceRows {
  return {
    options: new Map(sequences.map((r) => [str(r.oid), r])),
    owners: new Map(owners.map((r) => [str(r.seq), { deptype: str(r.deptype), relid: str(r.relid), attnum: num(r.attnum) }])),
  };
}

/** Identity columns' sequences, by `relid:attnum` of the column. */
export function readIdentitySequences(seqs: SequenceRows, oids: OidMap): Map<string, IdentitySequence> {
  const out = new Map<string, IdentitySequence>();
  for (const [oid, owner] of seqs.owners) {
    const seq = oids.rels.get(oid);
    const s = seqs.options.get(oid);
    if (owner.deptype !== 'i' || !seq || !s) continue;
    out.set(`${owner.relid}:${owner.attnum}`, {
      sequence: { schema: seq.schema, name: seq.name }, start: str(s.start), increment: str(s.increment),
      min: str(s.min), max: str(s.max), cache: str(s.cache), cycle: bool(s.cycle),
    });
  }
  return out;
}

/** The columns of every relation (Q_COLUMNS), by relation oid, in attribute order. */
export function readColumns(rows: readonly Row[], identities: ReadonlyMap<string, IdentitySequence>): Map<string, Column[]> {
  const out = new Map<string, Column[]>();
  for (const r of rows) {
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
      identitySequence: identity === '' ? null : (identities.get(`${relid}:${num(r.attnum)}`) ?? null),
      generated: generated === '' || def === null ? null : { kind: generated === 'v' ? 'virtual' : 'stored', expression: def },
      local: bool(r.local),
    };
    const l = out.get(relid) ?? [];
    l.push(col);
    out.set(relid, l);
  }
  return out;
}

/** Column defaults (Q_ATTRDEFS) stand for their column in dependencies. */
export function readAttrdefs(rows: readonly Row[], oids: OidMap): void {
  for (const r of rows) {
    const rel = oids.rels.get(str(r.relid));
    const col = oids.columnName(str(r.relid), num(r.attnum));
    if (rel && col !== undefined) oids.set('pg_attrdef', str(r.oid), keys.column(rel.schema, rel.name, col));
  }
}

/** What tables and sequences are built from, beyond their own row. */
export interface RelationSources {
  readonly columns: ReadonlyMap<string, Column[]>;
  readonly parents: ReadonlyMap<string, string[]>;
  readonly sequences: SequenceRows;
}

/** A foreign table awaiting its server and options (Q_FOREIGN_TABLES). */
export interface ForeignTableDraft {
  readonly oid: string;
  readonly key: ObjectKey;
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly Column[];
}

/** The modelled relations of Q_RELATIONS; foreign partitions and inheritance children are reported as unsupported. */
export interface RelationParts {
  readonly tables: Table[];
  readonly views: View[];
  readonly sequences: Sequence[];
  readonly foreignTables: ForeignTableDraft[];
  readonly unsupported: UnsupportedObject[];
}

/** Tables, views and sequences (Q_RELATIONS), in catalog order. Composite types' rows come with their type. */
export function readRelations(rows: readonly Row[], src: RelationSources, scope: InspectScope): RelationParts {
  const out: RelationParts = { tables: [], views: [], sequences: [], foreignTables: [], unsupported: [] };
  for (const r of rows) {
    const oid = str(r.oid);
    const schema = str(r.schema);
    const name = str(r.name);
    const relkind = str(r.relkind);
    if (!scope.inScope(schema) || scope.isMember('pg_class', oid)) continue;
    const key = keys.rel(schema, name);
    if (relkind === 'r' || relkind === 'p') {
      scope.oids.set('pg_class', oid, key);
      out.tables.push(tableOf(r, key, src, scope.oids));
    } else if (relkind === 'v' || relkind === 'm') {
      scope.oids.set('pg_class', oid, key);
      out.views.push({ key, schema, name, materialized: relkind === 'm', definition: str(r.viewdef), options: (json<string[]>(r.options) ?? []).slice().sort() });
    } else if (relkind === 'S') {
      const s = sequenceOf(oid, key, schema, name, src.sequences, scope.oids);
      if (s) out.sequences.push(s);
    } else if (relkind === 'f') {
      if (bool(r.is_partition) || (src.parents.get(oid) ?? []).length > 0) {
        out.unsupported.push({ kind: 'foreign table (a partition or inheritance child)', name: `${schema}.${name}` });
        continue;
      }
      scope.oids.set('pg_class', oid, key);
      out.foreignTables.push({ oid, key, schema, name, columns: src.columns.get(oid) ?? [] });
    }
  }
  return out;
}

function tableOf(r: Row, key: ObjectKey, src: RelationSources, oids: OidMap): Table {
  const oid = str(r.oid);
  const relkind = str(r.relkind);
  const parentRels = (src.parents.get(oid) ?? []).map((p) => oids.rels.get(p)).filter((p) => p !== undefined);
  const isPartition = bool(r.is_partition);
  const partParent = isPartition ? parentRels[0] : undefined;
  return {
    key, schema: str(r.schema), name: str(r.name),
    kind: relkind === 'p' ? 'partitioned' : 'table',
    persistence: str(r.persistence) === 'u' ? 'unlogged' : 'permanent',
    columns: src.columns.get(oid) ?? [],
    partitionKey: strOrNull(r.partkey),
    partitionOf: partParent ? { parent: { schema: partParent.schema, name: partParent.name }, bound: str(r.bound) } : null,
    inherits: isPartition ? [] : parentRels.map((p) => ({ schema: p.schema, name: p.name })),
    rowSecurity: bool(r.rls),
    forceRowSecurity: bool(r.force_rls),
    replicaIdentity: replicaIdentityOf(r),
  };
}

const REPLICA_MODES: Record<string, 'default' | 'full' | 'nothing'> = { d: 'default', f: 'full', n: 'nothing' };

/** relreplident; USING INDEX whose index was dropped behaves as NOTHING (and is read so). */
function replicaIdentityOf(r: Row): ReplicaIdentity {
  const index = strOrNull(r.replindex);
  if (str(r.replident) === 'i') return index === null ? { mode: 'nothing' } : { mode: 'index', index };
  return { mode: REPLICA_MODES[str(r.replident)] ?? 'default' };
}

/** A sequence of its own; an identity column's sequence belongs to the column (null here). */
function sequenceOf(oid: string, key: ObjectKey, schema: string, name: string, seqs: SequenceRows, oids: OidMap): Sequence | null {
  const owner = seqs.owners.get(oid);
  if (owner?.deptype === 'i') return null;
  const s = seqs.options.get(oid);
  if (!s) return null;
  oids.set('pg_class', oid, key);
  const ownerRel = owner ? oids.rels.get(owner.relid) : undefined;
  const ownerCol = owner ? oids.columnName(owner.relid, owner.attnum) : undefined;
  return {
    key, schema, name, dataType: str(s.data_type), start: str(s.start), increment: str(s.increment),
    min: str(s.min), max: str(s.max), cache: str(s.cache), cycle: bool(s.cycle),
    ownedBy: ownerRel && ownerCol !== undefined ? { table: { schema: ownerRel.schema, name: ownerRel.name }, column: ownerCol } : null,
  };
}
