/**
 * Range types of the PostgreSQL schema model (see model.ts): CREATE TYPE … AS RANGE, with the
 * multirange type (PostgreSQL 14+) and the constructor functions the server makes with it. Those
 * belong to the range: created and dropped with it, never on their own.
 */
import type { ObjectKey, QName } from '../keys.js';

/** A function the server made with a range or its multirange (`r(a, b)`, `r(a, b, '[)')`, `rm(VARIADIC r[])`). */
export interface RangeConstructor extends QName {
  /** Whose constructor it is (it is named after that type). */
  readonly of: 'range' | 'multirange';
  /** `pg_get_function_identity_arguments`, types schema-qualified. */
  readonly args: string;
}

/** A range type (pg_range); support functions are their `regproc` text (qualified unless in pg_catalog). */
export interface RangeType extends QName {
  readonly key: ObjectKey;
  /** `format_type` of the element type. */
  readonly subtype: string;
  /** The subtype's B-tree operator class, quoted and qualified; null for the subtype's default one. */
  readonly subtypeOpClass: string | null;
  /** Quoted, qualified collation name when it differs from the subtype's default; else null. */
  readonly collation: string | null;
  readonly canonical: string | null;
  readonly subtypeDiff: string | null;
  /** The multirange type; null on servers before PostgreSQL 14, which have none. */
  readonly multirange: QName | null;
  /** The range's and the multirange's constructors, by name and arguments (renamed with the type when it is set aside). */
  readonly constructors: readonly RangeConstructor[];
}
