import { quoteIdent } from '../../adapters/mysql/quote.js';
import type { ColumnPosition, DdlAlgorithm } from './change.js';
import type { Check, Column, ForeignKey, Index, IndexPart, Server, Table, View } from './model.js';
import { sqlString } from './normalise.js';

/** The SQL fragments of MySQL/MariaDB DDL, shared by the planner's statements. */

export const ident = quoteIdent;

/** A default as written after DEFAULT: literals and current_timestamp as they are, other expressions in parentheses. */
function defaultSql(d: string): string {
  if (LITERAL.test(d) || /^current_timestamp\(\d*\)$/i.test(d) || d.startsWith('(')) return d;
  return `(${d})`;
}

const LITERAL = /^(-?\d+(\.\d+)?(e[+-]?\d+)?|'(?:[^']|'')*'|b'[01]*'|x'[0-9a-f]*'|NULL)$/is;

/** A default after `ALTER COLUMN … SET DEFAULT`: any non-literal in parentheses (MySQL 8.0.13+, MariaDB). */
export function setDefaultSql(d: string): string {
  return LITERAL.test(d) || d.startsWith('(') ? d : `(${d})`;
}

/**
 * A column definition. The character set and collation are always written, so a column never
 * takes a table default that differs from the target's.
 */
export function columnSql(c: Column): string {
  const parts = [ident(c.name), c.type];
  if (c.charset !== null) parts.push(`CHARACTER SET ${c.charset}`);
  if (c.collation !== null) parts.push(`COLLATE ${c.collation}`);
  if (c.generated) {
    // MariaDB takes no NULL / NOT NULL on a generated column (MySQL takes NOT NULL).
    parts.push(`GENERATED ALWAYS AS (${c.generated.expression}) ${c.generated.stored ? 'STORED' : 'VIRTUAL'}`);
    if (!c.nullable) parts.push('NOT NULL');
  } else parts.push(c.nullable ? 'NULL' : 'NOT NULL');
  if (c.default !== null) parts.push(`DEFAULT ${defaultSql(c.default)}`);
  if (c.onUpdate !== null) parts.push(`ON UPDATE ${c.onUpdate}`);
  if (c.autoIncrement) parts.push('AUTO_INCREMENT');
  if (c.invisible) parts.push('INVISIBLE');
  if (c.comment !== '') parts.push(`COMMENT ${sqlString(c.comment)}`);
  return parts.join(' ');
}

export function positionSql(p: ColumnPosition): string {
  if (p === null) return '';
  return 'first' in p ? ' FIRST' : ` AFTER ${ident(p.after)}`;
}

function partSql(p: IndexPart): string {
  const base = p.expression !== null ? `(${p.expression})` : `${ident(p.column ?? '')}${p.length !== null ? `(${p.length})` : ''}`;
  return p.descending ? `${base} DESC` : base;
}

export function partsSql(parts: readonly IndexPart[]): string {
  return `(${parts.map(partSql).join(', ')})`;
}

/** `[UNIQUE|FULLTEXT|SPATIAL] KEY name (parts) …`; invisible is MySQL's INVISIBLE, MariaDB's IGNORED. */
export function indexSql(server: Server, i: Index): string {
  const kind = i.type === 'fulltext' ? 'FULLTEXT ' : i.type === 'spatial' ? 'SPATIAL ' : i.unique ? 'UNIQUE ' : '';
  const using = i.type === 'hash' ? ' USING HASH' : '';
  const comment = i.comment !== '' ? ` COMMENT ${sqlString(i.comment)}` : '';
  const hidden = i.invisible ? (server.flavour === 'mysql' ? ' INVISIBLE' : ' IGNORED') : '';
  return `${kind}KEY ${ident(i.name)} ${partsSql(i.parts)}${using}${comment}${hidden}`;
}

/** `CONSTRAINT name CHECK (expr)`; MySQL 8 has NOT ENFORCED, MariaDB enforces every check. */
export function checkSql(server: Server, c: Check): string {
  const enforced = !c.enforced && server.flavour === 'mysql' ? ' NOT ENFORCED' : '';
  return `CONSTRAINT ${ident(c.name)} CHECK (${c.expression})${enforced}`;
}

/**
 * `DROP CHECK` on MySQL 8 (8.0.16+), `DROP CONSTRAINT` on MariaDB; a MariaDB column-level check is
 * part of its column's definition and goes by redefining the column (`column`: as it is now).
 */
