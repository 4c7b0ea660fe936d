/**
 * Changes that break the clients of an existing object, or lose its data: drops, renames, a dropped
 * NOT NULL, TRUNCATE … CASCADE. An object the run created earlier has no clients yet: no finding.
 */
import { asNode, type AstNode, list, relName, type RelName } from '../ast.js';
import { type PgRule, type PgRuleContext, type PgStatement, statementTypes } from '../rule.js';

const label = (r: RelName): string => (r.schema ? `${r.schema}.${r.name}` : r.name);

/** The table of an ALTER TABLE that existed before the run (null for a new one or another statement). */
function existingAlteredTable(s: PgStatement, ctx: PgRuleContext): RelName | null {
  if (s.type !== 'AlterTableStmt') return null;
  const table = relName(s.node['relation']);
  return table && !ctx.isNew(table) ? table : null;
}

/** The commands of an ALTER TABLE of one subtype. */
function commands(s: PgStatement, subtype: string): AstNode[] {
  return list(s.node['cmds'])
    .map((c) => asNode(c, 'AlterTableCmd'))
    .filter((c): c is AstNode => c?.['subtype'] === subtype);
}

/** PG110: the column's data is gone, and every query naming it fails. */
const banDropColumn: PgRule = {
  code: 'PG110',
  rule: 'ban-drop-column',
  aliases: ['ban-drop-column'],
  severity: 'error',
  summary: 'Dropping a column of an existing table loses its data and breaks the clients that still use it.',
  statements: statementTypes('AlterTableStmt'),
  check(s, ctx) {
    const table = existingAlteredTable(s, ctx);
    if (!table) return;
    for (const cmd of commands(s, 'AT_DropColumn')) {
      ctx.report({
        message: `dropping column ${label(table)}.${String(cmd['name'])} loses its data and breaks the clients still reading or writing it`,
        hint: 'first deploy clients that no longer use the column, then drop it in a later migration (or keep it)',
      });
    }
  },
};

/** PG111: everything in the database is gone. */
const banDropDatabase: PgRule = {
  code: 'PG111',
  rule: 'ban-drop-database',
  aliases: ['ban-drop-database'],
  severity: 'error',
  summary: 'Dropping a database loses all of its data and breaks every client of it.',
  statements: statementTypes('DropdbStmt'),
  check(s, ctx) {
    if (s.type !== 'DropdbStmt') return;
    const inTx = s.inTransaction ? '; it also fails inside a transaction block' : '';
    ctx.report({
      message: `dropping database ${String(s.node['dbname'])} loses all of its data and breaks every client of it${inTx}`,
      hint: 'drop databases by hand, outside of migrations',
    });
  },
};

/** PG112: clients that assume the column is never null start reading nulls. */
const banDropNotNull: PgRule = {
  code: 'PG112',
  rule: 'ban-drop-not-null',
  aliases: ['ban-drop-not-null'],
  severity: 'warning',
  summary: 'Dropping NOT NULL from a column of an existing table lets nulls reach clients that assume none.',
  statements: statementTypes('AlterTableStmt'),
  check(s, ctx) {
    const table = existingAlteredTable(s, ctx);
    if (!table) return;
    for (const cmd of commands(s, 'AT_DropNotNull')) {
      ctx.report({
        message: `dropping NOT NULL from ${label(table)}.${String(cmd['name'])} lets nulls reach clients that assume the column always has a value`,
        hint: 'make sure every client handles a null in the column before dropping the constraint',
      });
    }
  },
};

/** The tables a `DROP TABLE` names, schema-qualified as written. */
function droppedTables(node: AstNode): RelName[] {
  return list(node['objects']).flatMap((o) => {
    const parts = list(asNode(o, 'List')?.['items']).map((p) => (asNode(p, 'String')?.['sval'] as string | undefined) ?? '');
    const name = parts[parts.length - 1];
    return name ? [{ schema: parts.length > 1 ? parts[parts.length - 2]! : null, name }] : [];
  });
}

