/**
 * A small SQLite tokenizer for the schema texts SQLite keeps in `sqlite_schema.sql` (CREATE TABLE,
 * INDEX, VIEW, TRIGGER): what the pragmas do not say (CHECK expressions, collations, generated
 * expressions, deferrability, an index's parts) is read from them. Quoting rules as in
 * src/adapters/sqlite/splitter.ts: '' strings, "" `` [] identifiers, -- and /* *\/ comments.
 */

export type TokenKind = 'word' | 'ident' | 'string' | 'number' | 'punct';

export interface Token {
  readonly kind: TokenKind;
  /** The text as written. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;

function quoted(sql: string, i: number): number {
  const open = sql[i]!;
  const close = open === '[' ? ']' : open;
  let j = i + 1;
  for (;;) {
    const e = sql.indexOf(close, j);
    if (e < 0) return sql.length;
    if (close !== ']' && sql[e + 1] === close) {
      j = e + 2;
      continue;
    }
    return e + 1;
  }
}

/**
 * The tokens of `sql`, comments and whitespace left out.
 * @example tokenize('create table "t" (a int)').map((t) => t.text) // ['create', 'table', '"t"', '(', 'a', 'int', ')']
 */
export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  const n = sql.length;
  let i = 0;
  while (i < n) {
    const c = sql[i]!;
    let end: number;
    let kind: TokenKind;
    if (/\s/.test(c)) {
      i++;
      continue;
    } else if (c === '-' && sql[i + 1] === '-') {
      const e = sql.indexOf('\n', i);
      i = e < 0 ? n : e + 1;
      continue;
    } else if (c === '/' && sql[i + 1] === '*') {
      const e = sql.indexOf('*/', i + 2);
      i = e < 0 ? n : e + 2;
      continue;
    } else if (c === "'" || ((c === 'x' || c === 'X') && sql[i + 1] === "'")) {
      // A blob literal x'00ff' is one literal.
      kind = 'string';
      end = quoted(sql, c === "'" ? i : i + 1);
    } else if (c === '"' || c === '`' || c === '[') {
      kind = 'ident';
      end = quoted(sql, i);
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      kind = 'number';
      end = i + 1;
      while (end < n && /[0-9A-Za-z_.]/.test(sql[end]!)) end++;
    } else if (WORD_START.test(c)) {
      kind = 'word';
      end = i + 1;
      while (end < n && WORD_PART.test(sql[end]!)) end++;
    } else {
      kind = 'punct';
      const two = sql.slice(i, i + 2);
      end = ['||', '<=', '>=', '<>', '!=', '==', '<<', '>>', '->'].includes(two) ? i + 2 : i + 1;
      if (sql.slice(i, i + 3) === '->>') end = i + 3;
    }
    out.push({ kind, text: sql.slice(i, end), start: i, end });
    i = end;
  }
  return out;
}

/** The identifier a word or quoted token names (quotes removed); null for other tokens. */
export function identOf(t: Token | undefined): string | null {
  if (!t) return null;
  if (t.kind === 'word') return t.text;
  if (t.kind !== 'ident') return null;
  const inner = t.text.slice(1, -1);
  return t.text[0] === '[' ? inner : inner.replace(t.text[0] === '"' ? /""/g : /``/g, t.text[0]!);
}

/** Whether `t` is the keyword `word` (case-insensitive). */
export function isWord(t: Token | undefined, word: string): boolean {
  return t?.kind === 'word' && t.text.toUpperCase() === word;
}

/** Identifiers compare without regard to ASCII case in SQLite. */
export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * One canonical text for tokens, so that case, quoting and spacing do not count: words and simple
 * identifiers in upper case, other identifiers double-quoted, literals as written.
 * @example normaliseTokens(tokenize('a  + "B"')) === normaliseTokens(tokenize('A+b')) // true
 */
export function normaliseTokens(tokens: readonly Token[]): string {
  return tokens
    .map((t) => {
      if (t.kind === 'word') return t.text.toUpperCase();
      if (t.kind === 'ident') {
        const name = identOf(t)!;
        return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name.toUpperCase() : `"${name.replace(/"/g, '""')}"`;
      }
      return t.text;
    })
    .join(' ');
}

/** {@link normaliseTokens} of a text. */
export function normaliseSql(sql: string): string {
  return normaliseTokens(tokenize(sql));
}

/** Index of the token that closes the parenthesis opened at `open` (or the last index). */
export function closingParen(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'punct') continue;
    if (t.text === '(') depth++;
    else if (t.text === ')' && --depth === 0) return i;
  }
  return tokens.length - 1;
}

/** `tokens` split at commas outside parentheses. */
export function splitTopLevel(tokens: readonly Token[]): Token[][] {
  const out: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === 'punct' && t.text === '(') depth++;
    if (t.kind === 'punct' && t.text === ')') depth--;
    if (depth === 0 && t.kind === 'punct' && t.text === ',') out.push([]);
    else out[out.length - 1]!.push(t);
  }
  return out.filter((x) => x.length > 0);
}

/** Whether some token of `tokens` names `name` (a table or column), ignoring case and quoting. */
export function mentions(tokens: readonly Token[], name: string): boolean {
  return tokens.some((t) => (t.kind === 'word' || t.kind === 'ident') && sameName(identOf(t)!, name));
}

/**
 * The index of the token after the created object's name in a CREATE statement, and the name:
 * `CREATE [TEMP] TABLE|INDEX|VIEW|TRIGGER [IF NOT EXISTS] [schema.]name`, with `UNIQUE` for an index.
 */
export function createdObject(tokens: readonly Token[]): { readonly nameAt: number; readonly after: number; readonly name: string } | null {
  let i = 0;
  if (!isWord(tokens[i], 'CREATE')) return null;
  i++;
  while (['TEMP', 'TEMPORARY', 'UNIQUE', 'VIRTUAL'].some((w) => isWord(tokens[i], w))) i++;
  if (!['TABLE', 'INDEX', 'VIEW', 'TRIGGER'].some((w) => isWord(tokens[i], w))) return null;
  i++;
  if (isWord(tokens[i], 'IF') && isWord(tokens[i + 1], 'NOT') && isWord(tokens[i + 2], 'EXISTS')) i += 3;
  let nameAt = i;
  if (tokens[i + 1]?.text === '.') nameAt = i + 2;
  const name = identOf(tokens[nameAt]);
  return name === null ? null : { nameAt: i, after: nameAt + 1, name };
}
