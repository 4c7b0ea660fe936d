/**
 * The safe forms of PostgreSQL hazards (`shale lint --fix`): which finding on which statement has
 * one (a closed union of typed fixes, decided from the parse tree), and the one place that renders
 * each into the steps the generic fixer puts in the migration.
 */
import { assertNever } from '../../errors.js';
import type { FixStep, LintFix } from '../dialect.js';
import { asNode, list, names, relName, type RelName } from './ast.js';
import { sqlName, tokensOf } from './lexer.js';
import type { PgStatement } from './rule.js';
import { alterTable, keyColumns, type AlterCommand } from './table-alter.js';

/** The lock_timeout a `--fix` preamble sets. */
export const FIX_LOCK_TIMEOUT = '5s';

/** A fix of one statement, decided from its parse tree. */
export type PgFix =
  /** CREATE INDEX, DROP INDEX, REINDEX, DETACH PARTITION: add CONCURRENTLY and run it outside a transaction. */
  | { readonly kind: 'concurrently'; readonly form: 'create-index' | 'drop-index' | 'reindex' | 'detach-partition' }
  /** Already CONCURRENTLY (or REINDEX SCHEMA…) but inside the migration's transaction: run it outside. */
  | { readonly kind: 'outside-transaction' }
  /** ADD CONSTRAINT FOREIGN KEY / CHECK: NOT VALID now, VALIDATE after the commit. `unnamed`: name it as PostgreSQL would. */
  | { readonly kind: 'not-valid'; readonly table: RelName; readonly constraint: string; readonly unnamed: { readonly at: number } | null }
  /** SET NOT NULL: a NOT VALID check, validated after the commit, then SET NOT NULL (no scan) and the check dropped. */
  | { readonly kind: 'not-null-via-check'; readonly table: RelName; readonly column: string; readonly check: string }
  /**
   * ADD UNIQUE: build the index concurrently, then attach it as the constraint. (Not PRIMARY KEY:
   * attaching one sets its columns NOT NULL, a scan under ACCESS EXCLUSIVE when they are nullable.)
   */
  | { readonly kind: 'key-via-index'; readonly table: RelName; readonly constraint: string; readonly columns: readonly string[] }
  /** A lock_timeout set first in the script. */
  | { readonly kind: 'lock-timeout' };

/** What a fix needs to know of the run besides the statement. */
export interface FixContext {
  readonly serverVersion: number | undefined;
  /** Whether an existing table or index is partitioned (see `LintTarget.partitioned`); false when unknown. */
  readonly partitioned: (rel: RelName) => boolean;
}

/** The longest name PostgreSQL keeps; a fix whose name would be longer is not offered. */
const MAX_NAME_BYTES = 63;

/** The fix for finding `code` on `s`, or null when there is none (or no safe one for this form). */
export function pgFixOf(code: string, s: PgStatement, ctx: FixContext): PgFix | null {
  // Steps outside the statement's transaction cannot be placed inside a BEGIN … COMMIT the migration wrote itself.
  if (s.inTransaction && !s.inMigrationTransaction) return null;
  const atLeast = (v: number) => ctx.serverVersion === undefined || ctx.serverVersion >= v;
  switch (code) {
    // PostgreSQL builds and drops a partitioned table's indexes only without CONCURRENTLY.
    case 'PG130':
      return s.type === 'IndexStmt' && !onPartitioned(relName(s.node['relation']), ctx) ? { kind: 'concurrently', form: 'create-index' } : null;
    case 'PG131':
      return droppedOneIndex(s) && !onPartitioned(droppedIndex(s), ctx) ? { kind: 'concurrently', form: 'drop-index' } : null;
    case 'PG133':
      return s.type === 'ReindexStmt' && atLeast(12) ? { kind: 'concurrently', form: 'reindex' } : null;
    case 'PG132':
      return atLeast(14) && onlyCommand(s)?.subtype === 'AT_DetachPartition' ? { kind: 'concurrently', form: 'detach-partition' } : null;
    case 'PG108':
      return s.inMigrationTransaction ? { kind: 'outside-transaction' } : null;
    case 'PG102':
    case 'PG118':
      return notValidFix(s, ctx);
    case 'PG103':
      return atLeast(12) ? notNullFix(s) : null;
    case 'PG119':
      return keyFix(s);
    case 'PG135':
      return { kind: 'lock-timeout' };
    default:
      return null;
  }
}

/** The one subcommand of an ALTER TABLE that has exactly one (a fix rewrites whole statements). */
function onlyCommand(s: PgStatement): (AlterCommand & { table: RelName }) | null {
  // ALTER TABLE ONLY (not its children) and IF EXISTS would be lost by the steps a fix adds.
  if ((s.node['relation'] as { inh?: boolean } | undefined)?.inh !== true || s.node['missing_ok'] === true) return null;
  const alter = alterTable(s);
  return alter && alter.cmds.length === 1 ? { ...alter.cmds[0]!, table: alter.table } : null;
}

