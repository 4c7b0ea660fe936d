import { lineCol } from '../../core/position.js';
import { ShaleError } from '../../errors.js';
import type { SchemaFile, UsingHint } from '../dialect.js';
import { definitionAnchors } from './rename-hints.js';

export type { UsingHint };

const HINT_RE = /--[ \t]*shale:using\b[ \t]*([^\r\n]*)/gi;

/**
 * The `-- shale:using <expression>` hints of desired-schema files: how a column's values convert
 * when its type changes and PostgreSQL has no cast (`bigint` → `timestamp`: `to_timestamp(at)`).
 * The hint sits on the line before the column's definition in its CREATE TABLE; anywhere else, or
 * without an expression, it is E_PARSE at file:line:col.
 * @example const hints = await readUsingHints(readSchemaFiles('schema.sql')); diffModels(a, b, { usingHints: hints })
 */
export async function readUsingHints(files: readonly SchemaFile[]): Promise<UsingHint[]> {
  const out: UsingHint[] = [];
  for (const file of files) {
    const matches = [...file.text.matchAll(HINT_RE)];
    if (matches.length === 0) continue;
    const anchors = (await definitionAnchors(file.text)).filter((a) => a.column !== null);
    for (const m of matches) {
      const { line, col } = lineCol(file.text, m.index);
      const at = `${file.location}:${line}:${col}`;
      const expression = m[1]!.trim();
      const lineEnd = file.text.indexOf('\n', m.index);
      const next = anchors.find((a) => a.offset > m.index);
      // Only blank lines and comments may separate the hint from its column.
      const between = next && lineEnd >= 0 ? file.text.slice(lineEnd, next.offset).replace(/--[^\n]*/g, '') : null;
      if (expression === '' || next?.column == null || between === null || !/^\s*$/.test(between)) {
        throw new ShaleError('E_PARSE', `${at}: a shale:using hint must be on the line before a column definition, with an expression (\`-- shale:using to_timestamp(at)\`)`, { file: file.location, position: at });
      }
      out.push({ table: next.table, column: next.column, expression, at });
    }
  }
  return out;
}
