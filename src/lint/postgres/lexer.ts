/**
 * PostgreSQL's own lexer (libpg-query's scanner) for the rules and fixes that need tokens rather
 * than the parse tree: identifiers as written, and where a keyword sits in a statement's text.
 */
import { createRequire } from 'node:module';
import { quoteIdent } from '../../adapters/postgres/quote.js';
import { charOffsetsOf } from './statements.js';

/** One token, its offsets in characters of the scanned text. */
export interface Token {
  readonly text: string;
  /** `IDENT` for a name, `SQL_COMMENT`/`C_COMMENT` for comments; keywords and punctuation are `UNKNOWN`. */
  readonly tokenName: string;
  /** 0 for a name that is no keyword. */
  readonly keywordKind: number;
  readonly start: number;
  readonly end: number;
}

interface RawToken {
  readonly text: string;
  readonly tokenName: string;
  readonly keywordKind: number;
  readonly start: number;
  readonly end: number;
}

type Scanner = { scanSync(sql: string): { tokens?: RawToken[] } };
let scanner: Scanner | null = null;

/** The tokens of `sql`. The scanner counts UTF-8 bytes; these offsets are characters. */
export function tokensOf(sql: string): Token[] {
  // The linter loads libpg-query (`pgParser()`) before any rule runs: this is the same, loaded,
  // module. Required on first use, not on import: requiring it starts compiling its WebAssembly,
  // which must happen inside the lint run (see baseline-wasm.ts).
  scanner ??= createRequire(import.meta.url)('libpg-query') as Scanner;
  const raw = scanner.scanSync(sql).tokens ?? [];
  const bytes = Buffer.byteLength(sql);
  if (bytes === sql.length) return raw;
  const char = charOffsetsOf(sql, bytes);
  return raw.map((t) => ({ ...t, start: char[t.start]!, end: char[t.end]! }));
}

/** A name as SQL: bare when PostgreSQL reads it back unchanged (lower case, no keyword), else quoted. */
export function sqlName(name: string): string {
  if (!/^[a-z_][a-z0-9_$]*$/.test(name)) return quoteIdent(name);
  const tokens = tokensOf(name);
  return tokens.length === 1 && tokens[0]!.tokenName === 'IDENT' && tokens[0]!.keywordKind === 0 ? name : quoteIdent(name);
}
