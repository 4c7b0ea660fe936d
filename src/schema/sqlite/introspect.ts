import type { Queryable } from '../../adapters/adapter.js';
import type { InspectOptions, UnsupportedObject } from '../dialect.js';
import type { Affinity, Column, ForeignKey, Index, SqliteSchema, Table, Trigger, View } from './model.js';
import { parseCreateTable, type ParsedForeignKey, type ParsedTable } from './parse-table.js';
import { closingParen, createdObject, isWord, normaliseTokens, sameName, splitTopLevel, tokenize } from './tokens.js';

interface SchemaRow {
  readonly type: string;
  readonly name: string;
  readonly tbl_name: string;
  readonly sql: string | null;
}

interface XinfoRow {
  readonly name: string;
  readonly type: string;
  readonly notnull: number;
  readonly dflt_value: string | null;
  readonly pk: number;
  readonly hidden: number;
}

interface FkRow {
  readonly id: number;
  readonly seq: number;
  readonly table: string;
  readonly from: string;
  readonly to: string | null;
  readonly on_update: string;
  readonly on_delete: string;
  readonly match: string;
}

/** A virtual table's CREATE text. */
const VIRTUAL = /^\s*create\s+virtual\s+table/i;

/**
 * Read the `main` database's schema: tables from `sqlite_schema` and the pragma table-valued
 * functions (pragma_table_xinfo, pragma_index_list, pragma_index_info, pragma_foreign_key_list),
 * and what they do not say from the CREATE texts. SQLite's own objects (`sqlite_%`) are left out;
 * virtual tables and their shadow tables are reported in `unsupported`. `opts` is ignored (SQLite
 * has one schema per file).
 * @example const model = await inspect(adapter)
 */
export async function inspect(db: Queryable, _opts: InspectOptions = {}): Promise<SqliteSchema> {
  const rows = (await db.query<SchemaRow>("select type, name, tbl_name, sql from main.sqlite_schema where name not like 'sqlite\\_%' escape '\\' order by rowid")).rows;
  const virtual = rows.filter((r) => r.type === 'table' && r.sql !== null && VIRTUAL.test(r.sql));
  // SQLite itself says which tables are a virtual table's shadow tables (its module's storage).
  const shadows = (await db.query<{ name: string }>("select name from pragma_table_list where schema = 'main' and type = 'shadow'")).rows.map((r) => r.name);
  const isVirtualPart = (name: string) => [...virtual.map((v) => v.name), ...shadows].some((n) => sameName(n, name));
  const unsupported: UnsupportedObject[] = virtual.map((v) => ({ kind: 'virtual table', name: v.name }));
  const tables: Table[] = [];
  for (const r of rows) {
    if (r.type !== 'table' || r.sql === null || isVirtualPart(r.name)) continue;
    tables.push(await readTable(db, r.name, r.sql));
  }
  resolveImplicitReferences(tables);
  const indexes: Index[] = [];
  for (const r of rows) if (r.type === 'index' && r.sql !== null && !isVirtualPart(r.tbl_name)) indexes.push(readIndex(r.name, r.tbl_name, r.sql));
  const views: View[] = rows.filter((r) => r.type === 'view' && r.sql !== null).map((r) => ({ name: r.name, definition: afterName(r.sql!), sql: r.sql! }));
  const triggers: Trigger[] = rows
    .filter((r) => r.type === 'trigger' && r.sql !== null && !isVirtualPart(r.tbl_name))
    .map((r) => ({ name: r.name, table: r.tbl_name, definition: afterName(r.sql!), sql: r.sql! }));
  return { tables, indexes, views, triggers, unsupported };
}

/** The canonical text of a CREATE statement after the object's name. */
function afterName(sql: string): string {
  const tokens = tokenize(sql);
  const head = createdObject(tokens);
  return normaliseTokens(tokens.slice(head?.after ?? 0));
}

async function readTable(db: Queryable, name: string, sql: string): Promise<Table> {
  const parsed = parseCreateTable(sql);
  const xinfo = (await db.query<XinfoRow>('select name, type, "notnull", dflt_value, pk, hidden from pragma_table_xinfo(?, \'main\') order by cid', [name])).rows;
  const columns: Column[] = xinfo
    .filter((c) => c.hidden !== 1)
    .map((c) => {
      const p = parsed.columns.find((x) => sameName(x.name, c.name));
      return {
        name: c.name,
        type: canonicalType(c.type),
        affinity: affinityOf(c.type),
        notNull: c.notnull === 1,
        default: c.dflt_value === null ? null : normaliseDefault(c.dflt_value),
        collation: p?.collation ?? null,
        generated: c.hidden === 2 || c.hidden === 3 ? { expression: p?.generated?.expression ?? '', stored: c.hidden === 3 } : null,
        primaryKey: c.pk,
        definition: p?.definition ?? `"${c.name.replace(/"/g, '""')}" ${c.type}`,
      };
    });
  return {
    name,
    strict: parsed.strict,
    withoutRowid: parsed.withoutRowid,
    autoincrement: parsed.autoincrement,
    columns,
    uniques: await readUniques(db, name),
    checks: [...parsed.checks].sort((a, b) => cmp(`${a.name ?? ''}|${a.expression}`, `${b.name ?? ''}|${b.expression}`)),
    foreignKeys: await readForeignKeys(db, name, parsed),
    sql,
  };
}

