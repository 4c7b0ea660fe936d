/**
 * The identifiers of a statement as written, before PostgreSQL truncates them (the parse tree only
 * holds the truncated names): from the real lexer's tokens, decoded as the lexer does (unquoted
 * names folded to lower case, `""` in a quoted name, `U&"…"` escapes).
 */
import { tokensOf, type Token } from './lexer.js';

/** The longest identifier PostgreSQL keeps, in bytes (NAMEDATALEN - 1). */
export const MAX_IDENTIFIER_BYTES = 63;


/** 22 or more of the name characters counted below (each UTF-16 unit 3 bytes at most: 21 × 3 = 63). */
const LONG_RUN = /[\w$\u0080-\uffff]{22}/;

/**
 * A quick pass before the lexer: whether `sql` has a quote (a quoted name may hold anything) or a run
 * of name characters over 63 bytes. When not, no identifier in it can be too long.
 */
export function mayHoldLongIdentifier(sql: string): boolean {
  if (sql.includes('"')) return true;
  // A run of fewer than 22 name units holds 63 bytes at most: most statements have none, and the
  // regular expression (native code) answers without the loop below.
  if (!LONG_RUN.test(sql)) return false;
  let run = 0;
  for (let i = 0; i < sql.length; i++) {
    const c = sql.charCodeAt(i);
    const nameChar = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c >= 128;
    // A UTF-16 unit counts as 3 bytes at most (a surrogate pair, 4 bytes, is two units).
    run = nameChar ? run + (c < 128 ? 1 : 3) : 0;
    if (run > MAX_IDENTIFIER_BYTES) return true;
  }
  return false;
}

/** A `U&"…"` token (its lexer name is not exported by libpg-query). */
const isUnicodeIdent = (t: Token): boolean => /^u&"/i.test(t.text);

/**
 * The identifiers of `sql` (one statement), decoded, in order of appearance.
 * @example identifiersOf('create table "A""b" (Id int)') // ['A"b', 'id']
 */
export function identifiersOf(sql: string): string[] {
  const tokens = tokensOf(sql);
  const out: string[] = [];
  tokens.forEach((t, i) => {
    if (t.tokenName === 'IDENT') out.push(decodeIdent(t.text));
    else if (isUnicodeIdent(t)) out.push(decodeUnicodeIdent(t.text.slice(3, -1).replace(/""/g, '"'), escapeOf(tokens, i)));
  });
  return out;
}

function decodeIdent(text: string): string {
  if (text.startsWith('"')) return text.slice(1, -1).replace(/""/g, '"');
  // PostgreSQL folds only ASCII letters of an unquoted name in a UTF-8 database.
  return text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

/** The escape character of a `U&"…"` token: `\`, or the one of a `UESCAPE 'c'` after it. */
function escapeOf(tokens: readonly Token[], i: number): string {
  const next = tokens[i + 1];
  const value = tokens[i + 2];
  if (next?.text.toLowerCase() === 'uescape' && value && value.text.length === 3) return value.text[1]!;
  return '\\';
}

function decodeUnicodeIdent(body: string, esc: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== esc) out += c;
    else if (body[i + 1] === esc) out += body[++i];
    else if (body[i + 1] === '+') {
      out += String.fromCodePoint(parseInt(body.slice(i + 2, i + 8), 16) || 0xfffd);
      i += 7;
    } else {
      out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 5), 16) || 0xfffd);
      i += 4;
    }
  }
  return out;
}

/** `name` cut to its first 63 bytes, at a character boundary, as PostgreSQL truncates it. */
export function truncatedIdentifier(name: string): string {
  let bytes = 0;
  let out = '';
  for (const ch of name) {
    bytes += Buffer.byteLength(ch);
    if (bytes > MAX_IDENTIFIER_BYTES) break;
    out += ch;
  }
  return out;
}
