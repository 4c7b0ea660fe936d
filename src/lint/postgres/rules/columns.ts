/** Rules on adding and changing columns of existing tables: rewrites, scans and failures. */
import { type AstNode, typeNameOf, type RelName } from '../ast.js';
import { type PgRule, type PgRuleContext, type PgStatement, statementTypes } from '../rule.js';
import { sizedSeverity } from '../size.js';
import { alterTable, columnConstraint, columnConstraints, isSerial, tableText } from '../table-alter.js';
import { isNullDefault, volatilePart } from '../table-default-volatility.js';
import { NotNullProofs, notNullColumns } from '../table-not-null-proofs.js';
import { ruleMemory } from '../table-rule-memory.js';
import { isPlainUsing, typeChange, type ColumnType } from '../table-type-change.js';

/** The `ADD COLUMN` definitions of an `ALTER TABLE` on a table that existed before the run. */
function addedColumns(s: PgStatement, ctx: PgRuleContext): { table: RelName; columns: AstNode[] } | null {
  const alter = alterTable(s);
  if (!alter || ctx.isNew(alter.table)) return null;
  const columns = alter.cmds.filter((c) => c.subtype === 'AT_AddColumn' && c.defType === 'ColumnDef').map((c) => c.def);
  return { table: alter.table, columns };
}

/** Why adding this column writes every row, and what to do instead; null when it does not. */
function newColumnRewrite(column: AstNode, serverVersion: number | undefined): { why: string; hint: string } | null {
  const generated = columnConstraint(column, 'CONSTR_GENERATED');
  if (generated && generated['generated_kind'] !== 'v') {
    return { why: 'as a STORED generated column (computed and written for every row)', hint: 'add a plain nullable column, fill it by trigger and backfill in batches, or use a VIRTUAL generated column (PostgreSQL 18+)' };
  }
  const backfill = 'add the column nullable without it, backfill existing rows in batches, then attach the sequence or identity';
  if (columnConstraint(column, 'CONSTR_IDENTITY')) return { why: 'as an identity column (a sequence value is written to every row)', hint: backfill };
  if (isSerial(column)) return { why: 'as serial (its nextval() default is volatile, so every row is written)', hint: backfill };
  const expr = columnConstraint(column, 'CONSTR_DEFAULT')?.['raw_expr'];
  if (expr === undefined || isNullDefault(expr)) return null;
  const later = 'add the column without a default, then SET DEFAULT (it applies to new rows) and backfill existing rows in batches';
  if (serverVersion !== undefined && serverVersion < 11) return { why: `with a default on PostgreSQL ${serverVersion} (before 11 every row is written)`, hint: later };
  const why = volatilePart(expr);
  return why ? { why: `with a volatile default (${why})`, hint: later } : null;
}

const addingFieldWithDefault: PgRule = {
  code: 'PG101',
  rule: 'adding-field-with-default',
  aliases: ['adding-field-with-default'],
  severity: 'error',
  summary: 'Adding a column whose value must be written to every row (volatile default, stored generated, identity, or any default before PostgreSQL 11) rewrites the table.',
  statements: statementTypes('AlterTableStmt'),
  check(s, ctx) {
    const added = addedColumns(s, ctx);
    if (!added) return;
    for (const column of added.columns) {
      const rewrite = newColumnRewrite(column, ctx.serverVersion);
      if (!rewrite) continue;
      const { severity, note } = sizedSeverity(ctx, added.table, 'error');
      ctx.report({
        message: `adding column ${String(column['colname'])} to ${tableText(added.table)} ${rewrite.why} rewrites the table under ACCESS EXCLUSIVE, blocking reads and writes${note}`,
        hint: rewrite.hint,
        severity,
      });
    }
  },
};

/** The target version when it is before 12, where SET NOT NULL always scans (no CHECK spares it); else null. */
const alwaysScans = (ctx: PgRuleContext) => (ctx.serverVersion !== undefined && ctx.serverVersion < 12 ? ctx.serverVersion : null);

