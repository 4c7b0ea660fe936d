import { createRequire } from 'node:module';
import { assertPlainSql, leadingSpace, trimSql, unicodeSpaceError } from '../../core/migration-text.js';
import { ShaleError, isShaleError } from '../../errors.js';
import type { Statement } from '../adapter.js';
import { scanTopLevel } from './top-level.js';

type CopyNode = { is_from?: boolean; filename?: string };
type RawStmt = { stmt?: { CopyStmt?: CopyNode }; stmt_location?: number; stmt_len?: number };
type ParseResult = { stmts?: RawStmt[] };
type LibPgQuery = { loadModule(): Promise<void>; parseSync(sql: string): ParseResult };

let lib: LibPgQuery | null = null;
let loading: Promise<LibPgQuery> | null = null;

/** Load the real PostgreSQL parser (WASM) once per process. */
export async function loadPgParser(): Promise<void> {
  loading ??= (async () => {
    const require = createRequire(import.meta.url);
    const m = require('libpg-query') as LibPgQuery;
    await m.loadModule();
    lib = m;
    return m;
  })();
  await loading;
}

const COPY_STDIN =
  'COPY … FROM stdin needs psql to send its rows and shale sends none: load them with INSERT … VALUES, or COPY from a file on the server';

/**
 * Split a PostgreSQL script into statements with the real parser (dollar quotes, function bodies,
 * `E''` strings, `BEGIN ATOMIC`, a last statement without `;`). libpg-query reports UTF-8 byte
 * offsets; they are turned into character offsets here. psql-only input (meta-commands such as
 * `\connect`, `COPY … FROM stdin` with its rows inline) is an E_PARSE error saying so.
 */
export function splitPostgres(script: string): Statement[] {
  if (!lib) throw new Error('splitPostgres: call loadPgParser() first');
  // The parser reads a C string: text after a NUL would be dropped without a word.
  assertPlainSql(script);
  const { cuts, unicodeSpace } = scanTopLevel(script, CHUNK_CHARS);
  if (unicodeSpace >= 0) throw unicodeSpaceError(script.charCodeAt(unicodeSpace), unicodeSpace);
  // The parse tree of a whole file takes ~30 times its size: parse it in pieces cut at top-level `;`.
  const out: Statement[] = [];
  let from = 0;
  for (const to of cuts) {
    const piece = parsePiece(script.slice(from, to));
    if (!piece) break; // an error or a psql-ism: the rest parsed whole reports it exactly as before
    for (const s of piece) out.push({ sql: s.sql, offset: s.offset + from });
    from = to;
  }
  if (from === script.length) return out; // the parser refuses empty text
  for (const s of shiftErrors(() => splitWhole(script.slice(from)), from)) out.push({ sql: s.sql, offset: s.offset + from });
  return out;
}

/** Characters per parsed piece: big enough for few parser calls, small enough for a small tree. */
const CHUNK_CHARS = 256 * 1024;

/** The statements of a piece between two top-level `;`, or null when it needs the whole-script path. */
function parsePiece(piece: string): Statement[] | null {
  let stmts;
  try {
    stmts = statementsOf(piece, lib!.parseSync(piece));
  } catch {
    return null; // reported (with psql hints) by splitWhole on the rest of the script
  }
  return stmts.some((s) => isCopyFromStdin(s.raw)) ? null : stmts.map(({ sql, offset }) => ({ sql, offset }));
}

/** `fn()`, with an E_PARSE offset moved by `by` (the text it parsed started there). */
function shiftErrors<T>(fn: () => T, by: number): T {
  try {
    return fn();
  } catch (e) {
    if (by === 0 || !isShaleError(e) || typeof e.details['offset'] !== 'number') throw e;
    throw new ShaleError(e.code, e.message, { ...e.details, offset: e.details['offset'] + by }, { cause: e.cause });
  }
}

