import type { ErrorFacts, ErrorPosition } from '../adapter.js';
import { codePointsToOffset } from './splitter.js';

/** PostgreSQL position (1-based character index into the statement) → 0-based UTF-16 offset in `sql`. */
export function pgErrorPosition(error: unknown, sql: string): ErrorPosition | null {
  const p = (error as { position?: string } | null)?.position;
  const n = p === undefined ? NaN : Number(p);
  return Number.isFinite(n) && n > 0 ? { offset: codePointsToOffset(sql, n - 1) } : null;
}

/** The facts of a PostgreSQL error (pg and PGlite errors carry the same fields). SQLSTATE 25001: active SQL transaction. */
export function pgErrorFacts(error: unknown, sql: string): ErrorFacts {
  const e = error as { code?: unknown; detail?: unknown; hint?: unknown } | null;
  return {
    position: pgErrorPosition(error, sql),
    notInTransaction: e?.code === '25001',
    // Class 42 (syntax error or access rule violation) and 25001 are raised while the statement is
    // parsed and analysed, before it runs.
    notRun: typeof e?.code === 'string' && (e.code.startsWith('42') || e.code === '25001'),
    detail: typeof e?.detail === 'string' ? e.detail : null,
    hint: typeof e?.hint === 'string' ? e.hint : null,
  };
}

/** Make an error position relative to the statement after a prefix (`begin;`) sent with it. */
export function shiftPosition(e: unknown, by: number): void {
  const err = e as { position?: string };
  const n = Number(err?.position);
  if (Number.isFinite(n) && n > by) err.position = String(n - by);
}
