/** Rules on adding constraints to existing tables: validation scans, index builds, missing indexes. */
import { relName, type AstNode, type RelName } from '../ast.js';
import { type PgRule, type PgRuleContext, type PgStatement, statementTypes } from '../rule.js';
import { transactionEffect } from '../run-state.js';
import { sizedSeverity } from '../size.js';
import { alterTable, columnConstraint, keyColumns, tableText, type AlterCommand } from '../table-alter.js';
import { ForeignKeyIndexes } from '../table-foreign-keys.js';
import { ruleMemory } from '../table-rule-memory.js';

const refText = (c: AstNode): string => {
  const ref = relName(c['pktable']);
  return ref ? tableText(ref) : 'the referenced table';
};

const addingForeignKeyConstraint: PgRule = {
  code: 'PG102',
  rule: 'adding-foreign-key-constraint',
  aliases: ['adding-foreign-key-constraint'],
  severity: 'error',
  summary: 'Adding a validated foreign key to an existing table scans it while blocking writes to it and to the referenced table.',
  statements: statementTypes('AlterTableStmt'),
  check(s, ctx) {
    const alter = alterTable(s);
    if (!alter || ctx.isNew(alter.table)) return;
    for (const cmd of alter.cmds) {
      const fk =
        cmd.subtype === 'AT_AddConstraint' && cmd.def['contype'] === 'CONSTR_FOREIGN' && cmd.def['skip_validation'] !== true
          ? cmd.def
          : cmd.subtype === 'AT_AddColumn' && cmd.defType === 'ColumnDef'
            ? columnConstraint(cmd.def, 'CONSTR_FOREIGN')
            : undefined;
      if (!fk) continue;
      const { severity, note } = sizedSeverity(ctx, alter.table, 'error');
      const name = typeof fk['conname'] === 'string' ? ` ${fk['conname']}` : '';
      ctx.report({
        message: `adding foreign key${name} on ${tableText(alter.table)} → ${refText(fk)} checks every row while holding SHARE ROW EXCLUSIVE on both tables, blocking writes to each${note}`,
        hint: cmd.subtype === 'AT_AddColumn' ? 'add the column first, then ADD CONSTRAINT … FOREIGN KEY … NOT VALID and VALIDATE CONSTRAINT in a later transaction' : 'add it NOT VALID, then VALIDATE CONSTRAINT in a later transaction (it blocks neither table)',
        severity,
      });
    }
  },
};

/** The NOT VALID constraints added so far in the run, with the transaction of each. */
interface TransactionMemory {
  /** `table.constraint` → the transaction its NOT VALID add ran in, and its kind. */
  readonly notValid: Map<string, { tx: number; kind: string }>;
}

/** BEGIN, COMMIT and the like: no constraint to check. */
function isTransactionControl(s: PgStatement): boolean {
  return transactionEffect(s.type, s.node) !== null;
}

function reportMissingNotValid(ctx: PgRuleContext, table: RelName, c: AstNode): void {
  const { severity, note } = sizedSeverity(ctx, table, 'error');
  const name = typeof c['conname'] === 'string' ? ` ${c['conname']}` : '';
  const lock = c['contype'] === 'CONSTR_CHECK' ? 'ACCESS EXCLUSIVE, blocking reads and writes' : `SHARE ROW EXCLUSIVE on it and ${refText(c)}, blocking writes`;
  ctx.report({
    message: `adding ${c['contype'] === 'CONSTR_CHECK' ? 'CHECK' : 'FOREIGN KEY'} constraint${name} to ${tableText(table)} without NOT VALID checks every row under ${lock}${note}`,
    hint: 'add it NOT VALID, then VALIDATE CONSTRAINT in a later transaction (validation takes only SHARE UPDATE EXCLUSIVE)',
    severity,
  });
}

const VALIDATABLE = new Set(['CONSTR_CHECK', 'CONSTR_FOREIGN']);

function checkValidation(s: PgStatement, ctx: PgRuleContext, table: RelName, cmd: AlterCommand, memory: TransactionMemory): void {
  const key = `${table.name}.${String(cmd.subtype === 'AT_AddConstraint' ? cmd.def['conname'] : cmd.name)}`;
  if (cmd.subtype === 'AT_AddConstraint' && VALIDATABLE.has(String(cmd.def['contype']))) {
    if (cmd.def['skip_validation'] !== true) reportMissingNotValid(ctx, table, cmd.def);
    else if (s.inTransaction && typeof cmd.def['conname'] === 'string') memory.notValid.set(key, { tx: s.transaction, kind: String(cmd.def['contype']) });
  }
  const added = memory.notValid.get(key);
  if (cmd.subtype !== 'AT_ValidateConstraint' || !s.inTransaction || added?.tx !== s.transaction) return;
  const { severity, note } = sizedSeverity(ctx, table, 'error');
  const lock = added.kind === 'CONSTR_CHECK' ? 'ACCESS EXCLUSIVE' : 'SHARE ROW EXCLUSIVE';
  ctx.report({
    message: `VALIDATE CONSTRAINT ${String(cmd.name)} on ${tableText(table)} runs in the transaction that added it NOT VALID, so the add's ${lock} lock is held for the whole validation scan${note}`,
    hint: 'validate in a later migration (or after a COMMIT), where the scan takes only SHARE UPDATE EXCLUSIVE',
    severity,
  });
}

