import type { ErrorFacts, ErrorPosition } from '../adapter.js';

/** Offset in `sql` of the first character of 1-based line `line`. */
function lineOffset(sql: string, line: number): number {
  let at = 0;
  for (let l = 1; l < line; l++) {
    const nl = sql.indexOf('\n', at);
    if (nl < 0) return at;
    at = nl + 1;
  }
  return at;
}

/**
 * Where a MySQL/MariaDB syntax error points, from its message: `… near 'text' at line N`. The quoted
 * text is the rest of the statement from the bad token (cut short by the server), searched for from
 * the start of line N; `near ''` means the statement ended too early.
 */
export function mysqlErrorPosition(error: unknown, sql: string): ErrorPosition | null {
  const msg = (error as { sqlMessage?: unknown; message?: unknown } | null)?.sqlMessage ?? (error as { message?: unknown } | null)?.message;
  if (typeof msg !== 'string') return null;
  const m = /near '([\s\S]*)' at line (\d+)\s*$/.exec(msg);
  if (!m) return null;
  const near = m[1]!;
  const from = lineOffset(sql, Number(m[2]));
  if (near === '') return { offset: sql.trimEnd().length };
  // The server may cut the text mid-character or mid-escape; shorter prefixes still find it.
  for (const len of [near.length, 40, 16, 6]) {
    if (len > near.length) continue;
    const at = sql.indexOf(near.slice(0, len), from);
    if (at >= 0) return { offset: at };
  }
  return { offset: from };
}

/** Errors raised before a statement runs: parse error, unknown table, column or database. */
const NOT_RUN = new Set([1064, 1146, 1054, 1049]);

/** The facts of a MySQL/MariaDB error: a position from the message; every statement may run in a transaction (DDL commits instead). */
export function mysqlErrorFacts(error: unknown, sql: string): ErrorFacts {
  const errno = (error as { errno?: unknown } | null)?.errno;
  return { position: mysqlErrorPosition(error, sql), notInTransaction: false, notRun: typeof errno === 'number' && NOT_RUN.has(errno), detail: null, hint: null };
}
