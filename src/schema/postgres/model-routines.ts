/**
 * The routine-like objects of the PostgreSQL schema model (see model.ts): event triggers,
 * aggregates and casts, each described by its catalog fields rather than a pg_get_*def text.
 */
import type { ObjectKey, QName } from '../keys.js';

/** A database-wide trigger on DDL events (CREATE EVENT TRIGGER). */
export interface EventTrigger {
  readonly key: ObjectKey;
  readonly name: string;
  /** `ddl_command_start`, `ddl_command_end`, `sql_drop`, `table_rewrite`, `login`. */
  readonly event: string;
  /** The `WHEN TAG IN (…)` filter, in catalog order; null for every command. */
  readonly tags: readonly string[] | null;
  readonly function: QName;
  /** evtenabled: O (origin), D (disabled), R (replica), A (always). */
  readonly enabled: string;
}

/**
 * An aggregate function (pg_proc with prokind 'a' and its pg_aggregate row). Support functions are
 * their `regproc` text (qualified unless in pg_catalog), types their `format_type` text; null where
 * the aggregate has none.
 */
export interface Aggregate extends QName {
  readonly key: ObjectKey;
  /** `pg_get_function_identity_arguments` (empty for none, `*` in SQL); for an ordered-set one `… ORDER BY …`. */
  readonly identityArgs: string;
  /** `pg_get_function_arguments` (names and modes included). */
  readonly arguments: string;
  /** Every argument's type, comma-separated, as GRANT … ON FUNCTION names an aggregate (no `ORDER BY`). */
  readonly argTypes: string;
  /** aggkind: n (normal), o (ordered-set), h (hypothetical-set). */
  readonly aggKind: 'n' | 'o' | 'h';
  readonly sfunc: string;
  readonly stype: string;
  readonly sspace: number;
  readonly finalFunc: string | null;
  readonly finalExtra: boolean;
  /** aggfinalmodify: r (read only), s (shareable), w (read write). */
  readonly finalModify: FinalModify;
  readonly combineFunc: string | null;
  readonly serialFunc: string | null;
  readonly deserialFunc: string | null;
  readonly initCond: string | null;
  readonly msfunc: string | null;
  readonly minvfunc: string | null;
  readonly mstype: string | null;
  readonly msspace: number;
  readonly mfinalFunc: string | null;
  readonly mfinalExtra: boolean;
  readonly mfinalModify: FinalModify;
  readonly minitCond: string | null;
  /** `OPERATOR(schema.op)`, for MIN/MAX-like aggregates. */
  readonly sortOp: string | null;
  /** proparallel: s (safe), r (restricted), u (unsafe). */
  readonly parallel: 's' | 'r' | 'u';
}

/** What an aggregate's final function does to the transition state (aggfinalmodify). */
export type FinalModify = 'r' | 's' | 'w';

/** A user-defined cast (pg_cast rows created by CREATE CAST), between `format_type` names. */
export interface Cast {
  readonly key: ObjectKey;
  readonly source: string;
  readonly target: string;
  /** castmethod: f (function), b (binary coercible: WITHOUT FUNCTION), i (WITH INOUT). */
  readonly method: 'f' | 'b' | 'i';
  /** The cast function (method f), with its identity arguments. */
  readonly function: (QName & { readonly args: string }) | null;
  /** castcontext: e (explicit only), a (AS ASSIGNMENT), i (AS IMPLICIT). */
  readonly context: 'e' | 'a' | 'i';
}

/**
 * A user-defined operator (CREATE OPERATOR); shells (made by another operator's COMMUTATOR or
 * NEGATOR, no function yet) are not modelled: the server makes them. Functions are `regproc` text,
 * linked operators `OPERATOR(schema.op)` text, types `format_type` (`NONE` for a prefix operator).
 */
export interface Operator {
  readonly key: ObjectKey;
  readonly schema: string;
  readonly name: string;
  readonly left: string;
  readonly right: string;
  readonly function: string;
  readonly commutator: string | null;
  readonly negator: string | null;
  readonly restrict: string | null;
  readonly join: string | null;
  readonly hashes: boolean;
  readonly merges: boolean;
}

/**
 * A member of an operator class or family (pg_amop, pg_amproc), identified by its number and the
 * types it is registered for (`format_type`). Operators are `"schema".op`, functions `regprocedure` text.
 */
export type OperatorMember =
  | {
    readonly kind: 'operator';
    readonly number: number;
    readonly left: string;
    readonly right: string;
    readonly operator: string;
    /** FOR ORDER BY's sort family (`"schema"."family"`); null for a search operator. */
    readonly orderBy: string | null;
  }
  | { readonly kind: 'function'; readonly number: number; readonly left: string; readonly right: string; readonly function: string };

/**
 * An operator family (CREATE OPERATOR FAMILY) with its loose members (ALTER OPERATOR FAMILY … ADD:
 * pg_depend deptype `a` on the family). A class made without FAMILY made a family of its own name:
 * it is modelled like any other, and the class names it (as pg_dump does).
 */
export interface OperatorFamily {
  readonly key: ObjectKey;
  readonly schema: string;
  readonly name: string;
  readonly method: string;
  readonly members: readonly OperatorMember[];
}

/**
 * An operator class (CREATE OPERATOR CLASS) with the members that belong to it (pg_depend deptype
 * `i`); members a method's rules make loose (btree's and hash's cross-type ones) are its family's.
 */
export interface OperatorClass {
  readonly key: ObjectKey;
  readonly schema: string;
  readonly name: string;
  readonly method: string;
  /** The indexed type, `format_type`. */
  readonly type: string;
  readonly isDefault: boolean;
  readonly family: QName;
  /** STORAGE, when the index stores another type than `type`. */
  readonly storage: string | null;
  readonly members: readonly OperatorMember[];
}
