import type {
  Aggregate, Cast, Collation, ForeignDataWrapper, ForeignServer, ForeignTable, UserMapping, Column, CompositeType, Constraint, Domain, EnumType, EventTrigger, Extension, Func, Index,
  DefaultPrivilege, ObjectRef, Operator, OperatorClass, OperatorFamily, OperatorMember, Policy, Privilege, Publication, QName, RangeType, ReplicaIdentity, Rule, Sequence, SequenceOwner, Statistics, Table,
  TextSearchConfiguration, TextSearchDictionary, Trigger, View,
} from './model.js';
import type { BaseType, BoundFunction } from './model.js';
import type { Edit } from '../order.js';

/**
 * Every PostgreSQL schema change shale can plan: a closed union, rendered to SQL only by the
 * planner (planner.ts) with an exhaustive switch; hazards are read from it (hazards.ts).
 */
export type Change =
  // `recreate: true` on a drop means the same object, unchanged, is created again later in the plan
  // (it is only dropped to let something it depends on change); such drops are not destructive.
  | { readonly kind: 'disableFunctionBodyChecks' }
  | { readonly kind: 'createSchema'; readonly name: string }
  | { readonly kind: 'dropSchema'; readonly name: string }
  | { readonly kind: 'createExtension'; readonly extension: Extension; readonly withVersion: boolean }
  | { readonly kind: 'dropExtension'; readonly name: string }
  | { readonly kind: 'updateExtension'; readonly name: string; readonly version: string }
  | { readonly kind: 'createCollation'; readonly collation: Collation }
  | { readonly kind: 'dropCollation'; readonly collation: QName; readonly recreate: boolean }
  | { readonly kind: 'createEnum'; readonly type: EnumType }
  /**
   * Frees a type's name so a new version can be created; the old one is dropped once nothing uses it
   * (an enum whose labels change, and the domains and composite types built on it).
   */
  | { readonly kind: 'renameTypeAside'; readonly type: QName; readonly aside: string }
  | { readonly kind: 'dropType'; readonly type: QName; readonly what: 'enum' | 'domain' | 'composite type' | 'range type' | 'base type' }
  | { readonly kind: 'createDomain'; readonly domain: Domain }
  | { readonly kind: 'alterDomain'; readonly from: Domain; readonly to: Domain }
  | { readonly kind: 'createComposite'; readonly type: CompositeType }
  | { readonly kind: 'createRange'; readonly range: RangeType }
  /**
   * renameTypeAside for a range: its multirange and the constructors of both are renamed too (they
   * keep their names when the type is renamed, and the new version's would collide with them).
   */
  | { readonly kind: 'renameRangeAside'; readonly range: RangeType; readonly aside: RangeAside }
  /** A base type's first step: the name its I/O functions take or return before it is defined. */
  | { readonly kind: 'createShellType'; readonly type: QName }
  | { readonly kind: 'createBaseType'; readonly type: BaseType }
  /** Only what ALTER TYPE … SET changes (receive, send, typmod_in/out, analyze, subscript; storage but to plain). */
  | { readonly kind: 'alterBaseType'; readonly from: BaseType; readonly to: BaseType }
  /** renameTypeAside for a base type: its bound functions are renamed too (the new version's would collide with them). */
  | { readonly kind: 'renameBaseTypeAside'; readonly type: BaseType; readonly aside: BaseTypeAside }
  | { readonly kind: 'alterComposite'; readonly from: CompositeType; readonly to: CompositeType }
  | { readonly kind: 'createSequence'; readonly sequence: Sequence }
  | { readonly kind: 'alterSequence'; readonly from: Sequence; readonly to: Sequence }
  | { readonly kind: 'setSequenceOwner'; readonly sequence: QName; readonly owner: SequenceOwner | null }
  | { readonly kind: 'dropSequence'; readonly sequence: QName }
  | { readonly kind: 'createTable'; readonly table: Table }
  | { readonly kind: 'dropTable'; readonly table: QName; readonly recreate: boolean }
  /**
   * A table rebuilt (plain ↔ partitioned) keeps its rows: `saveRows` copies `columns` of `sources`
   * (the table, `only` itself; or the partitions the plan drops) into temporary table `into` before
   * the drop, `restoreRows` inserts them into the new table and moves its identity sequences past them.
   */
  | { readonly kind: 'saveRows'; readonly table: QName; readonly sources: readonly QName[]; readonly only: boolean; readonly columns: readonly string[]; readonly into: string }
  | { readonly kind: 'restoreRows'; readonly table: QName; readonly columns: readonly string[]; readonly from: string; readonly identity: readonly string[] }
  | { readonly kind: 'addColumn'; readonly table: QName; readonly column: Column }
  | { readonly kind: 'dropColumn'; readonly table: QName; readonly column: string }
  /**
   * Any change to one column's attributes. `retype` forces the type edit (an enum it uses was
   * recreated); `castViaText` casts through text (enums convert to nothing else directly); `using`
   * is the conversion a `-- shale:using` hint gave (else `col::type`).
   */
  | { readonly kind: 'alterColumn'; readonly table: QName; readonly from: Column; readonly to: Column; readonly retype: boolean; readonly castViaText: boolean; readonly using?: string }
  /** Identity edits are their own changes: each frees or takes the name of the identity's sequence. */
  | { readonly kind: 'dropIdentity'; readonly table: QName; readonly column: string }
  | { readonly kind: 'addIdentity'; readonly table: QName; readonly column: Column }
  /** Drop a default that uses an object about to be dropped; `alterColumn` sets the new one later. */
  | { readonly kind: 'dropColumnDefault'; readonly table: QName; readonly column: string }
  | { readonly kind: 'setTablePersistence'; readonly table: QName; readonly persistence: Table['persistence'] }
  | { readonly kind: 'setRowSecurity'; readonly table: QName; readonly enabled: boolean; readonly forced: boolean }
  | { readonly kind: 'setReplicaIdentity'; readonly table: QName; readonly identity: ReplicaIdentity }
  | { readonly kind: 'attachPartition'; readonly table: QName; readonly parent: QName; readonly bound: string }
  | { readonly kind: 'detachPartition'; readonly table: QName; readonly parent: QName }
  | { readonly kind: 'addInherit'; readonly table: QName; readonly parent: QName }
  | { readonly kind: 'dropInherit'; readonly table: QName; readonly parent: QName }
  | { readonly kind: 'addConstraint'; readonly constraint: Constraint }
  | { readonly kind: 'dropConstraint'; readonly constraint: Constraint; readonly recreate: boolean }
  /** `only`: keep pg_get_indexdef's ON ONLY (a partitioned index some partition has no index attached to yet). */
  | { readonly kind: 'createIndex'; readonly index: Index; readonly only?: boolean }
  /** `cascade`: a partitioned index whose attached partitions' constraints the plan drops with it. */
  | { readonly kind: 'dropIndex'; readonly index: Index; readonly recreate: boolean; readonly cascade?: boolean }
  /** ALTER INDEX parent ATTACH PARTITION index: a partition's own index becomes the partitioned index's (cannot be undone). */
  | { readonly kind: 'attachIndex'; readonly index: Index; readonly parent: Index }
  | { readonly kind: 'createView'; readonly view: View }
  | { readonly kind: 'dropView'; readonly view: View; readonly recreate: boolean }
  | { readonly kind: 'createFunction'; readonly func: Func; readonly replace: boolean }
  | { readonly kind: 'dropFunction'; readonly func: Func; readonly recreate: boolean }
  | { readonly kind: 'createTrigger'; readonly trigger: Trigger }
  | { readonly kind: 'dropTrigger'; readonly trigger: Trigger; readonly recreate: boolean }
  | { readonly kind: 'createPolicy'; readonly policy: Policy }
  | { readonly kind: 'dropPolicy'; readonly policy: Policy; readonly recreate: boolean }
  | { readonly kind: 'createRule'; readonly rule: Rule }
  /** Only the enabled state changed (ENABLE / DISABLE RULE). */
  | { readonly kind: 'alterRule'; readonly rule: Rule }
  | { readonly kind: 'dropRule'; readonly rule: Rule; readonly recreate: boolean }
  | { readonly kind: 'createStatistics'; readonly statistics: Statistics }
  /** Only the statistics target changed (SET STATISTICS). */
  | { readonly kind: 'alterStatistics'; readonly statistics: Statistics }
  | { readonly kind: 'dropStatistics'; readonly statistics: Statistics; readonly recreate: boolean }
  | { readonly kind: 'createTsDictionary'; readonly dictionary: TextSearchDictionary }
  /** Only the options changed (ALTER … (option = value, removed_option)). */
  | { readonly kind: 'alterTsDictionary'; readonly from: TextSearchDictionary; readonly to: TextSearchDictionary }
  | { readonly kind: 'dropTsDictionary'; readonly dictionary: TextSearchDictionary; readonly recreate: boolean }
  | { readonly kind: 'createTsConfiguration'; readonly configuration: TextSearchConfiguration }
  /** Only the mappings changed (ADD / ALTER / DROP MAPPING FOR). */
  | { readonly kind: 'alterTsConfiguration'; readonly from: TextSearchConfiguration; readonly to: TextSearchConfiguration }
  | { readonly kind: 'dropTsConfiguration'; readonly configuration: TextSearchConfiguration; readonly recreate: boolean }
  | { readonly kind: 'createFdw'; readonly wrapper: ForeignDataWrapper }
  /** Handler, validator or options changed. */
  | { readonly kind: 'alterFdw'; readonly from: ForeignDataWrapper; readonly to: ForeignDataWrapper }
  | { readonly kind: 'dropFdw'; readonly wrapper: ForeignDataWrapper; readonly recreate: boolean }
  | { readonly kind: 'createServer'; readonly server: ForeignServer }
  /** Version or options changed (a new wrapper or type is a drop and a create). */
  | { readonly kind: 'alterServer'; readonly from: ForeignServer; readonly to: ForeignServer }
  | { readonly kind: 'dropServer'; readonly server: ForeignServer; readonly recreate: boolean }
  | { readonly kind: 'createUserMapping'; readonly mapping: UserMapping }
  | { readonly kind: 'alterUserMapping'; readonly from: UserMapping; readonly to: UserMapping }
  | { readonly kind: 'dropUserMapping'; readonly mapping: UserMapping; readonly recreate: boolean }
  | { readonly kind: 'createForeignTable'; readonly table: ForeignTable }
  /** Only options changed, the table's or its columns' (anything else is a drop and a create: no rows are kept here). */
  | { readonly kind: 'alterForeignTable'; readonly from: ForeignTable; readonly to: ForeignTable }
  | { readonly kind: 'dropForeignTable'; readonly table: ForeignTable; readonly recreate: boolean }
  | { readonly kind: 'createPublication'; readonly publication: Publication }
  /** Tables, schemas or options changed (FOR ALL TABLES stays as it is). */
  | { readonly kind: 'alterPublication'; readonly from: Publication; readonly to: Publication }
  | { readonly kind: 'dropPublication'; readonly publication: Publication; readonly recreate: boolean }
  | { readonly kind: 'createEventTrigger'; readonly trigger: EventTrigger }
  /** Only the enabled state changed (ENABLE / DISABLE). */
  | { readonly kind: 'alterEventTrigger'; readonly trigger: EventTrigger }
  | { readonly kind: 'dropEventTrigger'; readonly trigger: EventTrigger; readonly recreate: boolean }
  | { readonly kind: 'createAggregate'; readonly aggregate: Aggregate }
  | { readonly kind: 'dropAggregate'; readonly aggregate: Aggregate; readonly recreate: boolean }
  | { readonly kind: 'createOperator'; readonly operator: Operator }
  /** Only the estimators changed (RESTRICT, JOIN): anything else is a drop and a create. */
  | { readonly kind: 'alterOperator'; readonly operator: Operator }
  | { readonly kind: 'dropOperator'; readonly operator: Operator; readonly recreate: boolean }
  /** The family and its loose members. */
  | { readonly kind: 'createOperatorFamily'; readonly family: OperatorFamily }
  /** Loose members taken out of the family (by number and types) and put in (ALTER OPERATOR FAMILY DROP/ADD). */
  | { readonly kind: 'alterOperatorFamily'; readonly family: OperatorFamily; readonly add: readonly OperatorMember[]; readonly drop: readonly OperatorMember[] }
  | { readonly kind: 'dropOperatorFamily'; readonly family: OperatorFamily; readonly recreate: boolean }
  /** A class's members cannot be altered: a changed class is dropped and created (with the indexes using it). */
  | { readonly kind: 'createOperatorClass'; readonly opclass: OperatorClass }
  | { readonly kind: 'dropOperatorClass'; readonly opclass: OperatorClass; readonly recreate: boolean }
  | { readonly kind: 'createCast'; readonly cast: Cast }
  | { readonly kind: 'dropCast'; readonly cast: Cast; readonly recreate: boolean }
  | { readonly kind: 'grant'; readonly privilege: Privilege }
  | { readonly kind: 'revoke'; readonly privilege: Privilege }
  /**
   * One `ALTER DEFAULT PRIVILEGES` edit: `grant` or `revoke` the entry's privilege, or only its grant
   * option (`revokeGrantOption`). A `revoked` entry (a built-in default taken away) is revoked to
   * create it and granted to undo it.
   */
  | {
    readonly kind: 'alterDefaultPrivileges'; readonly entry: DefaultPrivilege; readonly action: 'grant' | 'revoke' | 'revokeGrantOption';
    /** It takes back what the database's defaults add or remove: it runs before the plan's creates, which would get them. */
    readonly beforeCreates: boolean;
  }
  | { readonly kind: 'setOwner'; readonly target: ObjectRef; readonly owner: string }
  | { readonly kind: 'setComment'; readonly target: ObjectRef; readonly text: string | null };

export type ChangeKind = Change['kind'];

/** The names a range set aside takes: its own and its multirange's. */
export interface RangeAside {
  readonly range: string;
  readonly multirange: string | null;
}

/** The names a base type set aside takes: its own and each bound function's. */
export interface BaseTypeAside {
  readonly type: string;
  readonly functions: readonly (BoundFunction & { readonly aside: string })[];
}

/** A PostgreSQL change as a plan edit (see src/schema/order.ts). */
export type ChangeEdit = Edit<Change>;
