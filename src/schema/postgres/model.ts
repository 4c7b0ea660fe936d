/**
 * The PostgreSQL schema model: plain, serialisable data describing one PostgreSQL database.
 * Every object carries a typed `key` (src/schema/keys.ts) that is stable across databases, so two
 * models can be compared object by object. Text fields hold the server's canonical rendering
 * (pg_get_*def), which makes "changed" a string comparison.
 */
import type { ObjectKey, QName } from '../keys.js';
import type { Dependency } from '../order.js';
import type { UnsupportedObject } from '../dialect.js';
import type { Aggregate, Cast, EventTrigger, Operator, OperatorClass, OperatorFamily } from './model-routines.js';
import type { RangeType } from './model-ranges.js';
import type { BaseType } from './model-base-types.js';
import type { Publication } from './model-publications.js';
import type { ForeignDataWrapper, ForeignServer, ForeignTable, UserMapping } from './model-foreign.js';
import type { TextSearchConfiguration, TextSearchDictionary } from './model-text-search.js';

export type { Dependency, ObjectKey, QName, UnsupportedObject };
export type { Aggregate, Cast, EventTrigger, FinalModify, Operator, OperatorClass, OperatorFamily, OperatorMember } from './model-routines.js';
export type { RangeConstructor, RangeType } from './model-ranges.js';
export type { BaseType, BoundFunction, TypeAlignment, TypeStorage } from './model-base-types.js';
export type { Publication, PublicationTable, PublishedAction } from './model-publications.js';
export type { FdwOption, ForeignColumn, ForeignDataWrapper, ForeignServer, ForeignTable, UserMapping } from './model-foreign.js';
export type { TextSearchConfiguration, TextSearchDictionary, TextSearchMapping, TextSearchOption } from './model-text-search.js';

export interface SchemaDef {
  readonly key: ObjectKey;
  readonly name: string;
}

export interface Extension {
  readonly key: ObjectKey;
  readonly name: string;
  readonly schema: string;
  readonly version: string;
}

export interface Collation extends QName {
  readonly key: ObjectKey;
  readonly provider: 'libc' | 'icu' | 'builtin';
  readonly locale: string | null;
  readonly lcCollate: string | null;
  readonly lcCtype: string | null;
  readonly deterministic: boolean;
}

export interface EnumType extends QName {
  readonly key: ObjectKey;
  readonly labels: readonly string[];
}

export interface DomainCheck {
  readonly name: string;
  readonly definition: string;
}

export interface Domain extends QName {
  readonly key: ObjectKey;
  readonly baseType: string;
  readonly notNull: boolean;
  readonly default: string | null;
  readonly collation: string | null;
  readonly checks: readonly DomainCheck[];
}

export interface CompositeAttribute {
  readonly name: string;
  readonly type: string;
  readonly collation: string | null;
}

export interface CompositeType extends QName {
  readonly key: ObjectKey;
  readonly attributes: readonly CompositeAttribute[];
}

export interface SequenceOwner {
  readonly table: QName;
  readonly column: string;
}

/** A sequence's options, as `pg_sequence` holds them (numbers as text: bigint range). */
export interface SequenceOptions {
  readonly start: string;
  readonly increment: string;
  readonly min: string;
  readonly max: string;
  readonly cache: string;
  readonly cycle: boolean;
}

export interface Sequence extends QName, SequenceOptions {
  readonly key: ObjectKey;
  readonly dataType: string;
  readonly ownedBy: SequenceOwner | null;
}

export interface Generated {
  readonly kind: 'stored' | 'virtual';
  readonly expression: string;
}

/** An identity column's own sequence: its name and options (its data type follows the column). */
export interface IdentitySequence extends SequenceOptions {
  readonly sequence: QName;
}

export interface Column {
  readonly name: string;
  /** `format_type` output, schema-qualified (inspection runs with search_path = pg_catalog). */
  readonly type: string;
  /** Quoted, qualified collation name when it differs from the type's default; else null. */
  readonly collation: string | null;
  readonly notNull: boolean;
  readonly default: string | null;
  readonly identity: 'always' | 'by default' | null;
  /** Set with `identity` by inspection; null in hand-built models means "the defaults". */
  readonly identitySequence: IdentitySequence | null;
  readonly generated: Generated | null;
  /** Declared on this table (false: only inherited from a parent or partitioned table). */
  readonly local: boolean;
}

