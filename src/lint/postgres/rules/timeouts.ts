/** Rules on lock and statement timeouts before a migration locks a table other sessions use. */
import type { RelName } from '../ast.js';
import { locksOf, type RelationLock } from '../locks.js';
import type { PgRule, PgRuleContext, PgStatement } from '../rule.js';
import { ruleMemory } from '../table-rule-memory.js';

const relText = (r: RelName): string => (r.schema ? `${r.schema}.${r.name}` : r.name);

/** What differs between the two timeout rules. */
interface TimeoutKind {
  readonly setting: 'lock_timeout' | 'statement_timeout';
  readonly isSet: (ctx: PgRuleContext) => boolean;
  readonly why: string;
  readonly example: string;
}

/**
 * The check of one timeout rule: the first statement of a stretch without the timeout that locks
 * an existing relation is reported (once: the fix is one SET at the top); a SET re-arms it.
 */
function timeoutCheck(kind: TimeoutKind): (s: PgStatement, ctx: PgRuleContext) => void {
  return (s, ctx) => {
    const state = ruleMemory(ctx, () => ({ reported: false }));
    if (kind.isSet(ctx)) {
      state.reported = false;
      return;
    }
    if (state.reported) return;
    const locks: RelationLock[] = locksOf(s, ctx.serverVersion).filter((l) => !ctx.isNew(l.relation));
    const first = locks[0];
    if (!first) return;
    state.reported = true;
    ctx.report({
      message: `takes ${first.mode} on ${relText(first.relation)} with no ${kind.setting} set earlier in the migration: ${kind.why}`,
      hint: `start the migration with \`SET ${kind.setting} = '${kind.example}';\` (and retry on timeout)`,
    });
  };
}

/** Forget the script's report: the next script (or migration) is checked afresh. */
function resetTimeout(_statements: readonly PgStatement[], ctx: PgRuleContext): void {
  ruleMemory(ctx, () => ({ reported: false })).reported = false;
}

const requireLockTimeout: PgRule = {
  code: 'PG135',
  rule: 'require-lock-timeout',
  aliases: ['require-lock-timeout', 'require-timeout-settings'],
  severity: 'warning',
  summary: 'Locking an existing table without lock_timeout can queue behind a long transaction and block every query on the table meanwhile.',
  check: timeoutCheck({
    setting: 'lock_timeout',
    isSet: (ctx) => ctx.lockTimeoutSet,
    why: 'while it waits behind a long-running transaction, every later query on the table queues behind it',
    example: '5s',
  }),
  end: resetTimeout,
};

const requireStatementTimeout: PgRule = {
  code: 'PG136',
  rule: 'require-statement-timeout',
  aliases: ['require-statement-timeout', 'require-timeout-settings'],
  severity: 'warning',
  summary: 'Locking an existing table without statement_timeout lets a slow statement hold the lock for as long as it runs.',
  check: timeoutCheck({
    setting: 'statement_timeout',
    isSet: (ctx) => ctx.statementTimeoutSet,
    why: 'a statement slower than expected keeps the lock, and the table blocked, for as long as it runs',
    example: '60s',
  }),
  end: resetTimeout,
};

/** The timeout rules, in code order. */
export const TIMEOUTS_RULES: readonly PgRule[] = [requireLockTimeout, requireStatementTimeout];
