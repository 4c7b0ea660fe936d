import { assertNever } from '../errors.js';

/**
 * Typed object keys: the identity of a schema object, the same in every database of a dialect, so
 * two models can be compared object by object. A key is plain data, read by its fields; its
 * canonical string ({@link keyId}) exists only to key Maps and Sets ({@link KeyMap}, {@link KeySet})
 * and is never parsed back.
 * @example const k = keys.column('public', 't', 'id'); relationOf(k) // { kind: 'relation', schema: 'public', name: 't' }
 */

/** A schema-qualified name. */
export interface QName {
  readonly schema: string;
  readonly name: string;
}

interface InSchema<K extends string> {
  readonly kind: K;
  readonly schema: string;
  readonly name: string;
}

interface OnTable<K extends string> {
  readonly kind: K;
  readonly schema: string;
  readonly table: string;
  readonly name: string;
}

/**
 * What a model object is. Relations (tables, views, sequences, indexes, composite types' rows) share
 * one kind, as they share one namespace in PostgreSQL; a privilege or comment names its object.
 */
export type ObjectKey =
  | { readonly kind: 'schema'; readonly name: string }
  | { readonly kind: 'extension'; readonly name: string }
  | InSchema<'collation'>
  | InSchema<'type'>
  | InSchema<'relation'>
  | { readonly kind: 'column'; readonly schema: string; readonly table: string; readonly column: string }
  | OnTable<'constraint'>
  | OnTable<'trigger'>
  | OnTable<'policy'>
  | OnTable<'rule'>
  | InSchema<'statistics'>
  | InSchema<'text search dictionary'>
  | InSchema<'text search configuration'>
  | { readonly kind: 'event trigger'; readonly name: string }
  | { readonly kind: 'publication'; readonly name: string }
  | { readonly kind: 'foreign data wrapper'; readonly name: string }
  | { readonly kind: 'server'; readonly name: string }
  /** A user mapping: a role (or `public`) on a foreign server. */
  | { readonly kind: 'user mapping'; readonly server: string; readonly user: string }
  /** A cast between two types, by their `format_type` names (casts have no name of their own). */
  | { readonly kind: 'cast'; readonly source: string; readonly target: string }
  | { readonly kind: 'function'; readonly schema: string; readonly name: string; readonly args: string }
  /** An operator by its argument types (`format_type`; `NONE` for a prefix operator's left). */
  | { readonly kind: 'operator'; readonly schema: string; readonly name: string; readonly left: string; readonly right: string }
  /** An operator class or family: its name is unique per index access method (`btree`, `gist`, …). */
  | { readonly kind: 'operator class'; readonly schema: string; readonly name: string; readonly method: string }
  | { readonly kind: 'operator family'; readonly schema: string; readonly name: string; readonly method: string }
  | { readonly kind: 'privilege'; readonly on: ObjectKey; readonly grantee: string; readonly privilege: string }
  /** An `ALTER DEFAULT PRIVILEGES` grant: for objects `role` creates (in `schema`, or anywhere: null). */
  | { readonly kind: 'default privilege'; readonly role: string; readonly schema: string | null; readonly objects: string; readonly grantee: string; readonly privilege: string }
  | { readonly kind: 'owner'; readonly on: ObjectKey }
  | { readonly kind: 'comment'; readonly on: ObjectKey };

/**
 * What a plan edit is about: an object, or
 * - `part`: a part of an object that edits take or free on their own (the dialect names it: a
 *   sequence's owner, a table's partition membership, an identity column's sequence, …);
 * - `link`: a relationship between two objects that edits make or break (a table's inheritance);
 * - `setting`: a session setting the plan changes.
 */
export type EditKey =
  | ObjectKey
  | { readonly kind: 'part'; readonly part: string; readonly of: ObjectKey }
  | { readonly kind: 'link'; readonly link: string; readonly from: ObjectKey; readonly to: ObjectKey }
  | { readonly kind: 'setting'; readonly name: string };

/** The key variant of one kind, e.g. `KeyOf<'column'>`. */
export type KeyOf<K extends EditKey['kind']> = Extract<EditKey, { readonly kind: K }>;