export interface PartitionOf {
  readonly parent: QName;
  /** `pg_get_expr(relpartbound)`, e.g. `FOR VALUES FROM ('2006-02-01') TO ('2006-03-01')`. */
  readonly bound: string;
}

/** How logical replication identifies a table's rows (`REPLICA IDENTITY`); `index` names a unique index. */
export type ReplicaIdentity =
  | { readonly mode: 'default' | 'full' | 'nothing' }
  | { readonly mode: 'index'; readonly index: string };

export interface Table extends QName {
  readonly key: ObjectKey;
  readonly kind: 'table' | 'partitioned';
  readonly persistence: 'permanent' | 'unlogged';
  readonly columns: readonly Column[];
  /** `pg_get_partkeydef`, e.g. `RANGE (logdate)`, for partitioned tables. */
  readonly partitionKey: string | null;
  readonly partitionOf: PartitionOf | null;
  /** Parents by plain inheritance (not partitioning), in inheritance order. */
  readonly inherits: readonly QName[];
  readonly rowSecurity: boolean;
  readonly forceRowSecurity: boolean;
  readonly replicaIdentity: ReplicaIdentity;
}

export type ConstraintType = 'primary' | 'unique' | 'check' | 'foreign' | 'exclusion' | 'trigger';

export interface Constraint {
  readonly key: ObjectKey;
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  readonly type: ConstraintType;
  /** `pg_get_constraintdef`, including DEFERRABLE and NOT VALID. */
  readonly definition: string;
  readonly validated: boolean;
  /** Key of the partitioned table's constraint this one was cloned from (PostgreSQL manages it). */
  readonly parent: ObjectKey | null;
  /** Not cloned, but its index is attached to this partitioned index (ALTER INDEX … ATTACH PARTITION). */
  readonly indexParent?: ObjectKey;
}

export interface Index {
  readonly key: ObjectKey;
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  /** `pg_get_indexdef` (method, expressions, INCLUDE, WHERE). */
  readonly definition: string;
  /** Key of the partitioned table's index this one is attached to (PostgreSQL manages it). */
  readonly parent: ObjectKey | null;
}

export interface View extends QName {
  readonly key: ObjectKey;
  readonly materialized: boolean;
  /** `pg_get_viewdef` text (the SELECT). */
  readonly definition: string;
  /** reloptions such as `security_barrier=true`, `check_option=local`. */
  readonly options: readonly string[];
}

export interface Func extends QName {
  readonly key: ObjectKey;
  readonly kind: 'function' | 'procedure';
  /** `pg_get_function_identity_arguments`. */
  readonly identityArgs: string;
  /** `pg_get_function_arguments`: every parameter with mode, name and default. */
  readonly arguments: string;
  /** `pg_get_function_result` (null for procedures). */
  readonly result: string | null;
  /** `pg_get_functiondef`: a complete CREATE OR REPLACE statement. */
  readonly definition: string;
}

export interface Trigger {
  readonly key: ObjectKey;
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  /** `pg_get_triggerdef`. */
  readonly definition: string;
  /** tgenabled: O (origin), D (disabled), R (replica), A (always). */
  readonly enabled: string;
}

export interface Policy {
  readonly key: ObjectKey;
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  readonly permissive: boolean;
  readonly command: 'ALL' | 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE';
  /** Role names; `public` for PUBLIC. Sorted. */
  readonly roles: readonly string[];
  readonly using: string | null;
  readonly check: string | null;
}

/** A query rewrite rule of a table or view (pg_rewrite; a view's own `_RETURN` rule is the view). */
export interface Rule {
  readonly key: ObjectKey;
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  /** `pg_get_ruledef`: a complete CREATE RULE statement. */
  readonly definition: string;
  /** ev_enabled: O (origin), D (disabled), R (replica), A (always). */
  readonly enabled: string;
}

/** An extended statistics object (CREATE STATISTICS) on one table's columns or expressions. */
export interface Statistics extends QName {
  readonly key: ObjectKey;
  readonly table: QName;
  /** `pg_get_statisticsobjdef`: a complete CREATE STATISTICS statement. */
  readonly definition: string;
  /** `ALTER STATISTICS … SET STATISTICS n`; null for the default (the columns' targets). */
  readonly target: number | null;
}