function reportSetNotNull(ctx: PgRuleContext, table: RelName, column: string, form: string): void {
  const old = alwaysScans(ctx);
  const { severity, note } = sizedSeverity(ctx, table, 'error');
  ctx.report({
    message: `${form} on ${tableText(table)}.${column} scans the whole table for NULLs under ACCESS EXCLUSIVE, blocking reads and writes${old !== null ? ` (before PostgreSQL 12 even a validated CHECK does not spare the scan)` : ''}${note}`,
    hint:
      old !== null
        ? `before PostgreSQL 12 there is no scan-free way: keep a validated CHECK (${column} IS NOT NULL) instead, or run it in a quiet window with a lock_timeout`
        : `add CHECK (${column} IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT it in a later transaction, then SET NOT NULL (no scan) and drop the check`,
    severity,
  });
}

const addingNotNullableField: PgRule = {
  code: 'PG103',
  rule: 'adding-not-nullable-field',
  aliases: ['adding-not-nullable-field'],
  severity: 'error',
  summary: 'SET NOT NULL on an existing column scans the table under ACCESS EXCLUSIVE unless a validated CHECK (col IS NOT NULL) proves it (PostgreSQL 12+).',
  statements: statementTypes('AlterTableStmt'),
  check(s, ctx) {
    const alter = alterTable(s);
    if (!alter) return;
    const proofs = ruleMemory(ctx, () => new NotNullProofs());
    for (const cmd of alter.cmds) {
      if (!ctx.isNew(alter.table)) {
        const proven = (column: string) => alwaysScans(ctx) === null && proofs.covers(alter.table, column);
        if (cmd.subtype === 'AT_SetNotNull' && cmd.name && !proven(cmd.name)) reportSetNotNull(ctx, alter.table, cmd.name, 'SET NOT NULL');
        if (cmd.subtype === 'AT_AddConstraint' && cmd.def['contype'] === 'CONSTR_NOTNULL' && cmd.def['skip_validation'] !== true) {
          for (const column of notNullColumns(cmd.def).filter((c) => !proven(c))) reportSetNotNull(ctx, alter.table, column, 'ADD CONSTRAINT … NOT NULL');
        }
      }
      proofs.observe(alter.table, cmd);
    }
  },
};

/** Whether an added column gets a value for the rows already there (default, generated, identity, serial). */
function hasValueForOldRows(column: AstNode): boolean {
  const d = columnConstraint(column, 'CONSTR_DEFAULT');
  if (d && !isNullDefault(d['raw_expr'])) return true;
  return isSerial(column) || columnConstraints(column).some((c) => c['contype'] === 'CONSTR_GENERATED' || c['contype'] === 'CONSTR_IDENTITY');
}

const addingRequiredField: PgRule = {
  code: 'PG104',
  rule: 'adding-required-field',
  aliases: ['adding-required-field'],
  severity: 'error',
  summary: 'Adding a NOT NULL column without a default to an existing table fails as soon as the table has a row.',
  statements: statementTypes('AlterTableStmt'),
  check(s, ctx) {
    const added = addedColumns(s, ctx);
    if (!added) return;
    for (const column of added.columns) {
      const required = columnConstraints(column).some((c) => c['contype'] === 'CONSTR_NOTNULL' || c['contype'] === 'CONSTR_PRIMARY');
      if (!required || hasValueForOldRows(column)) continue;
      const size = ctx.tableSize(added.table);
      const empty = size?.rows === 0;
      ctx.report({
        message: `adding NOT NULL column ${String(column['colname'])} without a default to ${tableText(added.table)} fails if the table has any row${empty ? ' (the table looks empty by its row estimate)' : ''}`,
        hint: 'give the column a non-volatile DEFAULT, or add it nullable, backfill it, and set NOT NULL afterwards',
        severity: empty ? 'warning' : 'error',
      });
    }
  },
};

