/** Rules on statements that rewrite or detach whole tables under ACCESS EXCLUSIVE. */
import { asNode, type AstNode, list, relName, type RelName } from '../ast.js';
import type { Severity } from '../../finding.js';
import { type PgRule, type PgRuleContext, type PgStatement, statementTypes } from '../rule.js';
import { sizedSeverity } from '../size.js';
import { alterTable, tableText } from '../table-alter.js';

/** Whether a `VACUUM (…)` option list turns FULL on (`FULL`, `FULL true`, `FULL 1`…). */
function isFull(options: unknown): boolean {
  return list(options).some((o) => {
    const d = asNode(o, 'DefElem');
    if (d?.['defname'] !== 'full') return false;
    const arg = d['arg'] as AstNode | undefined;
    if (arg === undefined) return true;
    const text = String(asNode(arg, 'String')?.['sval'] ?? asNode(arg, 'Boolean')?.['boolval'] ?? (asNode(arg, 'Integer')?.['ival'] ?? 0)).toLowerCase();
    return ['true', 'on', '1', 'yes'].includes(text);
  });
}

/** The tables a `VACUUM FULL` or `CLUSTER` rewrites, `[]` meaning every table it may touch; null for any other statement. */
function rewrittenTables(s: PgStatement): { command: string; tables: RelName[] } | null {
  if (s.type === 'VacuumStmt' && s.node['is_vacuumcmd'] === true && isFull(s.node['options'])) {
    const tables = list(s.node['rels'])
      .map((r) => relName(asNode(r, 'VacuumRelation')?.['relation']))
      .filter((r): r is RelName => r !== null);
    return { command: 'VACUUM FULL', tables };
  }
  if (s.type === 'ClusterStmt') {
    const table = relName(s.node['relation']);
    return { command: 'CLUSTER', tables: table ? [table] : [] };
  }
  return null;
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** The worst of the tables' sized severities, with their size notes. */
function worstSized(ctx: PgRuleContext, tables: readonly RelName[], base: Severity): { severity: Severity; note: string } {
  if (tables.length === 0) return { severity: base, note: '' };
  const sized = tables.map((t) => sizedSeverity(ctx, t, base));
  const severity = sized.map((x) => x.severity).reduce((a, b) => (RANK[b] > RANK[a] ? b : a));
  return { severity, note: sized.map((x) => x.note).join('') };
}

const preferRepack: PgRule = {
  code: 'PG124',
  rule: 'prefer-repack',
  aliases: ['prefer-repack'],
  severity: 'error',
  summary: 'VACUUM FULL and CLUSTER rewrite the table under ACCESS EXCLUSIVE, blocking reads and writes; REPACK (CONCURRENTLY) or pg_repack does not.',
  statements: statementTypes('VacuumStmt', 'ClusterStmt'),
  check(s, ctx) {
    const found = rewrittenTables(s);
    if (!found) return;
    const tables = found.tables.filter((t) => !ctx.isNew(t));
    if (found.tables.length > 0 && tables.length === 0) return;
    const { severity, note } = worstSized(ctx, tables, 'error');
    const which = tables.length > 0 ? tables.map(tableText).join(', ') : found.command === 'CLUSTER' ? 'every table clustered before' : 'every table of the database';
    const repack = ctx.serverVersion === undefined || ctx.serverVersion >= 19;
    ctx.report({
      message: `${found.command} rewrites ${which} under ACCESS EXCLUSIVE, blocking reads and writes for the whole rewrite${note}`,
      hint: repack
        ? 'use REPACK (CONCURRENTLY) (PostgreSQL 19+) or the pg_repack extension, which rewrite the table without blocking it'
        : `use the pg_repack extension (REPACK (CONCURRENTLY) needs PostgreSQL 19; the target is ${ctx.serverVersion}), which rewrites the table without blocking it`,
      severity,
    });
  },
};

const requireConcurrentPartitionDetach: PgRule = {
  code: 'PG132',
  rule: 'require-concurrent-partition-detach',
  aliases: ['require-concurrent-partition-detach'],
  severity: 'warning',
  summary: 'DETACH PARTITION without CONCURRENTLY takes ACCESS EXCLUSIVE on the partitioned table (PostgreSQL 14+ can detach concurrently).',
  statements: statementTypes('AlterTableStmt'),
  check(s, ctx) {
    if (ctx.serverVersion !== undefined && ctx.serverVersion < 14) return;
    const alter = alterTable(s);
    if (!alter || ctx.isNew(alter.table)) return;
    for (const cmd of alter.cmds) {
      if (cmd.subtype !== 'AT_DetachPartition' || cmd.def['concurrent'] === true) continue;
      const partition = relName(cmd.def['name']);
      ctx.report({
        message: `DETACH PARTITION ${partition ? tableText(partition) : ''} takes ACCESS EXCLUSIVE on ${tableText(alter.table)}, blocking reads and writes of every partition while it waits and runs`,
        hint: `use DETACH PARTITION … CONCURRENTLY${s.inTransaction ? ' in a migration with `-- transaction: false` (it cannot run in a transaction block)' : ' (it cannot run in a transaction block)'}`,
      });
    }
  },
};

/** The rewrite rules, in code order. */
export const REWRITES_RULES: readonly PgRule[] = [preferRepack, requireConcurrentPartitionDetach];
