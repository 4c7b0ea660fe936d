import { isUtf8 } from 'node:buffer';
import { ShaleError } from '../errors.js';

/*
 * Where a migration file's bytes become text (every source goes through here) and the checks that
 * keep a file from silently changing what runs: a lossy decode turns Latin-1 bytes into U+FFFD, and
 * a NUL byte ends the text for a C parser (libpg-query) that then drops what follows it.
 */

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Control characters no SQL text holds: C0 except tab, LF, FF and CR (the only ones every engine's
 * lexer takes as whitespace), DEL, and unpaired UTF-16 surrogates (text that is not Unicode).
 */
const FORBIDDEN = /[\0-\x08\x0b\x0e-\x1f\x7f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Whitespace to JavaScript (`trim()`, `\s`) that no database lexer treats as whitespace (NBSP,
 * U+FEFF, U+2028, …): PostgreSQL, MySQL and SQLite take it as part of an identifier.
 */
export function isUnicodeSpace(code: number): boolean {
  return code >= 0x80 && /\s/.test(String.fromCharCode(code));
}

/**
 * E_PARSE for a Unicode space a splitter met outside strings, quoted identifiers and comments: it
 * would end up in (or as) a statement, so the file is refused before anything runs, on every engine.
 */
export function unicodeSpaceError(code: number, offset: number): ShaleError {
  return new ShaleError(
    'E_PARSE',
    `${codeUnitName(code)} (a Unicode space) outside a string or comment: databases do not take it as whitespace; replace it with an ASCII space`,
    { offset },
  );
}

/**
 * `sql` without the whitespace every engine's lexer skips around a statement (space, tab, LF, FF,
 * CR). Not `String.prototype.trim()`: that also drops Unicode spaces, which the databases do not.
 */
export function trimSql(sql: string): string {
  return sql.replace(/^[ \t\n\f\r]+/, '').replace(/[ \t\n\f\r]+$/, '');
}

/** Length of the whitespace {@link trimSql} drops at the start of `sql`. */
export function leadingSpace(sql: string): number {
  return /^[ \t\n\f\r]*/.exec(sql)![0].length;
}

/** `U+00A0`-style name of a UTF-16 code unit, for messages. */
export function codeUnitName(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Character offset of the first character no migration text may hold, or -1. */
export function findForbiddenChar(text: string): number {
  const m = FORBIDDEN.exec(text);
  return m ? m.index : -1;
}

/** What the character at `at` is, in words: `NUL byte (binary file?)`, `control character U+0001`, … */
export function describeForbidden(text: string, at: number): string {
  const c = text.charCodeAt(at);
  if (c === 0) return 'NUL byte: a binary file? migrations must be UTF-8 text';
  if (c >= 0xd800 && c <= 0xdfff) return `unpaired surrogate ${codeUnitName(c)}: not Unicode text`;
  return `control character ${codeUnitName(c)}: a binary file? migrations must be UTF-8 text`;
}

/**
 * E_PARSE for SQL text (a memory source, a TS step, a script section) holding a NUL, a binary
 * control character or an unpaired surrogate; `details.offset` is the character offset. Splitters
 * call it first, so no engine sends part of such a text.
 */
export function assertPlainSql(sql: string): void {
  const at = findForbiddenChar(sql);
  if (at >= 0) throw new ShaleError('E_PARSE', describeForbidden(sql, at), { offset: at });
}

/** UTF-8 byte offset of character offset `at` in `text`. */
export function utf8Offset(text: string, at: number): number {
  return Buffer.byteLength(text.slice(0, at), 'utf8');
}

/**
 * Check migration text that arrived as a string (a memory source): the same refusals as
 * {@link decodeMigrationFile}, with the byte offset the character would have in a UTF-8 file.
 * @example checkMigrationText('create table a (x int);\0', 'memory:0001.sql') // throws E_PARSE at byte 23
 */
export function checkMigrationText(text: string, location: string): string {
  const at = findForbiddenChar(text);
  if (at >= 0) throw refused(location, utf8Offset(text, at), describeForbidden(text, at));
  return text;
}

/**
 * Decode a migration file's bytes as UTF-8, strictly: an invalid byte sequence (a Latin-1 file, a
 * binary file), a NUL or another binary control character is E_PARSE naming the file and the byte
 * offset, never text with U+FFFD in it. A leading byte-order mark is kept (format readers drop it).
 * @example decodeMigrationFile(readFileSync(path), 'migrations/0001.init.sql')
 */
export function decodeMigrationFile(bytes: Uint8Array, location: string): string {
  // Fast path: a native validity check, then a plain decode (thousands of files per run).
  if (isUtf8(bytes)) return checkMigrationText(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'), location);
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch (e) {
    const at = firstInvalidUtf8(bytes);
    checkMigrationText(decoder.decode(bytes.subarray(0, at)), location); // a control character before it comes first
    const shown = Array.from(bytes.subarray(at, at + 4), (b) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`).join(' ');
    throw refused(location, at, `invalid UTF-8 (${shown}): save the file as UTF-8`, e);
  }
  return checkMigrationText(text, location);
}

function refused(location: string, byte: number, what: string, cause?: unknown): ShaleError {
  return new ShaleError('E_PARSE', `${location}: byte ${byte}: ${what}`, { file: location, byteOffset: byte }, cause === undefined ? undefined : { cause });
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence (RFC 3629), or the length. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    // Length and the allowed range of the second byte (no overlongs, no surrogates, nothing past U+10FFFF).
    const [len, lo, hi] =
      c >= 0xc2 && c <= 0xdf ? [2, 0x80, 0xbf]
      : c === 0xe0 ? [3, 0xa0, 0xbf]
      : c === 0xed ? [3, 0x80, 0x9f]
      : c >= 0xe1 && c <= 0xef ? [3, 0x80, 0xbf]
      : c === 0xf0 ? [4, 0x90, 0xbf]
      : c >= 0xf1 && c <= 0xf3 ? [4, 0x80, 0xbf]
      : c === 0xf4 ? [4, 0x80, 0x8f]
      : [0, 0, 0];
    if (len === 0 || i + len > b.length) return i;
    const second = b[i + 1]!;
    if (second < lo || second > hi) return i;
    for (let k = 2; k < len; k++) if ((b[i + k]! & 0xc0) !== 0x80) return i;
    i += len;
  }
  return b.length;
}
