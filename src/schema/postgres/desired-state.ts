import { messageOf } from '../../errors.js';
import type { DesiredStateSupport } from '../dialect.js';
import { createdName, nodeOf, pgParser } from './pg-ast.js';

/**
 * SQLSTATEs meaning "something this statement needs does not exist yet": the statement is retried
 * after the others. undefined_table, undefined_object, undefined_function, invalid_schema_name,
 * undefined_column, invalid_foreign_key (no unique constraint on the referenced columns yet).
 */
export const RETRYABLE_SQLSTATES: ReadonlySet<string> = new Set(['42P01', '42704', '42883', '3F000', '42703', '42830']);

/** Statement node type → first guess at its place among desired-state DDL (others: 9). */
const KIND_RANK: Record<string, number> = {
  CreateSchemaStmt: 0,
  CreateExtensionStmt: 1,
  CreateEnumStmt: 2,
  CompositeTypeStmt: 2,
  CreateDomainStmt: 2,
  CreateRangeStmt: 2,
  CreateSeqStmt: 3,
  CreateFunctionStmt: 4,
  CreateStmt: 5,
  AlterTableStmt: 6,
  IndexStmt: 7,
  ViewStmt: 8,
};

/**
 * A base type's shell and definition (CREATE TYPE t; … CREATE TYPE t (INPUT = …)) rank with the
 * functions, so the file's own order holds among them: its I/O functions come between the two, and
 * a SQL function taking the type must come after the definition (it cannot take a shell).
 */
function rankOf(stmt: Parameters<typeof nodeOf>[0]): number {
  const [type, node] = nodeOf(stmt);
  if (type === 'DefineStmt' && node.kind === 'OBJECT_TYPE') return KIND_RANK.CreateFunctionStmt ?? 9;
  return KIND_RANK[type] ?? 9;
}

/** The first statement node of each text (one statement of a split script), or undefined. */
async function firstStatements(sqls: readonly string[]) {
  const parser = await pgParser();
  return sqls.map((sql) => parser.parseSync(sql).stmts?.[0]?.stmt);
}

function sqlState(e: unknown): string | undefined {
  const c = (e as { code?: unknown } | null)?.code;
  return typeof c === 'string' ? c : undefined;
}

/**
 * What applying PostgreSQL desired-state DDL needs: types before tables before constraints, indexes
 * and views as a first guess (the retries on the SQLSTATEs above still decide), and the names that
 * explain statements that can never run.
 */
export const postgresDesiredState: DesiredStateSupport = {
  async ranks(sqls) {
    return (await firstStatements(sqls)).map((stmt) => (stmt ? rankOf(stmt) : 9));
  },
  isRetryable(error) {
    const code = sqlState(error);
    return code !== undefined && RETRYABLE_SQLSTATES.has(code);
  },
  async createdNames(sqls) {
    return (await firstStatements(sqls)).map((stmt) => (stmt ? createdName(stmt) : null));
  },
  // `relation "b" does not exist` → `b`; `function f(integer) does not exist` → `f`.
  missingName(error) {
    const message = messageOf(error);
    const quoted = /"([^"]+)"/.exec(message);
    if (quoted?.[1] !== undefined) return quoted[1].split('.').pop() ?? null;
    const fn = /function ([^\s(]+)\(/.exec(message);
    return fn?.[1] !== undefined ? (fn[1].split('.').pop() ?? null) : null;
  },
};
