import type { InDoubtResolution, StatementTxn } from '../adapter.js';
import { headTokens, headWords } from '../shared/leading-words.js';

/**
 * How one SQLite statement relates to transactions. VACUUM, ATTACH and DETACH refuse to run in a
 * transaction; a PRAGMA is run outside shale's because some (foreign_keys, journal_mode) are
 * silently ignored inside one (inside the migration's own block it is the migration's choice).
 */
export function sqliteStatementTxn(sql: string): StatementTxn {
  const words = headWords(headTokens(sql, 4));
  const first = words[0];
  switch (first) {
    case 'BEGIN':
      return 'begin';
    case 'COMMIT':
    case 'END':
      return 'commit';
    case 'ROLLBACK':
      return words.includes('TO') ? 'transactional' : 'rollback';
    case 'PRAGMA':
      return 'outside';
    case 'VACUUM':
    case 'ATTACH':
    case 'DETACH':
      return 'autocommit';
    default:
      return 'transactional';
  }
}

/**
 * SQLite runs in this process: a kill stops the statement, and SQLite's own journal rolls back
 * what it had not committed. What is left in doubt is a statement that finished just before the
 * kill; the `autocommit` kinds above all converge when run again (an ATTACH lasts only for the
 * session anyway).
 */
export async function sqliteResolveInDoubt(sql: string): Promise<InDoubtResolution> {
  const [first] = headWords(headTokens(sql, 1));
  return { outcome: 'not-done', reason: `${first ?? 'the statement'} can run again` };
}