export function dropCheckSql(server: Server, c: Check, column: Column | null): string {
  if (column !== null) return `MODIFY COLUMN ${columnSql(column)}`;
  return server.flavour === 'mysql' ? `DROP CHECK ${ident(c.name)}` : `DROP CONSTRAINT ${ident(c.name)}`;
}

export function foreignKeySql(f: ForeignKey): string {
  const ref = f.refDatabase !== null ? `${ident(f.refDatabase)}.${ident(f.refTable)}` : ident(f.refTable);
  const cols = (xs: readonly string[]) => `(${xs.map(ident).join(', ')})`;
  return `CONSTRAINT ${ident(f.name)} FOREIGN KEY ${cols(f.columns)} REFERENCES ${ref} ${cols(f.refColumns)} ON DELETE ${f.onDelete} ON UPDATE ${f.onUpdate}`;
}

/** `ENGINE=… DEFAULT CHARSET=… COLLATE=… COMMENT=…` and the other options the server listed. */
export function tableOptionsSql(t: Table): string {
  const opts = [`ENGINE=${t.engine}`, `DEFAULT CHARSET=${t.charset}`, `COLLATE=${t.collation}`, `COMMENT=${sqlString(t.comment)}`, ...t.options];
  return opts.join(' ');
}

/**
 * The table options that differ, for ALTER TABLE (an unchanged `ENGINE=` would rebuild the table).
 * Options the target no longer lists are reset where the server has a default for them.
 */
export function changedTableOptionsSql(from: Table, to: Table): string {
  const opts: string[] = [];
  if (from.engine !== to.engine) opts.push(`ENGINE=${to.engine}`);
  if (from.collation !== to.collation) opts.push(`DEFAULT CHARSET=${to.charset} COLLATE=${to.collation}`);
  if (from.comment !== to.comment) opts.push(`COMMENT=${sqlString(to.comment)}`);
  const keyOf = (o: string) => o.split('=')[0]!.toLowerCase();
  for (const o of from.options) if (!to.options.some((x) => keyOf(x) === keyOf(o))) opts.push(`${o.split('=')[0]}=DEFAULT`);
  for (const o of to.options) if (!from.options.includes(o)) opts.push(o);
  return opts.join(' ');
}

/** CREATE TABLE with columns, keys, indexes and checks; foreign keys are added by their own changes. */
export function createTableSql(server: Server, t: Table): string {
  const lines = t.columns.map((c) => `  ${columnSql(c)}`);
  if (t.primaryKey) lines.push(`  PRIMARY KEY ${partsSql(t.primaryKey)}`);
  for (const i of t.indexes) lines.push(`  ${indexSql(server, i)}`);
  for (const c of t.checks) lines.push(`  ${checkSql(server, c)}`);
  const partition = t.partitionBy ? `\n${t.partitionBy}` : '';
  return `CREATE TABLE ${ident(t.name)} (\n${lines.join(',\n')}\n) ${tableOptionsSql(t)}${partition};`;
}

export function createViewSql(v: View): string {
  const check = v.checkOption === 'NONE' ? '' : ` WITH ${v.checkOption} CHECK OPTION`;
  const algorithm = v.algorithm ? `ALGORITHM=${v.algorithm} ` : '';
  return `CREATE ${algorithm}SQL SECURITY ${v.security} VIEW ${ident(v.name)} AS ${v.definition}${check};`;
}

/** `ALTER TABLE t clauses[, ALGORITHM=…];` */
export function alterTable(table: string, clauses: readonly string[], ddl: DdlAlgorithm): string {
  const algorithm = ddl.algorithm ? [`ALGORITHM=${ddl.algorithm}`] : [];
  return `ALTER TABLE ${ident(table)} ${[...clauses, ...algorithm].join(', ')};`;
}

/**
 * Rename a column: `RENAME COLUMN` on MySQL 8 and MariaDB 10.5+; before that, `CHANGE COLUMN`
 * with the full definition (which is why `column` is needed).
 */
export function renameColumnSql(server: Server, table: string, from: string, column: Column): string {
  const renameColumn = server.flavour === 'mysql' ? server.version[0] >= 8 : server.version[0] > 10 || (server.version[0] === 10 && server.version[1] >= 5);
  if (renameColumn) return `ALTER TABLE ${ident(table)} RENAME COLUMN ${ident(from)} TO ${ident(column.name)};`;
  return `ALTER TABLE ${ident(table)} CHANGE COLUMN ${ident(from)} ${columnSql(column)};`;
}