/** `varchar( 10 )` and `VARCHAR(10)` are one declared type. */
function canonicalType(declared: string): string {
  return declared.toUpperCase().replace(/\s*([(),])\s*/g, '$1').replace(/\s+/g, ' ').trim();
}

/**
 * `REFERENCES p` names p's primary key: written out, so that it equals `REFERENCES p(id)` (a parent
 * without a primary key, or not in the schema, stays as written).
 */
function resolveImplicitReferences(tables: Table[]): void {
  for (const [i, t] of tables.entries()) {
    if (!t.foreignKeys.some((f) => f.references.length === 0)) continue;
    const foreignKeys = t.foreignKeys.map((f) => {
      if (f.references.length > 0) return f;
      const parent = tables.find((x) => sameName(x.name, f.table));
      const pk = parent ? parent.columns.filter((c) => c.primaryKey > 0).sort((a, b) => a.primaryKey - b.primaryKey).map((c) => c.name) : [];
      return pk.length === f.columns.length ? { ...f, references: pk } : f;
    });
    tables[i] = { ...t, foreignKeys };
  }
}

/** SQLite's rules, in their order: INT, then CHAR/CLOB/TEXT, then BLOB or no type, then REAL/FLOA/DOUB. */
export function affinityOf(declared: string): Affinity {
  const t = declared.toUpperCase();
  if (t.includes('INT')) return 'INTEGER';
  if (/CHAR|CLOB|TEXT/.test(t)) return 'TEXT';
  if (t.includes('BLOB') || t.trim() === '') return 'BLOB';
  if (/REAL|FLOA|DOUB/.test(t)) return 'REAL';
  return 'NUMERIC';
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `(0)` and `0` are one default; `'x'` stays a string. */
function normaliseDefault(text: string): string {
  let tokens = tokenize(text);
  while (tokens[0]?.text === '(' && closingParen(tokens, 0) === tokens.length - 1) tokens = tokens.slice(1, -1);
  return normaliseTokens(tokens);
}

async function readUniques(db: Queryable, table: string): Promise<string[][]> {
  const list = (await db.query<{ name: string; origin: string }>("select name, origin from pragma_index_list(?, 'main')", [table])).rows;
  const out: string[][] = [];
  for (const ix of list.filter((x) => x.origin === 'u')) {
    const cols = (await db.query<{ name: string | null }>("select name from pragma_index_info(?, 'main') order by seqno", [ix.name])).rows;
    out.push(cols.map((c) => c.name ?? ''));
  }
  return out.sort((a, b) => cmp(a.join(','), b.join(',')));
}

async function readForeignKeys(db: Queryable, table: string, parsed: ParsedTable): Promise<ForeignKey[]> {
  const rows = (await db.query<FkRow>('select id, seq, "table", "from", "to", on_update, on_delete, "match" from pragma_foreign_key_list(?, \'main\') order by id, seq', [table])).rows;
  const byId = new Map<number, FkRow[]>();
  for (const r of rows) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
  const unused: ParsedForeignKey[] = [...parsed.foreignKeys];
  const out: ForeignKey[] = [];
  for (const group of byId.values()) {
    const first = group[0]!;
    const columns = group.map((r) => r.from);
    const at = unused.findIndex((p) => sameName(p.table, first.table) && p.columns.length === columns.length && p.columns.every((c, i) => sameName(c, columns[i]!)));
    const deferred = at >= 0 ? unused.splice(at, 1)[0]!.deferred : false;
    const references = group.every((r) => r.to === null) ? [] : group.map((r) => r.to ?? '');
    out.push({ columns, table: first.table, references, onUpdate: first.on_update, onDelete: first.on_delete, match: first.match, deferred });
  }
  return out.sort((a, b) => cmp(JSON.stringify([a.columns, a.table]), JSON.stringify([b.columns, b.table])));
}

function readIndex(name: string, table: string, sql: string): Index {
  const tokens = tokenize(sql);
  const head = createdObject(tokens);
  const on = (head?.after ?? 0) + 2; // ON table
  const open = tokens.findIndex((t, i) => i >= on && t.text === '(');
  const close = open >= 0 ? closingParen(tokens, open) : tokens.length - 1;
  const parts = open >= 0 ? splitTopLevel(tokens.slice(open + 1, close)).map((p) => normaliseTokens(p)) : [];
  const where = isWord(tokens[close + 1], 'WHERE') ? normaliseTokens(tokens.slice(close + 2)) : null;
  return { name, table, unique: isWord(tokens[1], 'UNIQUE'), parts, where, sql };
}

