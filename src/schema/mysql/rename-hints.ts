import { lineCol } from '../../core/position.js';
import { ShaleError } from '../../errors.js';
import type { RenameHint, SchemaFile } from '../dialect.js';

const HINT_RE = /--[ \t]*shale:renamed[ \t]+from=(`(?:[^`]|``)+`|[^\s]+)/gi;
const NAME = String.raw`(?:\x60(?:[^\x60]|\x60\x60)+\x60|[\w$]+)`;
const CREATE_TABLE = new RegExp(String.raw`^\s*create\s+(?:temporary\s+)?table\s+(?:if\s+not\s+exists\s+)?((?:${NAME}\s*\.\s*)?${NAME})`, 'i');
/** Words that start a table element other than a column definition. */
const NOT_A_COLUMN = new Set(['PRIMARY', 'KEY', 'INDEX', 'UNIQUE', 'CONSTRAINT', 'FOREIGN', 'CHECK', 'FULLTEXT', 'SPATIAL', 'PERIOD']);

function unquote(name: string): string {
  const last = name.match(new RegExp(NAME, 'g'))?.pop() ?? name;
  return last.startsWith('`') ? last.slice(1, -1).replace(/``/g, '`') : last;
}

/** The text with quoted strings, identifiers and comments blanked (same length), for counting parentheses. */
function blanked(text: string): string {
  return text.replace(/'(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.|"")*"|`(?:[^`]|``)*`|--[^\n]*|#[^\n]*|\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '));
}

/** The table whose CREATE TABLE body (at its top level) contains `offset`, or null. */
function enclosingTable(text: string, plain: string, offset: number): string | null {
  const re = /create\s+(?:temporary\s+)?table\s/gi;
  let found: string | null = null;
  for (const m of plain.matchAll(re)) {
    if (m.index >= offset) break;
    const open = plain.indexOf('(', m.index);
    if (open < 0 || open > offset) continue;
    let depth = 0;
    for (let i = open; i < offset; i++) {
      if (plain[i] === '(') depth++;
      else if (plain[i] === ')') depth--;
    }
    const name = CREATE_TABLE.exec(text.slice(m.index));
    found = depth === 1 && name ? unquote(name[1]!) : null;
  }
  return found;
}

/**
 * The rename hints of desired-schema files: `-- shale:renamed from=<old>` on the line before a
 * `CREATE TABLE` or a column definition inside one; anywhere else it is E_PARSE at file:line:col.
 * @example const hints = await readRenameHints([{ location: 'schema.sql', text }])
 */
export async function readRenameHints(files: readonly SchemaFile[]): Promise<RenameHint[]> {
  const out: RenameHint[] = [];
  for (const file of files) {
    const plain = blanked(file.text);
    for (const m of file.text.matchAll(HINT_RE)) {
      const { line, col } = lineCol(file.text, m.index);
      const at = `${file.location}:${line}:${col}`;
      const fail = () => new ShaleError('E_PARSE', `${at}: a shale:renamed hint must be on the line before a CREATE TABLE or a column definition`, { file: file.location, position: at });
      const lineEnd = file.text.indexOf('\n', m.index);
      if (lineEnd < 0) throw fail();
      const rest = file.text.slice(lineEnd).replace(/^(\s*(--[^\n]*|#[^\n]*)?\n)*\s*/, '');
      const from = unquote(m[1]!);
      const table = CREATE_TABLE.exec(rest);
      if (table) {
        out.push({ kind: 'table', from: { schema: '', name: from }, to: { schema: '', name: unquote(table[1]!) }, at });
        continue;
      }
      const owner = enclosingTable(file.text, plain, m.index);
      const column = new RegExp(`^(${NAME})\\s+\\w`).exec(rest);
      if (owner === null || !column || NOT_A_COLUMN.has(column[1]!.toUpperCase())) throw fail();
      out.push({ kind: 'column', table: { schema: '', name: owner }, from, to: unquote(column[1]!), at });
    }
  }
  return out;
}