/** PG113: the table's rows are gone, and every query naming it fails. */
const banDropTable: PgRule = {
  code: 'PG113',
  rule: 'ban-drop-table',
  aliases: ['ban-drop-table'],
  severity: 'error',
  summary: 'Dropping an existing table loses its data and breaks the clients that still use it.',
  statements: statementTypes('DropStmt'),
  check(s, ctx) {
    if (s.type !== 'DropStmt' || s.node['removeType'] !== 'OBJECT_TABLE') return;
    const existing = droppedTables(s.node).filter((t) => !ctx.isNew(t));
    if (existing.length === 0) return;
    const cascade = s.node['behavior'] === 'DROP_CASCADE' ? ', with the views and foreign keys that depend on it' : '';
    ctx.report({
      message: `dropping table ${existing.map(label).join(', ')} loses its rows${cascade} and breaks the clients still using it`,
      hint: 'first deploy clients that no longer use the table, then drop it in a later migration (or rename it aside)',
    });
  },
};

/** PG115: CASCADE also empties every table with a foreign key to these, which the statement does not name. */
const banTruncateCascade: PgRule = {
  code: 'PG115',
  rule: 'ban-truncate-cascade',
  aliases: ['ban-truncate-cascade'],
  severity: 'error',
  summary: 'TRUNCATE … CASCADE also empties every table that references the truncated ones, which it does not name.',
  statements: statementTypes('TruncateStmt'),
  check(s, ctx) {
    if (s.type !== 'TruncateStmt' || s.node['behavior'] !== 'DROP_CASCADE') return;
    const tables = list(s.node['relations']).map((r) => relName(asNode(r, 'RangeVar')));
    const existing = tables.filter((t): t is RelName => t !== null && !ctx.isNew(t));
    if (existing.length === 0) return;
    ctx.report({
      message: `TRUNCATE ${existing.map(label).join(', ')} CASCADE also deletes every row of the tables that reference them, whichever they are`,
      hint: 'name every table to truncate and drop CASCADE, so a referencing table stops the statement instead of being emptied',
    });
  },
};

/** The relation of a `RenameStmt` of `types`, when it existed before the run. */
function existingRenamed(s: PgStatement, ctx: PgRuleContext, types: ReadonlySet<string>): RelName | null {
  if (s.type !== 'RenameStmt' || !types.has(String(s.node['renameType']))) return null;
  const rel = relName(s.node['relation']);
  return rel && !ctx.isNew(rel) ? rel : null;
}

const COLUMN = new Set(['OBJECT_COLUMN']);
const TABLE = new Set(['OBJECT_TABLE', 'OBJECT_FOREIGN_TABLE']);

/** PG128: queries that name the old column fail from the moment the migration commits. */
const renamingColumn: PgRule = {
  code: 'PG128',
  rule: 'renaming-column',
  aliases: ['renaming-column'],
  severity: 'warning',
  summary: 'Renaming a column of an existing table breaks the clients that use the old name.',
  statements: statementTypes('RenameStmt'),
  check(s, ctx) {
    const rel = existingRenamed(s, ctx, COLUMN);
    if (!rel) return;
    ctx.report({
      message: `renaming ${label(rel)}.${String(s.node['subname'])} to ${String(s.node['newname'])} breaks the clients that still use the old name`,
      hint: 'add the new column, write both, backfill, move the clients, then drop the old column',
    });
  },
};

/** PG129: queries that name the old table fail from the moment the migration commits. */
const renamingTable: PgRule = {
  code: 'PG129',
  rule: 'renaming-table',
  aliases: ['renaming-table'],
  severity: 'warning',
  summary: 'Renaming an existing table breaks the clients that use the old name.',
  statements: statementTypes('RenameStmt'),
  check(s, ctx) {
    const rel = existingRenamed(s, ctx, TABLE);
    if (!rel) return;
    ctx.report({
      message: `renaming table ${label(rel)} to ${String(s.node['newname'])} breaks the clients that still use the old name`,
      hint: 'rename it and create a view with the old name (dropped once clients moved), or move clients first',
    });
  },
};

/** Breaking-change rules: PG110–PG113, PG115, PG128, PG129. */
export const BREAKING_RULES: readonly PgRule[] = [banDropColumn, banDropDatabase, banDropNotNull, banDropTable, banTruncateCascade, renamingColumn, renamingTable];
