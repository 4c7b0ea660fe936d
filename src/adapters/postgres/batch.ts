import type { Client, QueryConfig } from 'pg';
import { pg } from './connect.js';
import { BatchStatementError } from '../adapter.js';
import { codePointsToOffset } from './splitter.js';

/** Separator between batched statements: a newline first, so a trailing `--` comment cannot swallow the `;`. */
const SEPARATOR = '\n;\n';

type QueryInternals = { handleCommandComplete(msg: unknown, con: unknown): void };

/** A simple-protocol query that counts the statements the server completed before an error. */
class CountingQuery extends (pg.Query as unknown as new (text: string) => QueryInternals & NodeJS.EventEmitter) {
  completed = 0;
  override handleCommandComplete(msg: unknown, con: unknown): void {
    this.completed++;
    super.handleCommandComplete(msg, con);
  }
}

function countCodePoints(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!(c >= 0xdc00 && c <= 0xdfff)) n++;
  }
  return n;
}

/**
 * Run `prefix` (zero or more statements, e.g. `begin;`) and `sqls` as one simple-protocol query: one
 * round trip instead of one per statement. On failure, the number of completed statements tells
 * which one failed; its error position is made relative to that statement.
 */
export async function runBatch(client: Client, prefix: string, prefixStatements: number, sqls: readonly string[]): Promise<void> {
  let text = prefix;
  const starts: number[] = [];
  for (const sql of sqls) {
    starts.push(text.length);
    text += sql + SEPARATOR;
  }
  const q = new CountingQuery(text);
  try {
    await new Promise<void>((resolve, reject) => {
      q.once('end', () => resolve());
      q.once('error', reject);
      client.query(q as unknown as QueryConfig);
    });
  } catch (e) {
    const index = Math.min(Math.max(q.completed - prefixStatements, 0), sqls.length - 1);
    const err = e as { position?: string };
    const pos = Number(err?.position);
    if (Number.isFinite(pos) && pos > 0) {
      const offsetInText = codePointsToOffset(text, pos - 1) - starts[index]!;
      err.position = offsetInText >= 0 ? String(countCodePoints(text.slice(starts[index]!, starts[index]! + offsetInText)) + 1) : undefined;
    }
    throw new BatchStatementError(index, e);
  }
}
