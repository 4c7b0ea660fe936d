import type { Queryable } from '../../adapters/adapter.js';
import { quoteQualified } from '../../adapters/mysql/quote.js';
import { ShaleError } from '../../errors.js';
import type { InspectOptions } from '../dialect.js';
import type { Check, Column, Schema, Server, Table, UnsupportedObject } from './model.js';
import { readChecks, readForeignKeys, readIndexes } from './introspect-keys.js';
import { readRoutines, readTriggers, readUnsupported, readViews } from './introspect-objects.js';
import { groupBy, rowsOf, str, text, type InfoRow } from './introspect-rows.js';
import { isMariaJson, normaliseDefault, onUpdateOf, serverOf } from './normalise.js';

/** Table types other than base tables and views: reported, never diffed. */
const UNSUPPORTED_TABLE_TYPES: Record<string, string> = { SEQUENCE: 'sequence', 'SYSTEM VERSIONED': 'system-versioned table', 'TEMPORARY': 'temporary table' };

function columnOf(server: Server, r: InfoRow): Column {
  const extra = str(r, 'EXTRA');
  const type = str(r, 'COLUMN_TYPE');
  const genExpr = text(r, 'GENERATION_EXPRESSION');
  const generated = genExpr !== null && genExpr !== '' && /GENERATED/i.test(extra) ? { expression: genExpr, stored: /STORED/i.test(extra) } : null;
  return {
    name: str(r, 'COLUMN_NAME'),
    type,
    nullable: str(r, 'IS_NULLABLE') === 'YES',
    default: generated ? null : normaliseDefault(server, r['COLUMN_DEFAULT'], extra, type),
    onUpdate: onUpdateOf(extra),
    autoIncrement: /auto_increment/i.test(extra),
    charset: text(r, 'CHARACTER_SET_NAME'),
    collation: text(r, 'COLLATION_NAME'),
    generated,
    invisible: /\bINVISIBLE\b/i.test(extra),
    comment: str(r, 'COLUMN_COMMENT'),
  };
}

/** MariaDB's JSON columns read as `json`, without the `json_valid` check the server added for them. */
function withJsonColumns(columns: Column[], checks: Check[]): { columns: Column[]; checks: Check[] } {
  const jsonChecks = new Set<string>();
  const cols = columns.map((c) => {
    const check = checks.find((k) => k.name === c.name);
    if (!isMariaJson(c, check?.expression)) return c;
    jsonChecks.add(c.name);
    return { ...c, type: 'json', charset: null, collation: null };
  });
  return { columns: cols, checks: checks.filter((k) => !jsonChecks.has(k.name)) };
}

/** The `PARTITION BY …` clause of SHOW CREATE TABLE (MySQL wraps it in a version comment). */
export function partitionClause(createTable: string): string | null {
  const m = /\n\s*(?:\/\*!\d+\s*)?(PARTITION BY[\s\S]*?)(?:\s*\*\/)?\s*$/.exec(createTable);
  return m ? m[1]!.trim() : null;
}

function collationCharset(collation: string): string {
  return collation === 'binary' ? 'binary' : (collation.split('_')[0] ?? collation);
}

/**
 * Read the URL's database (`database()`) into the model. Objects shale does not model (events,
 * sequences, system-versioned tables, MariaDB packages) are listed in `unsupported`. The schema is
 * the connection's database: `schemas` / `excludeSchemas` (PostgreSQL's) are E_USAGE.
 * @example const model = await inspect(adapter)
 */
export async function inspect(db: Queryable, opts: InspectOptions = {}): Promise<Schema> {
  if (opts.schemas?.length || opts.excludeSchemas?.length) {
    throw new ShaleError('E_USAGE', 'on MySQL/MariaDB the schema is the database the URL names: --schema and --exclude-schema do not apply');
  }
  const head = await rowsOf(db, 'select database() as D, version() as V', []);
  const database = head[0] ? text(head[0], 'D') : null;
  if (!database) throw new ShaleError('E_URL', 'the MySQL/MariaDB connection names no database: add it to the URL path');
  const server = serverOf(str(head[0]!, 'V'));
  const tableRows = await rowsOf(db, 'select * from information_schema.TABLES where TABLE_SCHEMA = ? order by TABLE_NAME', [database]);
  const columnRows = groupBy(
    await rowsOf(db, 'select * from information_schema.COLUMNS where TABLE_SCHEMA = ? order by TABLE_NAME, ORDINAL_POSITION', [database]),
    (r) => str(r, 'TABLE_NAME'),
  );
  const [keys, fks, checks] = [await readIndexes(db, database), await readForeignKeys(db, database), await readChecks(db, database, server)];
  const unsupported: UnsupportedObject[] = await readUnsupported(db, database);
  const tables: Table[] = [];
  for (const r of tableRows) {
    const name = str(r, 'TABLE_NAME');
    const type = str(r, 'TABLE_TYPE');
    if (type === 'VIEW') continue;
    if (type !== 'BASE TABLE') {
      unsupported.push({ kind: UNSUPPORTED_TABLE_TYPES[type] ?? type.toLowerCase(), name });
      continue;
    }
    const options = str(r, 'CREATE_OPTIONS').split(/\s+/).filter((o) => o !== '' && o !== 'partitioned');
    const partitioned = /\bpartitioned\b/.test(str(r, 'CREATE_OPTIONS'));
    const shown = partitioned ? await rowsOf(db, `show create table ${quoteQualified(database, name)}`, []) : [];
    const collation = str(r, 'TABLE_COLLATION');
    const cols = withJsonColumns((columnRows.get(name) ?? []).map((c) => columnOf(server, c)), checks.get(name) ?? []);
    tables.push({
      name,
      engine: str(r, 'ENGINE'),
      charset: collationCharset(collation),
      collation,
      comment: str(r, 'TABLE_COMMENT'),
      options: options.sort(),
      partitionBy: shown[0] ? partitionClause(str(shown[0], 'CREATE TABLE')) : null,
      columns: cols.columns,
      primaryKey: keys.get(name)?.primaryKey ?? null,
      indexes: keys.get(name)?.indexes ?? [],
      foreignKeys: fks.get(name) ?? [],
      checks: cols.checks,
    });
  }
  const views = await readViews(db, database);
  const triggers = await readTriggers(db, database);
  const routines = await readRoutines(db, database, unsupported);
  return { dialect: 'mysql', server, tables, views, triggers, routines, unsupported };
}