/** The whole of `script` through the parser: its statements, or E_PARSE with psql hints. */
function splitWhole(script: string): Statement[] {
  let result: ParseResult;
  try {
    result = lib!.parseSync(script);
  } catch (e) {
    throw parseError(script, e);
  }
  const out = statementsOf(script, result);
  const copy = out.find((s) => isCopyFromStdin(s.raw));
  if (copy) throw new ShaleError('E_PARSE', COPY_STDIN, { offset: copy.offset });
  return out.map(({ sql, offset }) => ({ sql, offset }));
}

function statementsOf(script: string, result: ParseResult): (Statement & { raw: RawStmt })[] {
  const bytes = Buffer.from(script, 'utf8');
  const charAt = byteToCharMapper(script, bytes);
  const out: (Statement & { raw: RawStmt })[] = [];
  for (const s of result.stmts ?? []) {
    const start = s.stmt_location ?? 0;
    const end = s.stmt_len ? start + s.stmt_len : bytes.length;
    const text = bytes.subarray(start, end).toString('utf8');
    const lead = leadingSpace(text);
    const sql = trimSql(text);
    if (sql === '') continue;
    out.push({ sql, offset: charAt(start) + lead, raw: s });
  }
  return out;
}

function isCopyFromStdin(s: RawStmt): boolean {
  const copy = s.stmt?.CopyStmt;
  return copy !== undefined && copy.is_from === true && copy.filename === undefined;
}

/**
 * The parser's error as E_PARSE with the offset of the problem. Two psql-isms get a message of
 * their own: rows after `COPY … FROM stdin` (the script up to the failing line parses and ends with
 * that COPY), and a meta-command (the parser stops at its backslash, which is never SQL).
 */
function parseError(script: string, e: unknown): ShaleError {
  const details = (e as { sqlDetails?: { cursorPosition?: number; message?: string } }).sqlDetails;
  // The parser's error cursor counts code points (statement offsets count bytes).
  const offset = codePointsToOffset(script, Math.max(0, details?.cursorPosition ?? 0));
  const lineStart = script.lastIndexOf('\n', offset - 1) + 1;
  const copy = lineStart > 0 ? copyBefore(script.slice(0, lineStart)) : null;
  if (copy) return new ShaleError('E_PARSE', `${COPY_STDIN} (its rows start at the next line)`, { offset: copy.offset });
  const meta = /^\\[^\s\\]*/.exec(script.slice(offset));
  if (meta) {
    return new ShaleError('E_PARSE', `psql meta-command ${meta[0]} is not SQL: shale sends each statement to the server itself, not through psql; remove it (or rewrite it in SQL)`, { offset });
  }
  return new ShaleError('E_PARSE', details?.message ?? String(e), { offset });
}

/** The last statement of `prefix` when it is a `COPY … FROM stdin`. */
function copyBefore(prefix: string): Statement | null {
  let stmts;
  try {
    stmts = statementsOf(prefix, lib!.parseSync(prefix));
  } catch {
    return null; // the prefix has an error of its own: the original error is the one to report
  }
  const last = stmts[stmts.length - 1];
  return last && isCopyFromStdin(last.raw) ? last : null;
}

/**
 * Byte offset → character (UTF-16 code unit) offset. Offsets asked in increasing order (statements
 * in script order) cost one pass over the text in all: a large non-ASCII file stays linear.
 */
function byteToCharMapper(text: string, bytes: Buffer): (byteOffset: number) => number {
  if (bytes.length === text.length) return (b) => b;
  let byte = 0;
  let char = 0;
  return (b) => {
    if (b < byte) [byte, char] = [0, 0];
    while (byte < b && char < text.length) {
      const c = text.codePointAt(char)!;
      byte += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
      char += c >= 0x10000 ? 2 : 1;
    }
    return char;
  };
}

/** UTF-16 offset of the `n`-th code point (astral characters take two code units). */
export function codePointsToOffset(text: string, n: number): number {
  let offset = 0;
  for (let i = 0; i < n && offset < text.length; i++) {
    const c = text.charCodeAt(offset);
    offset += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
  }
  return offset;
}
