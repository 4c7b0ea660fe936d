/**
 * Whether a column default is volatile: since PostgreSQL 11 `ADD COLUMN … DEFAULT` stores a
 * non-volatile default once in the catalog, while a volatile one is evaluated for every row (a
 * rewrite). The catalog is not at hand, so a function shale does not know counts as volatile.
 */
import { asNode, type AstNode, list, names, nodeOf } from './ast.js';

/** Built-in functions that are stable or immutable, with the argument counts they take. */
const NON_VOLATILE: Readonly<Record<string, readonly number[]>> = {
  now: [0],
  transaction_timestamp: [0],
  statement_timestamp: [0],
  current_setting: [1, 2],
  lower: [1],
  upper: [1],
  btrim: [1, 2],
  length: [1],
  md5: [1],
  replace: [3],
  to_json: [1],
  to_jsonb: [1],
  to_char: [2],
  to_date: [2],
  to_timestamp: [1, 2],
  date_trunc: [2, 3],
  make_date: [3],
  make_interval: [0, 1, 2, 3, 4, 5, 6, 7],
  timezone: [2],
  abs: [1],
  round: [1, 2],
  pi: [0],
};

/** Functions known to give another value on each call. */
const VOLATILE = new Set(['random', 'gen_random_uuid', 'uuid_generate_v1', 'uuid_generate_v1mc', 'uuid_generate_v4', 'uuidv4', 'uuidv7', 'clock_timestamp', 'timeofday', 'nextval', 'setval']);

/** Variadic built-ins: any argument count. */
const ANY_ARITY = new Set(['concat', 'concat_ws', 'json_build_object', 'jsonb_build_object', 'json_build_array', 'jsonb_build_array', 'format']);

/** Fields holding sub-expressions of the expression nodes a default can be made of. */
const CHILDREN: Readonly<Record<string, readonly string[]>> = {
  A_Const: [],
  SQLValueFunction: [],
  TypeCast: ['arg'],
  CollateClause: ['arg'],
  A_Expr: ['lexpr', 'rexpr'],
  BoolExpr: ['args'],
  NullTest: ['arg'],
  BooleanTest: ['arg'],
  A_ArrayExpr: ['elements'],
  RowExpr: ['args'],
  CoalesceExpr: ['args'],
  MinMaxExpr: ['args'],
  CaseExpr: ['arg', 'args', 'defresult'],
  CaseWhen: ['expr', 'result'],
  A_Indirection: ['arg'],
  List: ['items'],
};

/** A call's function name, without `pg_catalog.`. */
function functionName(call: AstNode): string {
  const parts = names(call['funcname']);
  return parts[0] === 'pg_catalog' && parts.length === 2 ? parts[1]! : parts.join('.');
}

function callVolatility(call: AstNode): string | null {
  const name = functionName(call);
  const args = list(call['args']);
  if (VOLATILE.has(name)) return `${name}() is volatile`;
  const arities = NON_VOLATILE[name];
  if (!ANY_ARITY.has(name) && !arities?.includes(args.length)) return `${name}() with ${args.length} argument(s) is not a function shale knows to be non-volatile`;
  return firstVolatile(args);
}

function firstVolatile(nodes: readonly unknown[]): string | null {
  for (const n of nodes) {
    const why = volatilePart(n);
    if (why) return why;
  }
  return null;
}

/**
 * Why a default expression may be volatile (the first part that is), or null when it is not: a
 * constant, a cast, an operator or a known stable function over those.
 * @example volatilePart(defaultExpr) // 'random() is volatile'
 */
export function volatilePart(expr: unknown): string | null {
  if (expr === undefined || expr === null) return null;
  if (Array.isArray(expr)) return firstVolatile(expr);
  const [type, body] = nodeOf(expr);
  if (type === 'FuncCall') return callVolatility(body);
  const fields = CHILDREN[type];
  if (!fields) return `a ${type} expression is not one shale can prove non-volatile`;
  return firstVolatile(fields.map((f) => body[f]).filter((v) => v !== undefined));
}

/** Whether a default is `NULL` (possibly cast): adding the column then writes nothing, on any version. */
export function isNullDefault(expr: unknown): boolean {
  const cast = asNode(expr, 'TypeCast');
  if (cast) return isNullDefault(cast['arg']);
  return asNode(expr, 'A_Const')?.['isnull'] === true;
}
