import { canonical } from '../diff-match.js';
import type { Column, Schema, Server } from './model.js';

/**
 * What MariaDB and MySQL 8 report differently, read into one form:
 * - column defaults: MariaDB (10.2.7+) gives SQL text (`'abc'`, `0`, `NULL`, `current_timestamp()`),
 *   MySQL 8 gives the bare value and flags expressions with `DEFAULT_GENERATED` in EXTRA;
 * - `CURRENT_TIMESTAMP` (MySQL) is `current_timestamp()` (MariaDB);
 * - JSON is its own type on MySQL, LONGTEXT + utf8mb4_bin + a `json_valid` column check on MariaDB.
 */

const NUMERIC = /^(tinyint|smallint|mediumint|int|integer|bigint|decimal|numeric|float|double|real|bit|year|bool|boolean)\b/i;

/** `CURRENT_TIMESTAMP`, `now()`, `CURRENT_TIMESTAMP(3)` → `current_timestamp()`, `current_timestamp(3)`. */
function currentTimestamp(text: string): string | null {
  const m = /^(?:current_timestamp|now|localtimestamp|localtime)\s*(?:\(\s*(\d*)\s*\))?$/i.exec(text.trim());
  return m ? `current_timestamp(${m[1] ?? ''})` : null;
}

/** A string as a SQL literal (the server's own escaping: quotes doubled, backslashes escaped). */
export function sqlString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** A column's default as SQL text, or null for none. `raw` is COLUMN_DEFAULT, `extra` the EXTRA column. */
export function normaliseDefault(server: Server, raw: unknown, extra: string, type: string): string | null {
  if (raw === null || raw === undefined) return null;
  const text = String(raw);
  if (server.flavour === 'mariadb') {
    if (text === 'NULL') return null;
    return currentTimestamp(text) ?? text;
  }
  if (/DEFAULT_GENERATED/i.test(extra)) {
    return currentTimestamp(text) ?? (text.startsWith('(') ? text : `(${text})`);
  }
  if (NUMERIC.test(type) && !/^bit/i.test(type)) return text;
  if (/^bit/i.test(type) && /^b'[01]*'$/i.test(text)) return text;
  return sqlString(text);
}

/** The `ON UPDATE` expression in EXTRA, or null. */
export function onUpdateOf(extra: string): string | null {
  const m = /on update (\S+(?:\(\d*\))?)/i.exec(extra);
  return m ? (currentTimestamp(m[1]!) ?? m[1]!.toLowerCase()) : null;
}

/** MariaDB's JSON column: LONGTEXT with utf8mb4_bin and the check `json_valid(`col`)`. */
export function isMariaJson(c: Pick<Column, 'name' | 'type' | 'collation'>, checkExpression: string | undefined): boolean {
  return c.type === 'longtext' && c.collation === 'utf8mb4_bin' && checkExpression === `json_valid(\`${c.name.replace(/`/g, '``')}\`)`;
}

/** Parse `version()`: `10.11.6-MariaDB-0+deb12u1`, `8.0.36`, `8.4.0-log`. */
export function serverOf(version: string): Server {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  const v: [number, number, number] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  return { flavour: /mariadb/i.test(version) ? 'mariadb' : 'mysql', version: v };
}

/** Whether the server is at least `major.minor.patch`. */
export function atLeast(server: Server, major: number, minor = 0, patch = 0): boolean {
  const [a, b, c] = server.version;
  return a !== major ? a > major : b !== minor ? b > minor : c >= patch;
}

/** The model as canonical JSON, with columns and every list sorted by name (catalog order aside). */
export function normaliseSchema(s: Schema): string {
  const byName = <T extends { readonly name: string }>(xs: readonly T[]) => [...xs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return canonical({
    tables: byName(s.tables).map((t) => ({
      ...t,
      columns: byName(t.columns),
      indexes: byName(t.indexes),
      foreignKeys: byName(t.foreignKeys),
      checks: byName(t.checks).map((c) => ({ ...c, column: null })),
    })),
    views: byName(s.views).map((v) => ({ ...v, reads: [...v.reads].sort() })),
    triggers: byName(s.triggers),
    routines: byName(s.routines),
  });
}

/** Whether two models describe the same schema (catalog and column order aside). */
export function sameSchema(a: Schema, b: Schema): boolean {
  return normaliseSchema(a) === normaliseSchema(b);
}
