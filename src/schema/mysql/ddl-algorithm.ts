import type { ColumnPosition, DdlAlgorithm } from './change.js';
import type { Column, Index, Server, Table } from './model.js';
import { atLeast } from './normalise.js';

/**
 * Which ALTER TABLE algorithm each change can use on the server, and whether it copies (or
 * rebuilds) the table: the planner's knowledge of online DDL, per the MySQL 8.0 "Online DDL
 * Operations" and MariaDB "InnoDB Online DDL Operations with ALGORITHM=INSTANT/INPLACE" pages.
 * `ALGORITHM=` is written only where the server is known to support it for the change (a wrong
 * `INSTANT` would fail the statement); everywhere else the plain ALTER lets the server choose and
 * the change is marked `copiesTable`.
 */

const INSTANT: DdlAlgorithm = { algorithm: 'INSTANT', copiesTable: false };
const INPLACE: DdlAlgorithm = { algorithm: 'INPLACE', copiesTable: false };
const INPLACE_REBUILD: DdlAlgorithm = { algorithm: 'INPLACE', copiesTable: true };
/** Metadata only, but not on a path shale is sure of: the server chooses. */
const SERVER_METADATA: DdlAlgorithm = { algorithm: null, copiesTable: false };
const COPY: DdlAlgorithm = { algorithm: null, copiesTable: true };

/**
 * The algorithm on the table's engine, before and after the plan (an engine change runs first):
 * INSTANT and INPLACE are InnoDB's (MyISAM, MEMORY, Aria, … refuse them), so on any other engine
 * the plain ALTER copies the table.
 */
export function forEngine(tables: readonly Pick<Table, 'engine'>[], ddl: DdlAlgorithm): DdlAlgorithm {
  return ddl.algorithm === null || tables.every((t) => t.engine.toLowerCase() === 'innodb') ? ddl : COPY;
}

function hasFulltext(t: Table): boolean {
  return t.indexes.some((i) => i.type === 'fulltext');
}

function compressed(t: Table): boolean {
  return t.options.some((o) => /^row_format=compressed$/i.test(o));
}

/** A default the server evaluates once (a literal), as instant ADD COLUMN needs. */
function constantDefault(d: string | null): boolean {
  return d === null || !d.startsWith('(');
}

/**
 * ADD COLUMN: instant at any position on MySQL 8.0.29+ and MariaDB 10.4+, at the end only on
 * MySQL 8.0.12+ and MariaDB 10.3.2+; never for STORED generated or AUTO_INCREMENT columns, an
 * expression default, a table with a FULLTEXT index or a compressed row format (those copy).
 */
export function addColumnAlgorithm(server: Server, table: Table, column: Column, position: ColumnPosition): DdlAlgorithm {
  if (column.generated?.stored || column.autoIncrement || !constantDefault(column.default) || hasFulltext(table) || compressed(table)) return COPY;
  const last = position === null;
  if (server.flavour === 'mysql') {
    if (atLeast(server, 8, 0, 29) || (last && atLeast(server, 8, 0, 12))) return INSTANT;
    return INPLACE_REBUILD;
  }
  if (atLeast(server, 10, 4) || (last && atLeast(server, 10, 3, 2))) return INSTANT;
  return INPLACE_REBUILD;
}

function indexed(table: Table, column: string): boolean {
  const inParts = (parts: readonly { column: string | null }[]) => parts.some((p) => p.column === column);
  return inParts(table.primaryKey ?? []) || table.indexes.some((i) => inParts(i.parts)) || table.foreignKeys.some((f) => f.columns.includes(column));
}

/**
 * DROP COLUMN: instant on MySQL 8.0.29+ and MariaDB 10.4+ for a column in no index or key
 * (an indexed column's index must be rebuilt); otherwise the table is rebuilt.
 */
export function dropColumnAlgorithm(server: Server, table: Table, column: string): DdlAlgorithm {
  if (indexed(table, column) || hasFulltext(table) || compressed(table)) return COPY;
  const instant = server.flavour === 'mysql' ? atLeast(server, 8, 0, 29) : atLeast(server, 10, 4);
  return instant ? INSTANT : COPY;
}

/** Bytes per character of a character set, for VARCHAR's length-byte boundary. */
function maxBytes(charset: string | null): number {
  if (charset === null) return 1;
  if (/^(latin|ascii|binary|cp125|hebrew|greek|armscii|geostd|keybcs|koi8|swe7|tis620|dec8|hp8|macroman|macce)/.test(charset)) return 1;
  return /^utf8mb3|^utf8$|^ucs2/.test(charset) ? 3 : 4;
}

/** The values of an `enum(…)`/`set(…)` type text, or null. */
function members(type: string): { kind: string; body: string } | null {
  const m = /^(enum|set)\((.*)\)$/s.exec(type);
  return m ? { kind: m[1]!, body: m[2]! } : null;
}

/** Whether `to` only appends ENUM/SET members to `from` without changing the storage size. */
function appendsMembers(from: string, to: string): boolean {
  const a = members(from);
  const b = members(to);
  if (!a || !b || a.kind !== b.kind || !b.body.startsWith(`${a.body},`)) return false;
  const count = (body: string) => body.split("','").length;
  const limit = a.kind === 'enum' ? 255 : 8;
  return Math.ceil(count(a.body) / limit) === Math.ceil(count(b.body) / limit);
}

/** Whether `to` lengthens a VARCHAR of `from` without crossing the 255-byte boundary of its length prefix. */
function widensVarchar(from: Column, to: Column): boolean {
  const a = /^varchar\((\d+)\)$/.exec(from.type);
  const b = /^varchar\((\d+)\)$/.exec(to.type);
  if (!a || !b || from.charset !== to.charset || from.collation !== to.collation) return false;
  const bytes = maxBytes(to.charset);
  const [x, y] = [Number(a[1]) * bytes, Number(b[1]) * bytes];
  return y >= x && (x < 256) === (y < 256);
}