/** Builders, so every key of a kind is written the same way. */
export const keys = {
  schema: (name: string): KeyOf<'schema'> => ({ kind: 'schema', name }),
  extension: (name: string): KeyOf<'extension'> => ({ kind: 'extension', name }),
  collation: (schema: string, name: string): KeyOf<'collation'> => ({ kind: 'collation', schema, name }),
  type: (schema: string, name: string): KeyOf<'type'> => ({ kind: 'type', schema, name }),
  rel: (schema: string, name: string): KeyOf<'relation'> => ({ kind: 'relation', schema, name }),
  column: (schema: string, table: string, column: string): KeyOf<'column'> => ({ kind: 'column', schema, table, column }),
  constraint: (schema: string, table: string, name: string): KeyOf<'constraint'> => ({ kind: 'constraint', schema, table, name }),
  func: (schema: string, name: string, args: string): KeyOf<'function'> => ({ kind: 'function', schema, name, args }),
  operator: (schema: string, name: string, left: string, right: string): KeyOf<'operator'> => ({ kind: 'operator', schema, name, left, right }),
  opclass: (schema: string, name: string, method: string): KeyOf<'operator class'> => ({ kind: 'operator class', schema, name, method }),
  opfamily: (schema: string, name: string, method: string): KeyOf<'operator family'> => ({ kind: 'operator family', schema, name, method }),
  trigger: (schema: string, table: string, name: string): KeyOf<'trigger'> => ({ kind: 'trigger', schema, table, name }),
  policy: (schema: string, table: string, name: string): KeyOf<'policy'> => ({ kind: 'policy', schema, table, name }),
  rule: (schema: string, table: string, name: string): KeyOf<'rule'> => ({ kind: 'rule', schema, table, name }),
  statistics: (schema: string, name: string): KeyOf<'statistics'> => ({ kind: 'statistics', schema, name }),
  tsDictionary: (schema: string, name: string): KeyOf<'text search dictionary'> => ({ kind: 'text search dictionary', schema, name }),
  tsConfiguration: (schema: string, name: string): KeyOf<'text search configuration'> => ({ kind: 'text search configuration', schema, name }),
  eventTrigger: (name: string): KeyOf<'event trigger'> => ({ kind: 'event trigger', name }),
  publication: (name: string): KeyOf<'publication'> => ({ kind: 'publication', name }),
  fdw: (name: string): KeyOf<'foreign data wrapper'> => ({ kind: 'foreign data wrapper', name }),
  server: (name: string): KeyOf<'server'> => ({ kind: 'server', name }),
  userMapping: (server: string, user: string): KeyOf<'user mapping'> => ({ kind: 'user mapping', server, user }),
  cast: (source: string, target: string): KeyOf<'cast'> => ({ kind: 'cast', source, target }),
  privilege: (on: ObjectKey, grantee: string, privilege: string): KeyOf<'privilege'> => ({ kind: 'privilege', on, grantee, privilege }),
  defaultPrivilege: (role: string, schema: string | null, objects: string, grantee: string, privilege: string): KeyOf<'default privilege'> => ({
    kind: 'default privilege', role, schema, objects, grantee, privilege,
  }),
  owner: (on: ObjectKey): KeyOf<'owner'> => ({ kind: 'owner', on }),
  comment: (on: ObjectKey): KeyOf<'comment'> => ({ kind: 'comment', on }),
  part: (part: string, of: ObjectKey): KeyOf<'part'> => ({ kind: 'part', part, of }),
  link: (link: string, from: ObjectKey, to: ObjectKey): KeyOf<'link'> => ({ kind: 'link', link, from, to }),
  setting: (name: string): KeyOf<'setting'> => ({ kind: 'setting', name }),
};

