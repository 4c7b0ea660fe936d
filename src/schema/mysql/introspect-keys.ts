import type { Queryable } from '../../adapters/adapter.js';
import type { Check, ForeignKey, Index, IndexPart, ReferentialAction, Server } from './model.js';
import { groupBy, num, rowsOf, str, text, type InfoRow } from './introspect-rows.js';
import { atLeast } from './normalise.js';

export interface TableKeys {
  readonly primaryKey: IndexPart[] | null;
  readonly indexes: Index[];
}

function partOf(r: InfoRow): IndexPart {
  const expression = text(r, 'EXPRESSION');
  // MariaDB reports a SPATIAL index's parts with a length (32) that CREATE does not take.
  const spatial = str(r, 'INDEX_TYPE') === 'SPATIAL';
  return {
    column: expression === null ? text(r, 'COLUMN_NAME') : null,
    expression,
    length: spatial ? null : num(r, 'SUB_PART'),
    descending: text(r, 'COLLATION') === 'D',
  };
}

function indexType(t: string): Index['type'] {
  const v = t.toLowerCase();
  return v === 'hash' || v === 'fulltext' || v === 'spatial' ? v : 'btree';
}

/** Primary key and indexes of every table, from STATISTICS. */
export async function readIndexes(db: Queryable, database: string): Promise<Map<string, TableKeys>> {
  const rows = await rowsOf(db, 'select * from information_schema.STATISTICS where TABLE_SCHEMA = ? order by TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX', [database]);
  const out = new Map<string, TableKeys>();
  for (const [table, tableRows] of groupBy(rows, (r) => str(r, 'TABLE_NAME'))) {
    let primaryKey: IndexPart[] | null = null;
    const indexes: Index[] = [];
    for (const [name, parts] of groupBy(tableRows, (r) => str(r, 'INDEX_NAME'))) {
      const first = parts[0]!;
      if (name === 'PRIMARY') {
        primaryKey = parts.map(partOf);
        continue;
      }
      indexes.push({
        name,
        unique: num(first, 'NON_UNIQUE') === 0,
        type: indexType(str(first, 'INDEX_TYPE')),
        parts: parts.map(partOf),
        comment: str(first, 'INDEX_COMMENT'),
        invisible: text(first, 'IS_VISIBLE') === 'NO' || text(first, 'IGNORED') === 'YES',
      });
    }
    out.set(table, { primaryKey, indexes });
  }
  return out;
}

/** Foreign keys of every table, from REFERENTIAL_CONSTRAINTS and KEY_COLUMN_USAGE. */
export async function readForeignKeys(db: Queryable, database: string): Promise<Map<string, ForeignKey[]>> {
  const refs = await rowsOf(db, 'select * from information_schema.REFERENTIAL_CONSTRAINTS where CONSTRAINT_SCHEMA = ? order by TABLE_NAME, CONSTRAINT_NAME', [database]);
  const cols = await rowsOf(
    db,
    'select * from information_schema.KEY_COLUMN_USAGE where TABLE_SCHEMA = ? and REFERENCED_TABLE_NAME is not null order by TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION',
    [database],
  );
  const colsOf = groupBy(cols, (r) => `${str(r, 'TABLE_NAME')}\u0000${str(r, 'CONSTRAINT_NAME')}`);
  const out = new Map<string, ForeignKey[]>();
  for (const r of refs) {
    const table = str(r, 'TABLE_NAME');
    const name = str(r, 'CONSTRAINT_NAME');
    const parts = colsOf.get(`${table}\u0000${name}`) ?? [];
    const refDb = parts[0] ? str(parts[0], 'REFERENCED_TABLE_SCHEMA') : database;
    const fk: ForeignKey = {
      name,
      columns: parts.map((p) => str(p, 'COLUMN_NAME')),
      refDatabase: refDb === database ? null : refDb,
      refTable: str(r, 'REFERENCED_TABLE_NAME'),
      refColumns: parts.map((p) => str(p, 'REFERENCED_COLUMN_NAME')),
      onUpdate: str(r, 'UPDATE_RULE') as ReferentialAction,
      onDelete: str(r, 'DELETE_RULE') as ReferentialAction,
    };
    out.set(table, [...(out.get(table) ?? []), fk]);
  }
  return out;
}

/** `(expr)` as MySQL 8 reports a check clause → `expr` (MariaDB gives it bare). */
function stripOuterParens(s: string): string {
  if (!s.startsWith('(') || !s.endsWith(')')) return s;
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')' && --depth === 0 && i < s.length - 1) return s;
  }
  return s.slice(1, -1);
}

/**
 * CHECK constraints of every table. MariaDB's CHECK_CONSTRAINTS names the table (and whether a
 * check is a column's); MySQL 8's is joined to TABLE_CONSTRAINTS, which says whether it is enforced.
 */
export async function readChecks(db: Queryable, database: string, server: Server): Promise<Map<string, Check[]>> {
  // MySQL before 8.0.16 parses CHECK and ignores it (and has no CHECK_CONSTRAINTS table).
  if (server.flavour === 'mysql' && !atLeast(server, 8, 0, 16)) return new Map();
  const rows =
    server.flavour === 'mariadb'
      ? await rowsOf(db, 'select * from information_schema.CHECK_CONSTRAINTS where CONSTRAINT_SCHEMA = ? order by TABLE_NAME, CONSTRAINT_NAME', [database])
      : await rowsOf(
          db,
          `select tc.TABLE_NAME, tc.ENFORCED, cc.CONSTRAINT_NAME, cc.CHECK_CLAUSE from information_schema.TABLE_CONSTRAINTS tc
           join information_schema.CHECK_CONSTRAINTS cc on cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA and cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
           where tc.CONSTRAINT_SCHEMA = ? and tc.CONSTRAINT_TYPE = 'CHECK' order by tc.TABLE_NAME, cc.CONSTRAINT_NAME`,
          [database],
        );
  const out = new Map<string, Check[]>();
  for (const r of rows) {
    const table = str(r, 'TABLE_NAME');
    const name = str(r, 'CONSTRAINT_NAME');
    const check: Check = {
      name,
      expression: server.flavour === 'mysql' ? stripOuterParens(str(r, 'CHECK_CLAUSE')) : str(r, 'CHECK_CLAUSE'),
      column: text(r, 'LEVEL') === 'Column' ? name : null,
      enforced: text(r, 'ENFORCED') !== 'NO',
    };
    out.set(table, [...(out.get(table) ?? []), check]);
  }
  return out;
}