const constraintMissingNotValid: PgRule = {
  code: 'PG118',
  rule: 'constraint-missing-not-valid',
  aliases: ['constraint-missing-not-valid'],
  severity: 'error',
  summary: 'A CHECK or foreign key added to an existing table without NOT VALID, or validated in the same transaction, scans the table while holding the add\'s lock.',
  statements: statementTypes('AlterTableStmt'),
  check(s, ctx) {
    const memory = ruleMemory<TransactionMemory>(ctx, () => ({ notValid: new Map() }));
    if (isTransactionControl(s)) return;
    const alter = alterTable(s);
    if (alter && !ctx.isNew(alter.table)) for (const cmd of alter.cmds) checkValidation(s, ctx, alter.table, cmd, memory);
  },
};

const disallowedUniqueConstraint: PgRule = {
  code: 'PG119',
  rule: 'disallowed-unique-constraint',
  aliases: ['disallowed-unique-constraint'],
  severity: 'error',
  summary: 'Adding a UNIQUE constraint to an existing table builds its index under ACCESS EXCLUSIVE, blocking reads and writes.',
  statements: statementTypes('AlterTableStmt'),
  check(s, ctx) {
    const alter = alterTable(s);
    if (!alter || ctx.isNew(alter.table)) return;
    for (const cmd of alter.cmds) {
      const inline = cmd.subtype === 'AT_AddColumn' && cmd.defType === 'ColumnDef' && columnConstraint(cmd.def, 'CONSTR_UNIQUE') !== undefined;
      const added = cmd.subtype === 'AT_AddConstraint' && cmd.def['contype'] === 'CONSTR_UNIQUE' && cmd.def['indexname'] === undefined;
      if (!inline && !added) continue;
      const { severity, note } = sizedSeverity(ctx, alter.table, 'error');
      const what = inline ? `column ${String(cmd.def['colname'])}` : `(${keyColumns(cmd.def).join(', ')})`;
      ctx.report({
        message: `adding a UNIQUE constraint on ${what} of ${tableText(alter.table)} builds its index under ACCESS EXCLUSIVE, blocking reads and writes${note}`,
        hint: 'CREATE UNIQUE INDEX CONCURRENTLY on the columns, then ADD CONSTRAINT … UNIQUE USING INDEX',
        severity,
      });
    }
  },
};

const foreignKeyWithoutIndex: PgRule = {
  code: 'PG201',
  rule: 'foreign-key-without-index',
  aliases: [],
  severity: 'warning',
  summary: 'A foreign key whose columns lead no index of the referencing table makes deletes and key updates on the referenced table scan it.',
  statements: statementTypes('CreateStmt', 'IndexStmt', 'DropStmt', 'AlterTableStmt'),
  check(s, ctx) {
    ruleMemory(ctx, () => new ForeignKeyIndexes()).observe(s);
  },
  end(_statements, ctx) {
    for (const key of ruleMemory(ctx, () => new ForeignKeyIndexes()).takeUnindexed()) {
      const columns = key.columns.join(', ');
      const known = ctx.isNew(key.table) ? '' : ` that shale saw (it knows only indexes created by this migration, not ones ${tableText(key.table)} already has)`;
      ctx.report(
        {
          message: `foreign key${key.name ? ` ${key.name}` : ''} (${columns}) on ${tableText(key.table)} → ${key.references ? tableText(key.references) : '?'} has no index leading with its columns${known}: deletes and key updates on the referenced table scan ${tableText(key.table)}`,
          hint: `CREATE INDEX${ctx.isNew(key.table) ? '' : ' CONCURRENTLY'} ON ${tableText(key.table)} (${columns}), or ignore this if such an index exists`,
        },
        key.at,
      );
    }
  },
};

/** The constraint rules, in code order. */
export const CONSTRAINTS_RULES: readonly PgRule[] = [addingForeignKeyConstraint, constraintMissingNotValid, disallowedUniqueConstraint, foreignKeyWithoutIndex];
