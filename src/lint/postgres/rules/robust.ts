/** Statements that fail when a migration that ran in part (outside a transaction) runs again. */
import { asNode, type AstNode, list, names, relName, type RelName } from '../ast.js';
import type { PgRule, PgStatement } from '../rule.js';

const relText = (r: RelName | null): string => (r ? (r.schema ? `${r.schema}.${r.name}` : r.name) : '');

/** A statement that is not safe to run twice: what it is and how to write it so it is. */
interface Fragile {
  readonly what: string;
  readonly fix: string;
}

/** Constraint names a `DROP CONSTRAINT IF EXISTS` cleared for one `ADD CONSTRAINT` each (`table.constraint`). */
type Cleared = Set<string>;

const CREATES_IF_NOT_EXISTS: Readonly<Record<string, { field: string; what: string }>> = {
  CreateSeqStmt: { field: 'sequence', what: 'CREATE SEQUENCE' },
  CreateSchemaStmt: { field: 'schemaname', what: 'CREATE SCHEMA' },
  CreateExtensionStmt: { field: 'extname', what: 'CREATE EXTENSION' },
};

function createTable(node: AstNode): Fragile | null {
  if (node['if_not_exists'] === true) return null;
  // A temporary table dropped at commit is gone before the statement could run again.
  if (node['oncommit'] === 'ONCOMMIT_DROP' && (node['relation'] as AstNode | undefined)?.['relpersistence'] === 't') return null;
  return { what: `CREATE TABLE ${relText(relName(node['relation']))}`, fix: 'CREATE TABLE IF NOT EXISTS' };
}

function alterCommand(table: RelName, cmd: AstNode, cleared: Cleared): Fragile | null {
  const subtype = String(cmd['subtype']);
  const missingOk = cmd['missing_ok'] === true;
  switch (subtype) {
    case 'AT_ValidateConstraint':
      return null;
    case 'AT_AddColumn': {
      const column = String(asNode(cmd['def'], 'ColumnDef')?.['colname'] ?? '');
      return missingOk ? null : { what: `ADD COLUMN ${column}`, fix: 'ADD COLUMN IF NOT EXISTS' };
    }
    case 'AT_DropColumn':
      return missingOk ? null : { what: `DROP COLUMN ${String(cmd['name'])}`, fix: 'DROP COLUMN IF EXISTS' };
    case 'AT_DropConstraint':
      if (!missingOk) return { what: `DROP CONSTRAINT ${String(cmd['name'])}`, fix: 'DROP CONSTRAINT IF EXISTS' };
      cleared.add(`${table.name}.${String(cmd['name'])}`);
      return null;
    case 'AT_AddConstraint': {
      const name = asNode(cmd['def'], 'Constraint')?.['conname'];
      const key = `${table.name}.${String(name)}`;
      if (typeof name === 'string' && cleared.delete(key)) return null;
      return { what: `ADD CONSTRAINT${typeof name === 'string' ? ` ${name}` : ''}`, fix: 'a DROP CONSTRAINT IF EXISTS of the same name before it' };
    }
    default:
      return { what: subtype.replace(/^AT_/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase(), fix: 'a statement that checks the current state first (or a transaction around the change)' };
  }
}

/** Why a statement would fail on a second run, or null when it would not. */
function fragile(s: PgStatement, cleared: Cleared): Fragile | null {
  const node = s.node;
  switch (s.type) {
    case 'CreateStmt':
      return createTable(node);
    case 'IndexStmt':
      // An unnamed index gets a fresh name each time: it cannot collide.
      if (node['if_not_exists'] === true || typeof node['idxname'] !== 'string') return null;
      return { what: `CREATE INDEX ${node['idxname']}`, fix: node['concurrent'] === true ? 'CREATE INDEX CONCURRENTLY IF NOT EXISTS' : 'CREATE INDEX IF NOT EXISTS' };
    case 'CreateTableAsStmt':
      return node['if_not_exists'] === true ? null : { what: `CREATE ${node['objtype'] === 'OBJECT_MATVIEW' ? 'MATERIALIZED VIEW' : 'TABLE AS'}`, fix: 'IF NOT EXISTS' };
    case 'ViewStmt':
      return node['replace'] === true ? null : { what: `CREATE VIEW ${relText(relName(node['view']))}`, fix: 'CREATE OR REPLACE VIEW' };
    case 'CreateFunctionStmt':
      return node['replace'] === true ? null : { what: `CREATE ${node['is_procedure'] === true ? 'PROCEDURE' : 'FUNCTION'} ${names(node['funcname']).join('.')}`, fix: 'CREATE OR REPLACE' };
    case 'DropStmt': {
      if (node['missing_ok'] === true) return null;
      const kind = String(node['removeType']).replace(/^OBJECT_/, '').replace('MATVIEW', 'MATERIALIZED VIEW').replace(/_/g, ' ');
      return { what: `DROP ${kind}`, fix: `DROP ${kind} IF EXISTS` };
    }
    case 'AlterTableStmt': {
      const table = relName(node['relation']);
      if (!table) return null;
      const hits = list(node['cmds']).map((c) => alterCommand(table, asNode(c, 'AlterTableCmd') ?? {}, cleared));
      const first = hits.find((h) => h !== null);
      return first ? { what: `ALTER TABLE ${relText(table)} ${first.what}`, fix: first.fix } : null;
    }
    default: {
      const create = CREATES_IF_NOT_EXISTS[s.type];
      if (!create || node['if_not_exists'] === true) return null;
      return { what: create.what, fix: `${create.what} IF NOT EXISTS` };
    }
  }
}

const preferRobustStmts: PgRule = {
  code: 'PG125',
  rule: 'prefer-robust-stmts',
  aliases: ['prefer-robust-stmts'],
  severity: 'info',
  summary: 'A statement outside a transaction that fails when run again (no IF [NOT] EXISTS) makes a migration that stopped half-way hard to resume.',
  end(statements, ctx) {
    // A lone statement either ran or did not: there is no half-done state to run again over.
    if (statements.length < 2) return;
    const cleared: Cleared = new Set();
    for (const s of statements) {
      const hit = fragile(s, cleared);
      // Inside a transaction a failure undoes everything before it: a second run starts clean.
      if (!hit || s.inTransaction) continue;
      ctx.report(
        {
          message: `${hit.what} fails if it runs again, and it runs outside a transaction: if the migration stops after it, resuming or re-running it breaks here`,
          hint: `use ${hit.fix}`,
        },
        s,
      );
    }
  },
};

/** The robustness rules, in code order. */
export const ROBUST_RULES: readonly PgRule[] = [preferRobustStmts];