const addingSerialPrimaryKeyField: PgRule = {
  code: 'PG105',
  rule: 'adding-serial-primary-key-field',
  aliases: ['adding-serial-primary-key-field'],
  severity: 'error',
  summary: 'Adding a primary key to an existing table builds its index under ACCESS EXCLUSIVE, blocking reads and writes.',
  statements: statementTypes('AlterTableStmt'),
  check(s, ctx) {
    const alter = alterTable(s);
    if (!alter || ctx.isNew(alter.table)) return;
    for (const cmd of alter.cmds) {
      const inline = cmd.subtype === 'AT_AddColumn' && cmd.defType === 'ColumnDef' && columnConstraint(cmd.def, 'CONSTR_PRIMARY') !== undefined;
      const added = cmd.subtype === 'AT_AddConstraint' && cmd.def['contype'] === 'CONSTR_PRIMARY' && cmd.def['indexname'] === undefined;
      if (!inline && !added) continue;
      const { severity, note } = sizedSeverity(ctx, alter.table, 'error');
      ctx.report({
        message: `adding a primary key${inline ? ` on new column ${String(cmd.def['colname'])}` : ''} to ${tableText(alter.table)} builds its unique index under ACCESS EXCLUSIVE, blocking reads and writes${note}`,
        hint: inline
          ? 'add and fill the column first, CREATE UNIQUE INDEX CONCURRENTLY on it, then ADD CONSTRAINT … PRIMARY KEY USING INDEX'
          : 'CREATE UNIQUE INDEX CONCURRENTLY on the key columns, then ADD CONSTRAINT … PRIMARY KEY USING INDEX',
        severity,
      });
    }
  },
};

const changingColumnType: PgRule = {
  code: 'PG117',
  rule: 'changing-column-type',
  aliases: ['changing-column-type'],
  severity: 'error',
  summary: 'Changing a column type on an existing table rewrites it under ACCESS EXCLUSIVE unless the change is binary-compatible (varchar widening, → text, numeric precision raised).',
  statements: statementTypes('AlterTableStmt'),
  check(s, ctx) {
    const alter = alterTable(s);
    if (!alter) return;
    const types = ruleMemory(ctx, () => new Map<string, ColumnType>());
    for (const cmd of alter.cmds) {
      if ((cmd.subtype !== 'AT_AddColumn' && cmd.subtype !== 'AT_AlterColumnType') || cmd.defType !== 'ColumnDef') continue;
      const name = cmd.subtype === 'AT_AddColumn' ? String(cmd.def['colname']) : (cmd.name ?? '');
      const key = `${alter.table.name}.${name}`;
      const to = typeNameOf(cmd.def['typeName']);
      const from = types.get(key);
      types.set(key, to);
      if (cmd.subtype !== 'AT_AlterColumnType' || ctx.isNew(alter.table)) continue;
      const verdict = typeChange(from, to, isPlainUsing(cmd.def['raw_default'], name));
      const sized = sizedSeverity(ctx, alter.table, verdict.rewrite === 'yes' ? 'error' : 'warning');
      const column = `${tableText(alter.table)}.${name}`;
      ctx.report({
        message:
          verdict.rewrite === 'no'
            ? `changing the type of ${column}: ${verdict.why}; it still takes a brief ACCESS EXCLUSIVE lock${sized.note}`
            : `changing the type of ${column} under ACCESS EXCLUSIVE, blocking reads and writes: ${verdict.why}${sized.note}`,
        hint:
          verdict.rewrite === 'no'
            ? 'set a lock_timeout so the lock does not queue behind long queries'
            : 'add a column of the new type, backfill it in batches, switch the application over, then drop the old column',
        severity: verdict.rewrite === 'no' ? 'info' : sized.severity,
      });
    }
  },
};

/** The column rules, in code order. */
export const COLUMNS_RULES: readonly PgRule[] = [addingFieldWithDefault, addingNotNullableField, addingRequiredField, addingSerialPrimaryKeyField, changingColumnType];
