import { splitSqlite } from '../../adapters/sqlite/splitter.js';
import { lineCol } from '../../core/position.js';
import { ShaleError } from '../../errors.js';
import type { RenameHint, SchemaFile } from '../dialect.js';
import { closingParen, createdObject, identOf, isWord, splitTopLevel, tokenize } from './tokens.js';

const HINT_RE = /--[ \t]*shale:renamed[ \t]+from=("(?:[^"]|"")+"|[^\s]+)/gi;

interface Anchor {
  readonly offset: number;
  readonly hint: (at: string, from: string) => RenameHint;
}

function unquote(name: string): string {
  return name.startsWith('"') ? name.slice(1, -1).replace(/""/g, '"') : name;
}

const TABLE_CONSTRAINT = ['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN'];

/** Table names and column definitions of the CREATE TABLE statements, at their offset in `text`. */
function anchorsOf(text: string): Anchor[] {
  const out: Anchor[] = [];
  for (const s of splitSqlite(text)) {
    const tokens = tokenize(s.sql);
    const head = createdObject(tokens);
    if (!head || !tokens.slice(0, head.nameAt).some((t) => isWord(t, 'TABLE'))) continue;
    const table = { schema: 'main', name: head.name };
    out.push({ offset: s.offset + tokens[head.nameAt]!.start, hint: (at, from) => ({ kind: 'table', from: { schema: 'main', name: unquote(from) }, to: table, at }) });
    if (tokens[head.after]?.text !== '(') continue;
    const close = closingParen(tokens, head.after);
    for (const item of splitTopLevel(tokens.slice(head.after + 1, close))) {
      const first = item[0]!;
      if (first.kind === 'word' && TABLE_CONSTRAINT.includes(first.text.toUpperCase())) continue;
      const to = identOf(first);
      if (to === null) continue;
      out.push({ offset: s.offset + first.start, hint: (at, from) => ({ kind: 'column', table, from: unquote(from), to, at }) });
    }
  }
  return out.sort((a, b) => a.offset - b.offset);
}

/**
 * The rename hints of desired-schema files. A hint must sit directly before a table name's
 * `CREATE TABLE` line or a column definition; anywhere else it is E_PARSE at file:line:col.
 * @example const hints = await readRenameHints(readSchemaFiles('schema.sql'))
 */
export async function readRenameHints(files: readonly SchemaFile[]): Promise<RenameHint[]> {
  const out: RenameHint[] = [];
  for (const file of files) {
    const matches = [...file.text.matchAll(HINT_RE)];
    if (matches.length === 0) continue;
    const anchors = anchorsOf(file.text);
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
