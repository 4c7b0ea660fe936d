/** Rules on transaction control in a migration's text, and on what one transaction holds. */
import type { RelName } from '../ast.js';
import { blocksWrites, locksOf, type LockMode } from '../locks.js';
import { type PgRule, type PgRuleContext, type PgStatement, statementTypes } from '../rule.js';
import { transactionEffect } from '../run-state.js';
import { sizedSeverity } from '../size.js';
import { ruleMemory } from '../table-rule-memory.js';

const relText = (r: RelName): string => (r.schema ? `${r.schema}.${r.name}` : r.name);

const banUncommittedTransaction: PgRule = {
  code: 'PG116',
  rule: 'ban-uncommitted-transaction',
  aliases: ['ban-uncommitted-transaction'],
  severity: 'error',
  summary: 'A BEGIN with no COMMIT after it leaves the transaction open, holding its locks until the session ends.',
  end(statements, ctx) {
    // In shale's transaction a BEGIN is nesting (PG138), and shale's own COMMIT closes what is open.
    if (statements[0]?.inMigrationTransaction) return;
    let open: PgStatement | null = null;
    for (const s of statements) {
      const effect = transactionEffect(s.type, s.node);
      if (effect === 'begin' && !s.inTransaction) open = s;
      if (effect === 'end') open = null;
    }
    if (!open) return;
    ctx.report(
      {
        message: 'this BEGIN is never committed: the transaction is left open at the end of the migration, holding its locks, and its changes are not committed by the migration itself',
        hint: 'end the block with COMMIT',
      },
      open,
    );
  },
};

const ENDS = new Set(['TRANS_STMT_COMMIT', 'TRANS_STMT_ROLLBACK', 'TRANS_STMT_PREPARE']);
const BEGINS = new Set(['TRANS_STMT_BEGIN', 'TRANS_STMT_START']);

/** Why shale refuses transaction control in a migration it runs in its own transaction (see core/prepare.ts). */
const REFUSED = "shale refuses the migration before it runs: it already runs it in one transaction, with its state row, and transaction control in its text would split the two";

function checkNesting(s: PgStatement, ctx: PgRuleContext): void {
  if (s.type !== 'TransactionStmt') return;
  const kind = String(s.node['kind']);
  const word = kind === 'TRANS_STMT_ROLLBACK' ? 'ROLLBACK' : kind === 'TRANS_STMT_PREPARE' ? 'PREPARE TRANSACTION' : kind === 'TRANS_STMT_COMMIT' ? 'COMMIT' : 'BEGIN';
  if ((BEGINS.has(kind) || ENDS.has(kind)) && s.inMigrationTransaction) {
    ctx.report({
      message: `${word} in a migration that runs in shale's transaction: ${REFUSED}`,
      hint: 'remove it (shale already wraps the migration in a transaction), or put `-- transaction: false` at the top of the file to manage transactions yourself',
    });
  } else if (BEGINS.has(kind) && s.inTransaction) {
    ctx.report({
      message: 'BEGIN inside a transaction already opened by an earlier BEGIN: PostgreSQL ignores it with a warning, and the first COMMIT ends both',
      hint: 'remove the inner BEGIN (and its COMMIT)',
      severity: 'warning',
    });
  } else if (ENDS.has(kind) && !s.inTransaction) {
    ctx.report({
      message: `${word} with no transaction open: PostgreSQL only warns, so the statements it was meant to end did not run as one transaction`,
      hint: 'remove it, or add the BEGIN it was meant to close',
      severity: 'warning',
    });
  }
}

const transactionNesting: PgRule = {
  code: 'PG138',
  rule: 'transaction-nesting',
  aliases: ['transaction-nesting'],
  severity: 'error',
  summary: "Transaction control in a migration shale runs in its own transaction (refused at apply time), a BEGIN inside a BEGIN, or a COMMIT with none open.",
  statements: statementTypes('TransactionStmt'),
  check: checkNesting,
};

/** Per transaction of the script: the existing relations it holds write-blocking locks on. */
type HeldLocks = Map<number, { readonly held: Map<string, { relation: RelName; mode: LockMode }>; reported: boolean }>;

function checkManyLocks(s: PgStatement, ctx: PgRuleContext): void {
  if (!s.inTransaction) return;
  // An index's own table is not named (two indexes may share one): only tables count.
  const heavy = locksOf(s, ctx.serverVersion).filter((l) => blocksWrites(l.mode) && !l.index && !ctx.isNew(l.relation));
  if (heavy.length === 0) return;
  const memory = ruleMemory<HeldLocks>(ctx, () => new Map());
  const tx = memory.get(s.transaction) ?? { held: new Map(), reported: false };
  memory.set(s.transaction, tx);
  for (const l of heavy) {
    const key = `${l.relation.schema ?? ''}.${l.relation.name}`;
    const seen = tx.held.get(key);
    if (!seen || l.mode === 'ACCESS EXCLUSIVE') tx.held.set(key, l);
  }
  if (tx.reported || tx.held.size < 2) return;
  tx.reported = true;
  const held = [...tx.held.values()];
  const sized = held.map((l) => sizedSeverity(ctx, l.relation, 'warning'));
  const allSmall = sized.every((z) => z.severity === 'info');
  ctx.report({
    message: `one transaction holds ${held.map((l) => `${l.mode} on ${relText(l.relation)}`).join(', ')} until COMMIT: each stays blocked while the others are locked and changed, and other sessions taking them in another order can deadlock${sized.map((z) => z.note).join('')}`,
    hint: 'split the changes into migrations (or transactions) that each lock one busy table',
    severity: allSmall ? 'info' : undefined,
  });
}

const manyLocksInOneTransaction: PgRule = {
  code: 'PG203',
  rule: 'many-locks-in-one-transaction',
  aliases: [],
  severity: 'warning',
  summary: 'A transaction that takes write-blocking locks on two or more existing tables holds them all until it commits.',
  check: checkManyLocks,
  end(_statements, ctx) {
    // Transaction numbers do not repeat, and none spans two scripts: forget this script's.
    ruleMemory<HeldLocks>(ctx, () => new Map()).clear();
  },
};

/** The transaction rules, in code order. */
export const TRANSACTIONS_RULES: readonly PgRule[] = [banUncommittedTransaction, transactionNesting, manyLocksInOneTransaction];
