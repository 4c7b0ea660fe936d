/** Narrowing helpers for catalog rows (pg and PGlite both return plain objects). */
export type Row = Record<string, unknown>;

export const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
export const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
export const bool = (v: unknown): boolean => v === true || v === 't' || v === 'true';
export const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));

/** A JSON value that may arrive parsed (pg, PGlite) or as text. */
export function json<T>(v: unknown): T | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return JSON.parse(v) as T;
  return v as T;
}

/** A one-letter catalog code as its union member; `fallback` (the catalog's default) when unknown. */
export function code<T extends string>(codes: Readonly<Record<string, T>>, v: unknown, fallback: T): T {
  return codes[str(v)] ?? fallback;
}
