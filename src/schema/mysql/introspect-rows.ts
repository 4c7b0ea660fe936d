import type { Queryable } from '../../adapters/adapter.js';

/**
 * A row of information_schema. Rows are read with `select *`: MariaDB and MySQL 8 have different
 * column sets (EXPRESSION, IS_VISIBLE, IGNORED, LEVEL, ENFORCED, …) and MySQL 8 names result
 * columns in upper case whatever the query says, so fields are read by their upper-case name.
 */
export type InfoRow = Record<string, unknown>;

export async function rowsOf(db: Queryable, sql: string, params: readonly unknown[]): Promise<InfoRow[]> {
  const r = await db.query<InfoRow>(sql, params);
  return r.rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k.toUpperCase(), v])));
}

/** A text field (Buffers decoded), or null. */
export function text(row: InfoRow, field: string): string | null {
  const v = row[field];
  if (v === null || v === undefined) return null;
  return Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
}

export function str(row: InfoRow, field: string): string {
  return text(row, field) ?? '';
}

export function num(row: InfoRow, field: string): number | null {
  const v = text(row, field);
  return v === null ? null : Number(v);
}

/** Rows grouped by a key, in order. */
export function groupBy(rows: readonly InfoRow[], key: (r: InfoRow) => string): Map<string, InfoRow[]> {
  const out = new Map<string, InfoRow[]>();
  for (const r of rows) {
    const k = key(r);
    const l = out.get(k);
    if (l) l.push(r);
    else out.set(k, [r]);
  }
  return out;
}
