/**
 * Text search objects of the PostgreSQL schema model (see model.ts): dictionaries and
 * configurations. Parsers and templates are made of C functions; user-defined ones are reported as
 * unsupported, the built-in ones are named by their qualified names.
 */
import type { ObjectKey, QName } from '../keys.js';

/** One dictionary option as the catalog keeps it (dictinitoption): its value is SQL text, quoted if a string. */
export interface TextSearchOption {
  readonly name: string;
  readonly value: string;
}

/** CREATE TEXT SEARCH DICTIONARY: a template and its options, in catalog order. */
export interface TextSearchDictionary extends QName {
  readonly key: ObjectKey;
  /** The template, quoted and qualified (`pg_catalog.simple`). */
  readonly template: string;
  readonly options: readonly TextSearchOption[];
}

/** The dictionaries a configuration consults for one token type, in order. */
export interface TextSearchMapping {
  readonly token: string;
  readonly dictionaries: readonly QName[];
}

/** CREATE TEXT SEARCH CONFIGURATION: a parser and a mapping per token type, by token name. */
export interface TextSearchConfiguration extends QName {
  readonly key: ObjectKey;
  /** The parser, quoted and qualified (`pg_catalog."default"`). */
  readonly parser: string;
  readonly mappings: readonly TextSearchMapping[];
}