/** A type, as the cast rules see it (names are `format_type(oid, NULL)`). */
export interface CastType {
  readonly name: string;
  /** pg_type.typcategory: `S` string types (I/O conversion casts), `A` arrays, … */
  readonly category: string;
  /** An array's element type. */
  readonly element: string | null;
  /** A domain's base type. */
  readonly base: string | null;
}

/**
 * What the server can cast between, for planning column type changes (`USING col::type`): its
 * base, domain, enum and range types and their arrays (with elements and bases), and every pg_cast
 * pair (any context, since the planner writes an explicit cast). Empty in a hand-built model:
 * nothing is known.
 */
export interface CastCatalog {
  readonly types: readonly CastType[];
  readonly casts: readonly { readonly source: string; readonly target: string }[];
}

/** What a privilege or comment is attached to. */
export type ObjectRef =
  | { readonly kind: 'schema'; readonly name: string }
  | { readonly kind: 'table' | 'view' | 'materialized view' | 'foreign table' | 'sequence' | 'index' | 'type' | 'domain' | 'collation'; readonly schema: string; readonly name: string }
  | { readonly kind: 'function' | 'procedure'; readonly schema: string; readonly name: string; readonly args: string }
  /** `args` as COMMENT names it (identity arguments, `ORDER BY` included), `argTypes` as GRANT does. */
  | { readonly kind: 'aggregate'; readonly schema: string; readonly name: string; readonly args: string; readonly argTypes: string }
  | { readonly kind: 'statistics' | 'text search dictionary' | 'text search configuration'; readonly schema: string; readonly name: string }
  | { readonly kind: 'event trigger' | 'publication' | 'foreign data wrapper' | 'server'; readonly name: string }
  | { readonly kind: 'user mapping'; readonly server: string; readonly user: string }
  | { readonly kind: 'cast'; readonly source: string; readonly target: string }
  | { readonly kind: 'operator'; readonly schema: string; readonly name: string; readonly left: string; readonly right: string }
  | { readonly kind: 'operator class' | 'operator family'; readonly schema: string; readonly name: string; readonly method: string }
  | { readonly kind: 'column'; readonly schema: string; readonly table: string; readonly column: string }
  | { readonly kind: 'constraint' | 'trigger' | 'policy' | 'rule'; readonly schema: string; readonly table: string; readonly name: string }
  | { readonly kind: 'extension'; readonly name: string };

export interface Privilege {
  readonly key: ObjectKey;
  /** Key of the object the privilege is on. */
  readonly objectKey: ObjectKey;
  readonly target: ObjectRef;
  /** Role name, or `PUBLIC`. */
  readonly grantee: string;
  /** `SELECT`, `INSERT`, `EXECUTE`, `USAGE`, … */
  readonly privilege: string;
  readonly grantable: boolean;
  /** Part of the default ACL a new object gets from its owner (no GRANT needed after CREATE). */
  readonly isDefault: boolean;
  /** A default privilege that was revoked (the object does NOT have it), e.g. EXECUTE from PUBLIC. */
  readonly revoked: boolean;
}

/** What `ALTER DEFAULT PRIVILEGES … ON <objects>` applies to (pg_default_acl.defaclobjtype). */
export type DefaultPrivilegeObjects = 'TABLES' | 'SEQUENCES' | 'FUNCTIONS' | 'TYPES' | 'SCHEMAS' | 'LARGE OBJECTS';

/**
 * One entry of `ALTER DEFAULT PRIVILEGES` (pg_default_acl): what objects `role` creates later get.
 * Database-wide entries (`schema` null) replace the built-in default, so they can also take a
 * built-in privilege away (`revoked`); per-schema entries only add to it.
 */
export interface DefaultPrivilege {
  readonly key: ObjectKey;
  /** The role whose future objects get it (`FOR ROLE`). */
  readonly role: string;
  /** `IN SCHEMA`, or null for the whole database. */
  readonly schema: string | null;
  readonly objects: DefaultPrivilegeObjects;
  /** Role name, or `PUBLIC`. */
  readonly grantee: string;
  readonly privilege: string;
  readonly grantable: boolean;
  /** A built-in default privilege the role's database-wide entry removed. */
  readonly revoked: boolean;
  /** The built-in default has the privilege: the entry adds only its grant option (or, `revoked`, takes it away). */
  readonly builtin: boolean;
}