/** A string as JSON writes it (quoted; escaped only where JSON escapes). */
function q(s: string | null): string {
  if (s === null) return 'null';
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

// What JSON.stringify escapes: quote, backslash, control characters, and lone surrogates (tested
// loosely: any surrogate falls back to JSON.stringify, which leaves well-formed pairs as they are).
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** The key's parts as a JSON array text (`["relation","public","t"]`), built without the array. */
function encode(k: EditKey): string {
  switch (k.kind) {
    case 'schema':
    case 'extension':
    case 'setting':
    case 'event trigger':
    case 'publication':
    case 'foreign data wrapper':
    case 'server':
      return `[${q(k.kind)},${q(k.name)}]`;
    case 'user mapping':
      return `[${q(k.kind)},${q(k.server)},${q(k.user)}]`;
    case 'collation':
    case 'type':
    case 'relation':
    case 'statistics':
    case 'text search dictionary':
    case 'text search configuration':
      return `[${q(k.kind)},${q(k.schema)},${q(k.name)}]`;
    case 'cast':
      return `[${q(k.kind)},${q(k.source)},${q(k.target)}]`;
    case 'column':
      return `[${q(k.kind)},${q(k.schema)},${q(k.table)},${q(k.column)}]`;
    case 'constraint':
    case 'trigger':
    case 'policy':
    case 'rule':
      return `[${q(k.kind)},${q(k.schema)},${q(k.table)},${q(k.name)}]`;
    case 'function':
      return `[${q(k.kind)},${q(k.schema)},${q(k.name)},${q(k.args)}]`;
    case 'operator':
      return `[${q(k.kind)},${q(k.schema)},${q(k.name)},${q(k.left)},${q(k.right)}]`;
    case 'operator class':
    case 'operator family':
      return `[${q(k.kind)},${q(k.schema)},${q(k.name)},${q(k.method)}]`;
    case 'privilege':
      return `[${q(k.kind)},${keyId(k.on)},${q(k.grantee)},${q(k.privilege)}]`;
    case 'default privilege':
      return `[${q(k.kind)},${q(k.role)},${q(k.schema)},${q(k.objects)},${q(k.grantee)},${q(k.privilege)}]`;
    case 'owner':
    case 'comment':
      return `[${q(k.kind)},${keyId(k.on)}]`;
    case 'part':
      return `[${q(k.kind)},${q(k.part)},${keyId(k.of)}]`;
    case 'link':
      return `[${q(k.kind)},${q(k.link)},${keyId(k.from)},${keyId(k.to)}]`;
    default:
      return assertNever(k, 'key');
  }
}

// Computed once per key object: a diff looks the same keys up many times.
const ids = new WeakMap<EditKey, string>();

/**
 * The canonical string of a key: equal for equal keys, different for different ones (names may
 * contain any character). For Map and Set keys only: read a key's fields, never its id.
 */
export function keyId(k: EditKey): string {
  let id = ids.get(k);
  if (id === undefined) ids.set(k, (id = encode(k)));
  return id;
}

/** A total order on keys (by their canonical string): for sorting lists into a catalog-independent order. */
export function compareKeys(a: EditKey, b: EditKey): number {
  const x = keyId(a);
  const y = keyId(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Whether two keys name the same thing. */
export function sameKey(a: EditKey, b: EditKey): boolean {
  return a === b || keyId(a) === keyId(b);
}

/** For a column, the key of its table (or view, or composite type's row); null for any other key. */
export function relationOf(k: EditKey): KeyOf<'relation'> | null {
  return k.kind === 'column' ? keys.rel(k.schema, k.table) : null;
}

/** A Map keyed by keys (equal keys are one entry, whichever object carries them). */
export class KeyMap<V, K extends EditKey = EditKey> {
  private readonly entries = new Map<string, V>();

  constructor(init: Iterable<readonly [K, V]> = []) {
    for (const [k, v] of init) this.set(k, v);
  }

  get size(): number {
    return this.entries.size;
  }

  get(k: K): V | undefined {
    return this.entries.get(keyId(k));
  }

  has(k: K): boolean {
    return this.entries.has(keyId(k));
  }

  set(k: K, v: V): this {
    this.entries.set(keyId(k), v);
    return this;
  }

  values(): IterableIterator<V> {
    return this.entries.values();
  }
}

/** A Set of keys (equal keys are one member). */
export class KeySet<K extends EditKey = EditKey> {
  private readonly members = new Map<string, K>();

  constructor(init: Iterable<K> = []) {
    for (const k of init) this.add(k);
  }

  get size(): number {
    return this.members.size;
  }

  add(k: K): this {
    this.members.set(keyId(k), k);
    return this;
  }

  has(k: K): boolean {
    return this.members.has(keyId(k));
  }

  [Symbol.iterator](): IterableIterator<K> {
    return this.members.values();
  }
}
