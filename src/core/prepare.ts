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

/** `BEGIN`, `START TRANSACTION`, `COMMIT`, `END`, `ROLLBACK` (not `ROLLBACK TO`), `ABORT`, `PREPARE TRANSACTION`. */
const TRANSACTION_CONTROL = /^(begin|start\s+transaction|commit|end|rollback|abort|prepare\s+transaction)\b(?!\s+(?:(?:work|transaction)\s+)?to\b)/i;

/**
 * A migration that runs in shale's transaction must not end it: its COMMIT would commit part of the
 * migration without its state row, its ROLLBACK would undo what the state row then says ran. So
 * (as dbmate and yoyo users sometimes write) `BEGIN; … COMMIT;` is refused before anything runs.
 */
function assertNoTransactionControl(stmt: PreparedStatement): void {
  const body = stripLeadingComments(stmt.sql);
  const m = TRANSACTION_CONTROL.exec(body);
  if (!m) return;
  const word = m[1]!.toUpperCase().replace(/\s+/, ' ');
  throw new ShaleError(
    'E_PARSE',
    `${filePosition(stmt, stmt.sql.length - body.length)}: ${word} in a migration that runs in a transaction: shale already runs each migration in its own transaction, with its state row; remove the BEGIN/COMMIT, or put \`-- transaction: false\` at the top of the file to manage transactions yourself`,
    { file: stmt.location, statement: stmt.sql },
  );
}

/** `sql` without the comments before its first keyword. */
function stripLeadingComments(sql: string): string {
  return sql.replace(/^(?:\s+|--[^\n]*|\/\*[\s\S]*?\*\/)*/, '');
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
    for (const p of parts) {
      const stmt: PreparedStatement = { sql: p.sql, location: s.location, script: s.sql, offset: p.offset, firstLine: s.line };
      if (s.transaction && adapter.capabilities.transactionalDdl) assertNoTransactionControl(stmt);
      statements.push(stmt);
    }
  }
  return { kind: 'sql', statements };
}

/** Number of statements a body runs (a module counts as one unit). */
export function statementCount(body: PreparedBody): number {
  return body.kind === 'sql' ? body.statements.length : 1;
}