/** Who owns an object that has an owner of its own (see Q_OWNERS): tables, types, routines, schemas, … */
export interface Owner {
  readonly key: ObjectKey;
  readonly objectKey: ObjectKey;
  readonly target: ObjectRef;
  /** Role name. */
  readonly owner: string;
}

export interface Comment {
  readonly key: ObjectKey;
  readonly objectKey: ObjectKey;
  readonly target: ObjectRef;
  readonly text: string;
}

export interface Schema {
  /**
   * The server's `server_version_num` (150004 for 15.4), or null when unknown (a hand-built model).
   * Two models of different versions are compared only on what both versions have (version-skew.ts).
   */
  readonly serverVersion: number | null;
  readonly schemas: readonly SchemaDef[];
  readonly extensions: readonly Extension[];
  readonly collations: readonly Collation[];
  readonly enums: readonly EnumType[];
  readonly domains: readonly Domain[];
  readonly composites: readonly CompositeType[];
  readonly ranges: readonly RangeType[];
  readonly baseTypes: readonly BaseType[];
  readonly sequences: readonly Sequence[];
  readonly tables: readonly Table[];
  readonly views: readonly View[];
  readonly functions: readonly Func[];
  readonly indexes: readonly Index[];
  readonly constraints: readonly Constraint[];
  readonly triggers: readonly Trigger[];
  readonly policies: readonly Policy[];
  readonly rules: readonly Rule[];
  readonly statistics: readonly Statistics[];
  readonly textSearchDictionaries: readonly TextSearchDictionary[];
  readonly textSearchConfigurations: readonly TextSearchConfiguration[];
  readonly eventTriggers: readonly EventTrigger[];
  readonly publications: readonly Publication[];
  readonly foreignDataWrappers: readonly ForeignDataWrapper[];
  readonly foreignServers: readonly ForeignServer[];
  readonly userMappings: readonly UserMapping[];
  readonly foreignTables: readonly ForeignTable[];
  readonly aggregates: readonly Aggregate[];
  readonly operators: readonly Operator[];
  readonly operatorFamilies: readonly OperatorFamily[];
  readonly operatorClasses: readonly OperatorClass[];
  /** User-defined casts (`casts` below is what the server can cast between, for column retypes). */
  readonly userCasts: readonly Cast[];
  readonly privileges: readonly Privilege[];
  /** `ALTER DEFAULT PRIVILEGES` entries; compared with the privileges. */
  readonly defaultPrivileges: readonly DefaultPrivilege[];
  /** Owners of the modelled objects that have one; compared with `withOwners`. */
  readonly owners: readonly Owner[];
  readonly comments: readonly Comment[];
  readonly unsupported: readonly UnsupportedObject[];
  /** pg_depend between modelled objects, plus references found in function bodies (`soft`). */
  readonly dependencies: readonly Dependency[];
  readonly casts: CastCatalog;
}

/** A model with no objects (a fresh database, or the base of hand-built models in tests). */
export function emptySchema(): Schema {
  return {
    serverVersion: null,
    schemas: [],
    extensions: [],
    collations: [],
    enums: [],
    domains: [],
    composites: [],
    ranges: [],
    baseTypes: [],
    sequences: [],
    tables: [],
    views: [],
    functions: [],
    indexes: [],
    constraints: [],
    triggers: [],
    policies: [],
    rules: [],
    statistics: [],
    textSearchDictionaries: [],
    textSearchConfigurations: [],
    eventTriggers: [],
    publications: [],
    foreignDataWrappers: [],
    foreignServers: [],
    userMappings: [],
    foreignTables: [],
    aggregates: [],
    operators: [],
    operatorFamilies: [],
    operatorClasses: [],
    userCasts: [],
    privileges: [],
    defaultPrivileges: [],
    owners: [],
    comments: [],
    unsupported: [],
    dependencies: [],
    casts: { types: [], casts: [] },
  };
}
