import { messageOf } from '../../errors.js';
import type { DesiredStateSupport } from '../dialect.js';
import { createdObject, tokenize } from './tokens.js';

/** CREATE kind → first guess at its place among desired-state DDL (others: 4). */
const KIND_RANK: Record<string, number> = { TABLE: 0, INDEX: 1, VIEW: 2, TRIGGER: 3 };

function createdKind(sql: string): string | null {
  const tokens = tokenize(sql);
  if (!createdObject(tokens)) return null;
  const kind = tokens.slice(1, 4).find((t) => t.kind === 'word' && t.text.toUpperCase() in KIND_RANK);
  return kind ? kind.text.toUpperCase() : null;
}

/** SQLite's "needs something that does not exist yet" errors, and the name they give. */
const MISSING = /no such (?:table|view|column|collation sequence|function|module): (?:main\.)?([^\s:]+)/i;

/**
 * What applying SQLite desired-state DDL needs: tables before indexes, views and triggers as a first
 * guess; a statement that fails on a missing table (an index or trigger before its table) is retried.
 */
export const sqliteDesiredState: DesiredStateSupport = {
  async ranks(sqls) {
    return sqls.map((sql) => KIND_RANK[createdKind(sql) ?? ''] ?? 4);
  },
  isRetryable(error) {
    const code = String((error as { code?: unknown } | null)?.code ?? '');
    return code.startsWith('SQLITE_') && /no such (?:table|view)/i.test(messageOf(error));
  },
  async createdNames(sqls) {
    return sqls.map((sql) => {
      const head = createdObject(tokenize(sql));
      return head ? head.name : null;
    });
  },
  missingName(error) {
    const m = MISSING.exec(messageOf(error));
    return m?.[1] ?? null;
  },
};