function droppedOneIndex(s: PgStatement): boolean {
  return s.type === 'DropStmt' && s.node['removeType'] === 'OBJECT_INDEX' && list(s.node['objects']).length === 1 && s.node['behavior'] !== 'DROP_CASCADE';
}

function onPartitioned(rel: RelName | null, ctx: FixContext): boolean {
  return rel !== null && ctx.partitioned(rel);
}

/** The index a one-index DROP INDEX names. */
function droppedIndex(s: PgStatement): RelName | null {
  const parts = names(asNode(list(s.node['objects'])[0], 'List')?.['items']);
  return parts.length === 0 ? null : { schema: parts.length > 1 ? parts[parts.length - 2]! : null, name: parts[parts.length - 1]! };
}

function notValidFix(s: PgStatement, ctx: FixContext): PgFix | null {
  const cmd = onlyCommand(s);
  if (!cmd || cmd.subtype !== 'AT_AddConstraint' || cmd.def['skip_validation'] === true) return null;
  const type = cmd.def['contype'];
  if (type !== 'CONSTR_FOREIGN' && type !== 'CONSTR_CHECK') return null;
  // Before PostgreSQL 18 a partitioned table takes no NOT VALID foreign key ("not yet supported").
  if (type === 'CONSTR_FOREIGN' && ctx.partitioned(cmd.table) && !(ctx.serverVersion !== undefined && ctx.serverVersion >= 18)) return null;
  if (typeof cmd.def['conname'] === 'string') return { kind: 'not-valid', table: cmd.table, constraint: cmd.def['conname'], unnamed: null };
  // PostgreSQL names an unnamed foreign key <table>_<columns>_fkey; an unnamed CHECK's name depends on its expression.
  if (type !== 'CONSTR_FOREIGN') return null;
  const name = `${cmd.table.name}_${keyColumns(cmd.def, 'fk_attrs').join('_')}_fkey`;
  const at = cmd.def['location'];
  return fits(name) && typeof at === 'number' ? { kind: 'not-valid', table: cmd.table, constraint: name, unnamed: { at } } : null;
}

function notNullFix(s: PgStatement): PgFix | null {
  const cmd = onlyCommand(s);
  if (!cmd || cmd.subtype !== 'AT_SetNotNull' || !cmd.name) return null;
  const check = `${cmd.table.name}_${cmd.name}_not_null_check`;
  return fits(check) ? { kind: 'not-null-via-check', table: cmd.table, column: cmd.name, check } : null;
}

/** Options a unique index built beforehand cannot carry into ADD CONSTRAINT … USING INDEX as written. */
const KEY_OPTIONS = ['deferrable', 'initdeferred', 'including', 'nulls_not_distinct', 'options', 'indexspace', 'exclusions', 'where_clause'];

function keyFix(s: PgStatement): PgFix | null {
  const cmd = onlyCommand(s);
  if (!cmd || cmd.subtype !== 'AT_AddConstraint' || cmd.def['indexname'] !== undefined) return null;
  if (cmd.def['contype'] !== 'CONSTR_UNIQUE') return null;
  if (KEY_OPTIONS.some((o) => cmd.def[o] !== undefined && cmd.def[o] !== false)) return null;
  const columns = keyColumns(cmd.def);
  if (columns.length === 0) return null;
  const given = typeof cmd.def['conname'] === 'string' ? cmd.def['conname'] : null;
  const constraint = given ?? `${cmd.table.name}_${columns.join('_')}_key`;
  return fits(constraint) ? { kind: 'key-via-index', table: cmd.table, constraint, columns } : null;
}

function fits(name: string): boolean {
  return Buffer.byteLength(name) <= MAX_NAME_BYTES;
}

const tableSql = (t: RelName): string => (t.schema ? `${sqlName(t.schema)}.${sqlName(t.name)}` : sqlName(t.name));

/**
 * The fix as text: `sql` is the statement (first token to end, no `;`) at character `from` of
 * `script`, whose parse-tree locations are UTF-8 byte offsets of `script`.
 */