/**
 * Whether a type change keeps every value: ENUM/SET members appended, a VARCHAR lengthened in the
 * same character set. Any other retype may fail or truncate (the planner marks it destructive).
 */
export function keepsValues(from: Column, to: Column): boolean {
  if (from.type === to.type && from.charset === to.charset && from.collation === to.collation) return true;
  if (from.charset !== to.charset || from.collation !== to.collation) return false;
  const a = /^varchar\((\d+)\)$/.exec(from.type);
  const b = /^varchar\((\d+)\)$/.exec(to.type);
  return (a !== null && b !== null && Number(b[1]) >= Number(a[1])) || appendsMembers(from.type, to.type) || widensInteger(from.type, to.type);
}

const INTEGERS = ['tinyint', 'smallint', 'mediumint', 'int', 'bigint'];

/** `int` → `bigint`, `smallint(6) unsigned` → `int(10) unsigned`: a wider integer of the same signedness. */
function widensInteger(from: string, to: string): boolean {
  const parse = (t: string) => /^(tinyint|smallint|mediumint|int|bigint)(?:\(\d+\))?( unsigned)?( zerofill)?$/.exec(t);
  const a = parse(from);
  const b = parse(to);
  return a !== null && b !== null && a[2] === b[2] && a[3] === b[3] && INTEGERS.indexOf(b[1]!) >= INTEGERS.indexOf(a[1]!);
}

const sameExceptType = (a: Column, b: Column) =>
  a.nullable === b.nullable && a.default === b.default && a.onUpdate === b.onUpdate && a.autoIncrement === b.autoIncrement &&
  a.charset === b.charset && a.collation === b.collation && JSON.stringify(a.generated) === JSON.stringify(b.generated) && a.invisible === b.invisible;

/**
 * MODIFY COLUMN: a comment change or ENUM/SET members appended are instant (MySQL 8, MariaDB
 * 10.3+); a VARCHAR lengthened within its length-prefix size is in place without a rebuild; any
 * other change (type, nullability, character set, generated expression) copies the table.
 */
export function modifyColumnAlgorithm(server: Server, from: Column, to: Column): DdlAlgorithm {
  const mariaInstant = server.flavour === 'mariadb' && atLeast(server, 10, 3);
  if (from.type === to.type && sameExceptType(from, to)) {
    // Only the comment differs.
    return server.flavour === 'mysql' ? INPLACE : mariaInstant ? INSTANT : INPLACE;
  }
  if (sameExceptType(from, to) && from.comment === to.comment) {
    if (appendsMembers(from.type, to.type)) return server.flavour === 'mysql' || mariaInstant ? INSTANT : COPY;
    if (widensVarchar(from, to)) return INPLACE;
  }
  return COPY;
}

/** SET/DROP DEFAULT: instant on both for a literal; an expression default is left to the server. */
export function setDefaultAlgorithm(server: Server, value: string | null): DdlAlgorithm {
  if (!constantDefault(value)) return SERVER_METADATA;
  return server.flavour === 'mysql' || atLeast(server, 10, 3) ? INSTANT : SERVER_METADATA;
}

/**
 * Whether the index is (or becomes) InnoDB's clustered key: a table without a primary key is
 * clustered by its first UNIQUE index over NOT NULL columns, so adding or dropping one rebuilds it.
 */
function clusters(table: Table, index: Index): boolean {
  if (table.primaryKey !== null || !index.unique) return false;
  return index.parts.every((p) => p.column !== null && p.length === null && table.columns.some((c) => c.name === p.column && !c.nullable));
}

/** DROP INDEX only changes metadata, unless the index clusters the table. */
export function dropIndexAlgorithm(table: Table, index: Index): DdlAlgorithm {
  return clusters(table, index) ? COPY : INPLACE;
}

/**
 * ADD INDEX: B-tree indexes are built in place without copying; a table's first FULLTEXT index
 * rebuilds it, later ones are in place; SPATIAL and functional indexes are left to the server.
 */
export function createIndexAlgorithm(_server: Server, table: Table, index: Index): DdlAlgorithm {
  if (index.parts.some((p) => p.expression !== null) || clusters(table, index)) return COPY;
  if (index.type === 'spatial') return COPY;
  if (index.type === 'fulltext') return hasFulltext(table) ? INPLACE : INPLACE_REBUILD;
  return INPLACE;
}

/** DROP FOREIGN KEY only changes metadata. */
export const DROP_FOREIGN_KEY: DdlAlgorithm = INPLACE;
/** ADD FOREIGN KEY with foreign_key_checks on copies the table on both servers. */
export const ADD_FOREIGN_KEY: DdlAlgorithm = COPY;
/** ADD CHECK validates every row by copying; DROP CHECK is metadata. */
export const ADD_CHECK: DdlAlgorithm = COPY;
export const DROP_CHECK: DdlAlgorithm = SERVER_METADATA;
/** Changing or dropping the primary key rebuilds the clustered index. */
export const PRIMARY_KEY: DdlAlgorithm = COPY;
export const PARTITIONING: DdlAlgorithm = COPY;

/** Table options: a new engine or row format copies; charset, collation and comment defaults are metadata. */
export function tableOptionsAlgorithm(from: Table, to: Table): DdlAlgorithm {
  const copies = from.engine !== to.engine || JSON.stringify(from.options) !== JSON.stringify(to.options);
  return copies ? COPY : SERVER_METADATA;
}
