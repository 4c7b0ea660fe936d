/**
 * A tokenizer for the linters of dialects without a parser library (MySQL/MariaDB, SQLite): enough
 * to read the DDL their rules look at (ALTER/CREATE/DROP TABLE, CREATE INDEX, PRAGMA). Comments and
 * blanks are left out; each dialect says which quotes and comments it has.
 */

export type TokenKind = 'word' | 'ident' | 'string' | 'number' | 'punct';

export interface SqlToken {
  readonly kind: TokenKind;
  /** A word upper-cased; an identifier unquoted; a string without its quotes; else as written. */
  readonly value: string;
  /** As written. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export interface TokenizerOptions {
  /** `#` starts a comment (MySQL). */
  readonly hashComments?: boolean;
  /** `\` escapes a character in a string (MySQL). */
  readonly backslashEscapes?: boolean;
  /** `"…"` is a string, not an identifier (MySQL without ANSI_QUOTES). */
  readonly doubleQuotedStrings?: boolean;
  /** `[…]` is an identifier (SQLite). */
  readonly bracketIdentifiers?: boolean;
  /**
   * MySQL: `/*! … *\/`, `/*!50100 … *\/` and MariaDB's `/*M! … *\/` hold SQL the server runs (read
   * as code), and `--` starts a comment only when a blank or the line end follows it.
   */
  readonly mysqlComments?: boolean;
}

const WORD = /[\p{L}\p{N}_$]/u;

/** The tokens of one statement. */
export function sqlTokens(sql: string, opts: TokenizerOptions = {}): SqlToken[] {
  const out: SqlToken[] = [];
  const n = sql.length;
  let i = 0;
  while (i < n) {
    const c = sql[i]!;
    const executable = opts.mysqlComments ? /^\/\*M?!\d*/.exec(sql.slice(i, i + 12)) : null;
    if (/\s/.test(c)) i++;
    else if (executable) i += executable[0].length;
    else if (opts.mysqlComments && c === '*' && sql[i + 1] === '/') i += 2;
    else if ((c === '-' && sql[i + 1] === '-' && (!opts.mysqlComments || /[\s]|^$/.test(sql[i + 2] ?? ''))) || (c === '#' && opts.hashComments)) i = lineEnd(sql, i);
    else if (c === '/' && sql[i + 1] === '*') {
      const e = sql.indexOf('*/', i + 2);
      i = e < 0 ? n : e + 2;
    } else if (c === "'" || (c === '"' && opts.doubleQuotedStrings)) i = push(out, 'string', sql, i, quotedEnd(sql, i, c, opts.backslashEscapes ?? false));
    else if (c === '`' || c === '"' || (c === '[' && opts.bracketIdentifiers)) i = push(out, 'ident', sql, i, quotedEnd(sql, i, c === '[' ? ']' : c, false));
    else if (/[0-9]/.test(c)) {
      let j = i;
      while (j < n && /[0-9.eE]/.test(sql[j]!)) j++;
      i = push(out, 'number', sql, i, j);
    } else if (WORD.test(c)) {
      let j = i;
      while (j < n && WORD.test(sql[j]!)) j++;
      i = push(out, 'word', sql, i, j);
    } else i = push(out, 'punct', sql, i, i + 1);
  }
  return out;
}

function lineEnd(sql: string, i: number): number {
  const e = sql.indexOf('\n', i);
  return e < 0 ? sql.length : e + 1;
}

/** Just past the closing quote of the quoted text at `i` (doubled quotes and, where on, backslashes escape). */
function quotedEnd(sql: string, i: number, close: string, backslash: boolean): number {
  let j = i + 1;
  while (j < sql.length) {
    const c = sql[j]!;
    if (backslash && c === '\\') j += 2;
    else if (c === close && sql[j + 1] === close && close !== ']') j += 2;
    else if (c === close) return j + 1;
    else j++;
  }
  return sql.length;
}

function push(out: SqlToken[], kind: TokenKind, sql: string, start: number, end: number): number {
  const text = sql.slice(start, end);
  out.push({ kind, value: kind === 'word' ? text.toUpperCase() : kind === 'ident' || kind === 'string' ? unquoted(text) : text, text, start, end });
  return end;
}

function unquoted(text: string): string {
  const q = text[0]!;
  const inner = text.slice(1, text.length > 1 && text.endsWith(q === '[' ? ']' : q) ? -1 : undefined);
  return q === '[' ? inner : inner.split(q + q).join(q);
}

/** Whether `t` is the word `word` (upper case). */
export function isWord(t: SqlToken | undefined, ...words: string[]): boolean {
  return t?.kind === 'word' && words.includes(t.value);
}

/** The name a word or quoted identifier token gives, as written (unquoted); null for any other token. */
export function nameOf(t: SqlToken | undefined): string | null {
  if (!t) return null;
  if (t.kind === 'ident') return t.value;
  return t.kind === 'word' ? t.text : null;
}

/** The tokens split at the commas outside parentheses. */
export function splitTopLevel(tokens: readonly SqlToken[]): SqlToken[][] {
  const parts: SqlToken[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === 'punct' && t.value === '(') depth++;
    else if (t.kind === 'punct' && t.value === ')') depth--;
    if (depth === 0 && t.kind === 'punct' && t.value === ',') parts.push([]);
    else parts[parts.length - 1]!.push(t);
  }
  return parts.filter((p) => p.length > 0);
}

/** A possibly qualified name at `at` (`a`, `a.b`): the last part, and the index after it. */
export function qualifiedName(tokens: readonly SqlToken[], at: number): { name: string; schema: string | null; next: number } | null {
  const first = nameOf(tokens[at]);
  if (first === null) return null;
  if (tokens[at + 1]?.value === '.' && nameOf(tokens[at + 2]) !== null) return { schema: first, name: nameOf(tokens[at + 2])!, next: at + 3 };
  return { schema: null, name: first, next: at + 1 };
}
