import { lineCol } from '../../core/position.js';
import { ShaleError } from '../../errors.js';
import type { RenameHint, SchemaFile } from '../dialect.js';
import type { QName } from '../keys.js';
import { nodeOf, pgParser } from './pg-ast.js';

export type { RenameHint };

const HINT_RE = /--[ \t]*shale:renamed[ \t]+from=("(?:[^"]|"")+"|[^\s]+)/gi;

interface Anchor {
  readonly offset: number;
  readonly hint: (at: string, from: string) => RenameHint;
}

/** A table or column definition of a CREATE TABLE, at the character offset of its name. */
export interface DefinitionAnchor {
  readonly offset: number;
  readonly table: QName;
  /** Null for the table's own name. */
  readonly column: string | null;
}

function unquote(name: string): string {
  return name.startsWith('"') ? name.slice(1, -1).replace(/""/g, '"') : name.toLowerCase();
}

function byteToChar(text: string): (b: number) => number {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length === text.length) return (b) => b;
  return (b) => bytes.subarray(0, b).toString('utf8').length;
}

/** Table and column definitions of CREATE TABLE statements, in text order. */
export async function definitionAnchors(text: string): Promise<DefinitionAnchor[]> {
  const parser = await pgParser();
  const charAt = byteToChar(text);
  const out: DefinitionAnchor[] = [];
  for (const s of parser.parseSync(text).stmts ?? []) {
    const [type, n] = nodeOf(s.stmt);
    if (type !== 'CreateStmt') continue;
    const rel = n['relation'] as { schemaname?: string; relname: string; location: number };
    const table: QName = { schema: rel.schemaname ?? 'public', name: rel.relname };
    out.push({ offset: charAt(rel.location), table, column: null });
    for (const e of (n['tableElts'] as Record<string, { colname?: string; location?: number }>[] | undefined) ?? []) {
      const col = e['ColumnDef'];
      if (col?.colname && col.location !== undefined) out.push({ offset: charAt(col.location), table, column: col.colname });
    }
  }
  return out.sort((a, b) => a.offset - b.offset);
}

async function anchorsOf(text: string): Promise<Anchor[]> {
  return (await definitionAnchors(text)).map(({ offset, table, column }) => ({
    offset,
    hint: (at: string, from: string): RenameHint =>
      column === null ? { kind: 'table', from: qualify(from, table.schema), to: table, at } : { kind: 'column', table, from: unquote(from), to: column, at },
  }));
}

function qualify(name: string, defaultSchema: string): QName {
  const parts = name.match(/"(?:[^"]|"")+"|[^.]+/g) ?? [name];
  return parts.length > 1 ? { schema: unquote(parts[0]!), name: unquote(parts[1]!) } : { schema: defaultSchema, name: unquote(parts[0]!) };
}

/**
 * The rename hints of desired-schema files. A hint must sit directly before a table name's
 * `CREATE TABLE` line or a column definition; anywhere else it is E_PARSE at file:line:col.
 * (The file is already known to parse: this runs after the schema was applied.)
 * @example const hints = await readRenameHints(readSchemaFiles('schema.sql'))
 */
export async function readRenameHints(files: readonly SchemaFile[]): Promise<RenameHint[]> {
  const out: RenameHint[] = [];
  for (const file of files) {
    const matches = [...file.text.matchAll(HINT_RE)];
    if (matches.length === 0) continue;
    const anchors = await anchorsOf(file.text);
    for (const m of matches) {
      const { line, col } = lineCol(file.text, m.index);
      const at = `${file.location}:${line}:${col}`;
      const lineEnd = file.text.indexOf('\n', m.index);
      const next = anchors.find((a) => a.offset > m.index);
      const between = next && lineEnd >= 0 ? file.text.slice(lineEnd, next.offset).replace(/--[^\n]*/g, '') : null;
      // Only whitespace (or the CREATE TABLE words, for a table) may separate the hint from its definition.
      if (next === undefined || between === null || !/^\s*(create\s+(?:\w+\s+)*?table\s+(?:if\s+not\s+exists\s+)?(?:(?:"(?:[^"]|"")+"|\w+)\.)?)?$/i.test(between)) {
        throw new ShaleError('E_PARSE', `${at}: a shale:renamed hint must be on the line before a CREATE TABLE or a column definition`, { file: file.location, position: at });
      }
      out.push(next.hint(at, m[1]!));
    }
  }
  return out;
}
