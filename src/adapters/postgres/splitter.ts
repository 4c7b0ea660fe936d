import { createRequire } from 'node:module';
import { ShaleError } from '../../errors.js';
import type { Statement } from '../adapter.js';

type ParseResult = { stmts?: { stmt_location?: number; stmt_len?: number }[] };
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

/**
 * Split a PostgreSQL script into statements with the real parser (dollar quotes, function bodies,
 * `E''` strings, `BEGIN ATOMIC`, a last statement without `;`). libpg-query reports UTF-8 byte
 * offsets; they are turned into character offsets here.
 */
export function splitPostgres(script: string): Statement[] {
  if (!lib) throw new Error('splitPostgres: call loadPgParser() first');
  const bytes = Buffer.from(script, 'utf8');
  const charAt = byteToCharMapper(script, bytes);
  let result: ParseResult;
  try {
    result = lib.parseSync(script);
  } catch (e) {
    const details = (e as { sqlDetails?: { cursorPosition?: number; message?: string } }).sqlDetails;
    const pos = details?.cursorPosition ?? 0;
    // The parser's error cursor counts code points (statement offsets, below, count bytes).
    throw new ShaleError('E_PARSE', details?.message ?? String(e), { offset: codePointsToOffset(script, Math.max(0, pos)) });
  }
  const out: Statement[] = [];
  for (const s of result.stmts ?? []) {
    const start = s.stmt_location ?? 0;
    const end = s.stmt_len ? start + s.stmt_len : bytes.length;
    const text = bytes.subarray(start, end).toString('utf8');
    const lead = text.length - text.trimStart().length;
    const sql = text.trim();
    if (sql === '') continue;
    out.push({ sql, offset: charAt(start) + lead });
  }
  return out;
}

/** Byte offset → character (UTF-16 code unit) offset, linear for ASCII, exact for any text. */
function byteToCharMapper(text: string, bytes: Buffer): (byteOffset: number) => number {
  if (bytes.length === text.length) return (b) => b;
  return (b) => bytes.subarray(0, Math.min(b, bytes.length)).toString('utf8').length;
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
