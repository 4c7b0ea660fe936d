/** A migration script through the real parser: its statements with positions in characters. */
import type { ParsedStatement } from '../../schema/postgres/pg-ast.js';
import { firstTokenOffset } from '../position.js';

/** One statement of a script: node, where its text (comments before it included) and its first token are. */
export interface ScriptStatement {
  readonly stmt: ParsedStatement['stmt'];
  /** From the end of the statement before (its comments included) to the end of this one. */
  readonly from: number;
  readonly to: number;
  /** The first token of the statement. */
  readonly start: number;
}

/** `text`'s statements, with libpg-query's UTF-8 byte offsets turned into character offsets. */
export function scriptStatements(text: string, parsed: readonly ParsedStatement[]): ScriptStatement[] {
  const bytes = Buffer.byteLength(text);
  // ASCII text (most migrations): a byte offset is a character offset.
  const toChar = bytes === text.length ? null : charOffsetsOf(text, bytes);
  let end = 0;
  return parsed.map((p) => {
    const fromByte = p.stmt_location ?? 0;
    const toByte = p.stmt_len ? fromByte + p.stmt_len : bytes;
    const at = toChar ? toChar[fromByte]! : fromByte;
    const to = toChar ? toChar[toByte]! : toByte;
    // The parser starts a statement at its first token: its comments are those since the last `;`.
    const from = text[end] === ';' ? end + 1 : end;
    end = to;
    return { stmt: p.stmt, from: Math.min(from, at), to, start: firstTokenOffset(text, at, to) };
  });
}

/** For each UTF-8 byte offset of `text` (and its end), the character offset it falls in. */
export function charOffsetsOf(text: string, bytes: number): Int32Array {
  const out = new Int32Array(bytes + 1);
  let b = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i)!;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    for (let k = 0; k < size; k++) out[b + k] = i;
    b += size;
    if (code >= 0x10000) i++; // a surrogate pair is one code point
  }
  out[bytes] = text.length;
  return out;
}
