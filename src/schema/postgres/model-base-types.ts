/**
 * Base types of the PostgreSQL schema model (see model.ts): CREATE TYPE name (INPUT = …, OUTPUT = …, …),
 * made in three steps: a shell (`CREATE TYPE name;`), its I/O functions (they take or return the
 * shell), then the full definition. The array type the server makes with it is the type's own.
 */
import type { ObjectKey, QName } from '../keys.js';

/** A support function taking or returning the type (input, output, receive, send): bound to it. */
export interface BoundFunction extends QName {
  /** `pg_get_function_identity_arguments`, types schema-qualified (the function's key). */
  readonly args: string;
}

/** pg_type.typalign and typstorage, by their CREATE TYPE names. */
export type TypeAlignment = 'char' | 'int2' | 'int4' | 'double';
export type TypeStorage = 'plain' | 'external' | 'extended' | 'main';

/** A base type (pg_type typtype 'b'); support functions are their `regproc` text (qualified unless in pg_catalog). */
export interface BaseType extends QName {
  readonly key: ObjectKey;
  readonly input: string;
  readonly output: string;
  readonly receive: string | null;
  readonly send: string | null;
  readonly typmodIn: string | null;
  readonly typmodOut: string | null;
  readonly analyze: string | null;
  /** PostgreSQL 14+; null before (and when the type has none). */
  readonly subscript: string | null;
  /** typlen: bytes, -1 for VARIABLE, -2 for a null-terminated C string. */
  readonly internalLength: number;
  readonly passedByValue: boolean;
  readonly alignment: TypeAlignment;
  readonly storage: TypeStorage;
  /** typcategory, one letter (`U` user-defined, the default). */
  readonly category: string;
  readonly preferred: boolean;
  readonly default: string | null;
  /** `format_type` of the element type (a fixed-length array type such as `point`); null when none. */
  readonly element: string | null;
  readonly delimiter: string;
  readonly collatable: boolean;
  /** Its support functions that take or return it, in name order: they cannot outlive it, nor it them. */
  readonly bound: readonly BoundFunction[];
}