export function renderPgFix(fix: PgFix, statement: { readonly sql: string; readonly from: number; readonly script: string }): LintFix {
  // The statement ends at its last token: a comment after the last statement of a script is not part of it.
  const code = tokensOf(statement.sql).filter((t) => t.tokenName !== 'SQL_COMMENT' && t.tokenName !== 'C_COMMENT');
  const s = { ...statement, sql: statement.sql.slice(0, code[code.length - 1]?.end ?? statement.sql.length) };
  const replace = (title: string, steps: readonly FixStep[]): LintFix => ({ kind: 'replace', title, from: s.from, to: s.from + s.sql.length, steps });
  switch (fix.kind) {
    case 'concurrently':
      return replace(`${CONCURRENT_TITLE[fix.form]} → CONCURRENTLY, outside the transaction`, [{ sql: withConcurrently(fix.form, s.sql), run: 'alone' }]);
    case 'outside-transaction':
      return replace('run outside the transaction', [{ sql: s.sql, run: 'alone' }]);
    case 'not-valid': {
      const named = fix.unnamed ? insertAt(s.sql, charInStatement(s, fix.unnamed.at), `CONSTRAINT ${sqlName(fix.constraint)} `) : s.sql;
      return replace('ADD CONSTRAINT → NOT VALID, VALIDATE after the commit', [
        { sql: `${named} NOT VALID`, run: 'in-place' },
        { sql: `ALTER TABLE ${tableSql(fix.table)} VALIDATE CONSTRAINT ${sqlName(fix.constraint)}`, run: 'after-commit' },
      ]);
    }
    case 'not-null-via-check': {
      const t = tableSql(fix.table);
      const c = sqlName(fix.check);
      return replace('SET NOT NULL → NOT VALID check, VALIDATE, SET NOT NULL, drop the check', [
        { sql: `ALTER TABLE ${t} ADD CONSTRAINT ${c} CHECK (${sqlName(fix.column)} IS NOT NULL) NOT VALID`, run: 'in-place' },
        { sql: `ALTER TABLE ${t} VALIDATE CONSTRAINT ${c}`, run: 'after-commit' },
        { sql: `ALTER TABLE ${t} ALTER COLUMN ${sqlName(fix.column)} SET NOT NULL`, run: 'after-commit' },
        { sql: `ALTER TABLE ${t} DROP CONSTRAINT ${c}`, run: 'after-commit' },
      ]);
    }
    case 'key-via-index': {
      const t = tableSql(fix.table);
      const name = sqlName(fix.constraint);
      return replace('ADD UNIQUE → unique index built CONCURRENTLY, then ADD CONSTRAINT … USING INDEX', [
        { sql: `CREATE UNIQUE INDEX CONCURRENTLY ${name} ON ${t} (${fix.columns.map(sqlName).join(', ')})`, run: 'alone' },
        { sql: `ALTER TABLE ${t} ADD CONSTRAINT ${name} UNIQUE USING INDEX ${name}`, run: 'in-place' },
      ]);
    }
    case 'lock-timeout':
      return {
        kind: 'preamble',
        title: `lock_timeout = '${FIX_LOCK_TIMEOUT}' set first`,
        local: `SET LOCAL lock_timeout = '${FIX_LOCK_TIMEOUT}'`,
        session: `SET lock_timeout = '${FIX_LOCK_TIMEOUT}'`,
        reset: 'RESET lock_timeout',
      };
    default:
      return assertNever(fix);
  }
}

const CONCURRENT_TITLE: Readonly<Record<Extract<PgFix, { kind: 'concurrently' }>['form'], string>> = {
  'create-index': 'CREATE INDEX',
  'drop-index': 'DROP INDEX',
  reindex: 'REINDEX',
  'detach-partition': 'DETACH PARTITION',
};

/** The statement with CONCURRENTLY where its form takes it. */
function withConcurrently(form: Extract<PgFix, { kind: 'concurrently' }>['form'], sql: string): string {
  if (form === 'detach-partition') return `${sql} ${inCaseOf(sql, 'CONCURRENTLY')}`;
  const tokens = tokensOf(sql);
  // CREATE [UNIQUE] INDEX …, DROP INDEX …: after INDEX. REINDEX [(…)] TABLE|INDEX|SCHEMA|DATABASE …: after the kind.
  const kinds = form === 'reindex' ? ['index', 'table', 'schema', 'database'] : ['index'];
  let depth = 0;
  for (const t of tokens) {
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (depth === 0 && kinds.includes(t.text.toLowerCase())) return insertAt(sql, t.end, ` ${inCaseOf(t.text, 'CONCURRENTLY')}`);
  }
  return sql;
}

/** A keyword in the case the statement writes its own: lower case when `like` is. */
function inCaseOf(like: string, keyword: string): string {
  return /[A-Z]/.test(like) ? keyword : keyword.toLowerCase();
}

function insertAt(text: string, at: number, what: string): string {
  return `${text.slice(0, at)}${what}${text.slice(at)}`;
}

/** A parse-tree location (a byte offset of the script) as a character offset of the statement. */
function charInStatement(s: { readonly from: number; readonly script: string }, byteOffset: number): number {
  return Buffer.from(s.script).subarray(0, byteOffset).toString().length - s.from;
}

