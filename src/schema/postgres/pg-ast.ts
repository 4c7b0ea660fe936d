import { createRequire } from 'node:module';

/** A node of libpg-query's JSON parse tree: `{ NodeType: { …fields } }`. */
export type AstNode = Record<string, unknown>;
/** One statement of a parse result, with its UTF-8 byte range in the parsed text. */
export interface ParsedStatement {
  readonly stmt: AstNode;
  readonly stmt_location?: number;
  readonly stmt_len?: number;
}
type LibPgQuery = { loadModule(): Promise<void>; parseSync(sql: string): { stmts?: ParsedStatement[] } };

let loading: Promise<LibPgQuery> | null = null;

/** The real PostgreSQL parser (libpg-query, WASM), loaded once per process. */
export function pgParser(): Promise<LibPgQuery> {
  loading ??= (async () => {
    const m = createRequire(import.meta.url)('libpg-query') as LibPgQuery;
    await m.loadModule();
    return m;
  })();
  return loading;
}

/** The single node type and fields of a statement node. */
export function nodeOf(stmt: AstNode): [string, AstNode] {
  const [type, body] = Object.entries(stmt)[0] ?? ['', {}];
  return [type, (body ?? {}) as AstNode];
}

function rangeVarName(v: unknown): string | null {
  const r = v as { relname?: string } | undefined;
  return r?.relname ?? null;
}

function lastString(list: unknown): string | null {
  const items = (list as { String?: { sval?: string } }[] | undefined) ?? [];
  return items[items.length - 1]?.String?.sval ?? null;
}

/**
 * The (unqualified) name of the object a DDL statement creates, or null when it creates none shale
 * needs to track (used to explain why statements of a desired schema wait on each other).
 */
export function createdName(stmt: AstNode): string | null {
  const [type, n] = nodeOf(stmt);
  switch (type) {
    case 'CreateStmt':
      return rangeVarName(n['relation']);
    case 'ViewStmt':
      return rangeVarName(n['view']);
    case 'CreateTableAsStmt':
      return rangeVarName((n['into'] as { rel?: unknown } | undefined)?.rel);
    case 'CompositeTypeStmt':
      return rangeVarName(n['typevar']);
    case 'CreateSeqStmt':
      return rangeVarName(n['sequence']);
    case 'CreateEnumStmt':
      return lastString(n['typeName']);
    case 'CreateDomainStmt':
      return lastString(n['domainname']);
    case 'CreateFunctionStmt':
      return lastString(n['funcname']);
    case 'CreateSchemaStmt':
      return (n['schemaname'] as string | undefined) ?? null;
    case 'IndexStmt':
      return (n['idxname'] as string | undefined) ?? null;
    default:
      return null;
  }
}
