import type { Queryable, Row } from '../adapters/adapter.js';
import { ShaleError, messageOf } from '../errors.js';
import type { Migration } from '../core/migration.js';

/** Tools whose state table `shale adopt` reads. */
export const ADOPT_TOOLS = ['flyway', 'dbmate', 'yoyo', 'alembic', 'node-pg-migrate', 'knex'] as const;
export type AdoptTool = (typeof ADOPT_TOOLS)[number];

/** What a reader found: the migrations the other tool ran, and rows that name no file in the sources. */
export interface ForeignMatch {
  /** Ids of migrations the other tool's table says were applied. */
  readonly applied: readonly string[];
  /** Rows (as the tool names them) without a matching file. */
  readonly unmatched: readonly string[];
}

/** Reads one tool's state table and matches its rows to migration files. */
export interface ForeignReader {
  readonly tool: AdoptTool;
  /** The state table, as the tool names it by default. */
  readonly table: string;
  /** Columns selected, in the order the tool's table has them. */
  readonly columns: readonly string[];
  /** Optional ORDER BY column list. */
  readonly orderBy?: string;
  /** Pure: rows of the table → matched migration ids and unmatched rows. */
  match(rows: readonly Row[], migrations: readonly Migration[]): ForeignMatch;
}

/**
 * Select the reader's columns from its table. Table and column names are the tools' fixed, lowercase
 * names (valid unquoted identifiers on every dialect), never user input. A missing table (or one
 * without these columns) is E_NOT_FOUND, with the database's own message as the cause.
 */
export async function readForeignTable(db: Queryable & { readonly display?: string }, reader: ForeignReader): Promise<Row[]> {
  const sql = `select ${reader.columns.join(', ')} from ${reader.table}${reader.orderBy ? ` order by ${reader.orderBy}` : ''}`;
  try {
    return (await db.query(sql)).rows;
  } catch (e) {
    throw new ShaleError(
      'E_NOT_FOUND',
      `no ${reader.tool} state table "${reader.table}" (with columns ${reader.columns.join(', ')}) in ${db.display ?? 'the database'}: ${messageOf(e).split('\n')[0]}`,
      { tool: reader.tool, table: reader.table },
      { cause: e },
    );
  }
}

/** A cell as text (`null` stays null). */
export function text(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return v instanceof Date ? v.toISOString() : String(v);
}

/** Match rows by a key computed on both sides; keeps row order, reports rows without a file. */
export function matchByKey(
  rows: readonly Row[],
  migrations: readonly Migration[],
  rowKey: (r: Row) => string | null,
  fileKey: (m: Migration) => string | null,
  label: (r: Row, key: string) => string = (_r, key) => key,
): ForeignMatch {
  const byKey = new Map<string, string>();
  for (const m of migrations) {
    const k = fileKey(m);
    if (k !== null && !byKey.has(k)) byKey.set(k, m.id);
  }
  const applied: string[] = [];
  const unmatched: string[] = [];
  for (const r of rows) {
    const k = rowKey(r);
    if (k === null) continue;
    const id = byKey.get(k);
    if (id === undefined) unmatched.push(label(r, k));
    else if (!applied.includes(id)) applied.push(id);
  }
  return { applied, unmatched };
}
