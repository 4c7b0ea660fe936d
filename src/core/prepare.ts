import type { Adapter } from '../adapters/adapter.js';
import { ShaleError, isShaleError, messageOf } from '../errors.js';
import type { MigrationBody, MigrationContext } from './migration.js';
import { lineCol } from './position.js';

/** A statement ready to run, knowing where it sits in its file. */
export interface PreparedStatement {
  readonly sql: string;
  readonly location: string;
  /** The whole script text and the statement's offset in it, to map database error positions. */
  readonly script: string;
  readonly offset: number;
  /** 1-based line of the script's first character in the file. */
  readonly firstLine: number;
}

export type PreparedBody =
  | { readonly kind: 'sql'; readonly statements: readonly PreparedStatement[] }
  | { readonly kind: 'module'; readonly location: string; readonly run: (ctx: MigrationContext) => Promise<void> };

/** `file:line:col` of a character offset inside a statement. */
export function filePosition(stmt: PreparedStatement, offsetInStatement = 0): string {
  const { line, col } = lineCol(stmt.script, stmt.offset + offsetInStatement);
  return `${stmt.location}:${stmt.firstLine + line - 1}:${col}`;
}

/**
 * Split every script of a body into statements before anything runs, so a syntax error (an
 * unterminated dollar quote, say) stops the run with nothing executed, reported as file:line:col.
 */
export async function prepareBody(adapter: Adapter, body: MigrationBody): Promise<PreparedBody> {
  if (body.kind === 'module') return { kind: 'module', location: body.location, run: body.run };
  const statements: PreparedStatement[] = [];
  for (const s of body.scripts) {
    let parts;
    try {
      parts = await adapter.split(s.sql);
    } catch (e) {
      const offset = isShaleError(e) && typeof e.details['offset'] === 'number' ? e.details['offset'] : 0;
      const { line, col } = lineCol(s.sql, offset);
      throw new ShaleError('E_PARSE', `${s.location}:${s.line + line - 1}:${col}: ${messageOf(e).split('\n')[0]}`, { file: s.location, line: s.line + line - 1, col }, { cause: e });
    }
    for (const p of parts) statements.push({ sql: p.sql, location: s.location, script: s.sql, offset: p.offset, firstLine: s.line });
  }
  return { kind: 'sql', statements };
}

/** Number of statements a body runs (a module counts as one unit). */
export function statementCount(body: PreparedBody): number {
  return body.kind === 'sql' ? body.statements.length : 1;
}
