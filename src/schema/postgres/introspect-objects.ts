import { KeyMap, keys, type ObjectKey } from '../keys.js';
import type { UnsupportedObject } from '../dialect.js';
import type { Constraint, ConstraintType, Func, Index, Policy, Rule, Statistics, Trigger } from './model.js';
import type { DomainDraft } from './introspect-types.js';
import { isSystemSchema, type InspectScope } from './introspect-scope.js';
import { bool, json, str, strOrNull, type Row } from './introspect-rows.js';

const CONSTRAINT_TYPES: Record<string, ConstraintType> = {
  p: 'primary', u: 'unique', c: 'check', f: 'foreign', x: 'exclusion',
};

/**
 * Table constraints (Q_CONSTRAINTS), and domains' CHECKs added to their drafts. Constraints a
 * partition cloned from its parent name the parent's key; those inherited by plain inheritance are
 * the parent's business.
 */
export function readConstraints(rows: readonly Row[], domains: ReadonlyMap<string, DomainDraft>, scope: InspectScope): Constraint[] {
  const { oids } = scope;
  const read: { constraint: Constraint; parentOid: string | null }[] = [];
  for (const r of rows) {
    const oid = str(r.oid);
    const contype = str(r.contype);
    const typid = str(r.typid);
    if (typid !== '0') {
      const draft = domains.get(typid);
      if (draft && contype === 'c') {
        draft.checks.push({ name: str(r.name), definition: str(r.def) });
        oids.set('pg_constraint', oid, draft.domain.key);
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
    const constraint = { key, schema: rel.schema, table: rel.name, name: str(r.name), type, definition: str(r.def), validated: bool(r.validated), parent: null };
    read.push({ constraint, parentOid: cloned ? str(r.parent) : null });
  }
  // Parents are known once every constraint is.
  return read.map(({ constraint, parentOid }) => (parentOid === null ? constraint : { ...constraint, parent: oids.get('pg_constraint', parentOid) ?? null }));
}

/**
 * The partitioned index each partition's own PRIMARY KEY/UNIQUE/EXCLUDE constraint's index is
 * attached to (a cloned one's is its parent constraint's business); once every index is read.
 */
export function readConstraintIndexParents(constraints: Constraint[], rows: readonly Row[], parents: ReadonlyMap<string, string[]>, scope: InspectScope): Constraint[] {
  const attached = new KeyMap<ObjectKey>();
  for (const r of rows) {
    if (str(r.parent) !== '0' || strOrNull(r.indid) === null || str(r.indid) === '0') continue;
    const parentOid = parents.get(str(r.indid))?.[0];
    const key = scope.oids.get('pg_constraint', str(r.oid));
    const parent = parentOid === undefined ? undefined : scope.oids.get('pg_class', parentOid);
    if (key && parent) attached.set(key, parent);
  }
  return constraints.map((c) => {
    const p = attached.get(c.key);
    return p ? { ...c, indexParent: p } : c;
  });
}

/** Indexes (Q_INDEXES) but those backing a constraint; a partition's index names its parent index. */
export function readIndexes(rows: readonly Row[], parents: ReadonlyMap<string, string[]>, scope: InspectScope): Index[] {
  const { oids } = scope;
  const read: { index: Index; parentOid: string | null }[] = [];
  for (const r of rows) {
    if (bool(r.backs_constraint)) continue;
    const idx = oids.rels.get(str(r.oid));
    const table = oids.rels.get(str(r.relid));
    if (!idx || !table || !oids.get('pg_class', table.oid)) continue;
    const key = keys.rel(idx.schema, idx.name);
    oids.set('pg_class', idx.oid, key);
    const parentOid = bool(r.is_partition_child) ? (parents.get(idx.oid)?.[0] ?? null) : null;
    read.push({ index: { key, schema: idx.schema, table: table.name, name: idx.name, definition: str(r.def), parent: null }, parentOid });
  }
  return read.map(({ index, parentOid }) => (parentOid === null ? index : { ...index, parent: oids.get('pg_class', parentOid) ?? null }));
}

/** Functions and procedures (Q_FUNCTIONS; aggregates and range constructors are read elsewhere), with each one's language. */
export function readFunctions(rows: readonly Row[], scope: InspectScope): { functions: Func[]; languages: KeyMap<string> } {
  const functions: Func[] = [];
  const languages = new KeyMap<string>();
  for (const r of rows) {
    const oid = str(r.oid);
    const schema = str(r.schema);
    const kind = str(r.kind);
    if (!scope.inScope(schema) || scope.isMember('pg_proc', oid) || kind === 'a') continue;
    // A range's constructor is the range's: created and dropped with it, never on its own.
    const ofType = strOrNull(r.of_type);
    if (ofType !== null) {
      const typeKey = scope.oids.get('pg_type', ofType);
      if (typeKey) scope.oids.set('pg_proc', oid, typeKey);
      continue;
    }
    const key: ObjectKey = keys.func(schema, str(r.name), str(r.args));
    scope.oids.set('pg_proc', oid, key);
    languages.set(key, str(r.language));
    functions.push({
      key, schema, name: str(r.name), kind: kind === 'p' ? 'procedure' : 'function',
      identityArgs: str(r.args), arguments: str(r.arguments), result: strOrNull(r.result), definition: str(r.def),
    });
  }
  return { functions, languages };
}

/** Triggers of modelled tables and views (Q_TRIGGERS); a partition's clone of its parent's is left out. */
export function readTriggers(rows: readonly Row[], scope: InspectScope): Trigger[] {
  const out: Trigger[] = [];
  for (const r of rows) {
    const rel = scope.oids.rels.get(str(r.relid));
    if (!rel || !scope.oids.get('pg_class', rel.oid) || str(r.parent) !== '0') continue;
    const key = keys.trigger(rel.schema, rel.name, str(r.name));
    scope.oids.set('pg_trigger', str(r.oid), key);
    out.push({ key, schema: rel.schema, table: rel.name, name: str(r.name), definition: str(r.def), enabled: str(r.enabled) });
  }
  return out;
}

/** Rules of modelled tables and views (Q_RULES). */
export function readRules(rows: readonly Row[], scope: InspectScope): Rule[] {
  const out: Rule[] = [];
  for (const r of rows) {
    const rel = scope.oids.rels.get(str(r.relid));
    if (!rel || !scope.oids.get('pg_class', rel.oid)) continue;
    const key = keys.rule(rel.schema, rel.name, str(r.name));
    scope.oids.set('pg_rewrite', str(r.oid), key);
    out.push({ key, schema: rel.schema, table: rel.name, name: str(r.name), definition: str(r.def), enabled: str(r.enabled) });
  }
  return out;
}

/** Extended statistics on modelled tables (Q_STATISTICS), in inspected schemas, but an extension's. */
export function readStatistics(rows: readonly Row[], scope: InspectScope): Statistics[] {
  const out: Statistics[] = [];
  for (const r of rows) {
    const schema = str(r.schema);
    const rel = scope.oids.rels.get(str(r.relid));
    const oid = str(r.oid);
    if (!rel || !scope.oids.get('pg_class', rel.oid) || !scope.inScope(schema) || scope.isMember('pg_statistic_ext', oid)) continue;
    const key = keys.statistics(schema, str(r.name));
    scope.oids.set('pg_statistic_ext', oid, key);
    const target = strOrNull(r.target);
    out.push({
      key, schema, name: str(r.name), table: { schema: rel.schema, name: rel.name }, definition: str(r.def),
      target: target === null || Number(target) < 0 ? null : Number(target),
    });
  }
  return out;
}

const COMMANDS: Record<string, Policy['command']> = { '*': 'ALL', r: 'SELECT', a: 'INSERT', w: 'UPDATE', d: 'DELETE' };

/** Row-level security policies of modelled tables (Q_POLICIES). */
export function readPolicies(rows: readonly Row[], scope: InspectScope): Policy[] {
  const out: Policy[] = [];
  for (const r of rows) {
    const rel = scope.oids.rels.get(str(r.relid));
    if (!rel || !scope.oids.get('pg_class', rel.oid)) continue;
    const key = keys.policy(rel.schema, rel.name, str(r.name));
    scope.oids.set('pg_policy', str(r.oid), key);
    out.push({
      key, schema: rel.schema, table: rel.name, name: str(r.name), permissive: bool(r.permissive),
      command: COMMANDS[str(r.cmd)] ?? 'ALL', roles: json<string[]>(r.roles) ?? [],
      using: strOrNull(r.using_expr), check: strOrNull(r.check_expr),
    });
  }
  return out;
}

/** Objects shale does not model (Q_UNSUPPORTED) in the inspected schemas, but an extension's. */
export function readUnsupported(rows: readonly Row[], scope: InspectScope): UnsupportedObject[] {
  const out: UnsupportedObject[] = [];
  for (const r of rows) {
    const schema = strOrNull(r.schema);
    if ((schema !== null && (isSystemSchema(schema) || !scope.inScope(schema))) || scope.isMember(str(r.cls), str(r.oid))) continue;
    out.push({ kind: str(r.kind), name: str(r.name) });
  }
  return out;
}
