import type { Queryable } from '../../adapters/adapter.js';
import { quoteIdent } from '../../adapters/postgres/quote.js';
import { pgParser } from './pg-ast.js';

/**
 * The roles SQL texts name (GRANT … TO r, CREATE POLICY … TO r, OWNER TO r, …), minus those the
 * texts create themselves. A text that does not parse names none here: running it reports the error.
 * @example await referencedRoles(['grant select on t to app_reader;']) // ['app_reader']
 */
export async function referencedRoles(texts: readonly string[]): Promise<string[]> {
  const parser = await pgParser();
  const named = new Set<string>();
  const created = new Set<string>();
  for (const text of texts) {
    if (text.trim() === '') continue;
    let tree: unknown;
    try {
      tree = parser.parseSync(text);
    } catch {
      continue; // not SQL shale can read; the run that executes it reports where it fails
    }
    collect(tree, named, created);
  }
  return [...named].filter((r) => !created.has(r)).sort();
}

function collect(node: unknown, named: Set<string>, created: Set<string>): void {
  if (Array.isArray(node)) {
    for (const n of node) collect(n, named, created);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const o = node as Record<string, unknown>;
  // ROLESPEC_CSTRING is a role named by the text (not CURRENT_USER, PUBLIC, …).
  if (o['roletype'] === 'ROLESPEC_CSTRING' && typeof o['rolename'] === 'string') named.add(o['rolename']);
  const createRole = o['CreateRoleStmt'] as { role?: unknown } | undefined;
  if (typeof createRole?.role === 'string') created.add(createRole.role);
  for (const v of Object.values(o)) collect(v, named, created);
}

/**
 * Create (NOLOGIN, no privileges) the named roles `db` does not have. Only for a dev database that
 * owns its whole cluster (embedded PGlite): roles are cluster-wide, and a grant to `app_reader` in a
 * schema must not fail only because the embedded database has never heard of the role.
 */
export async function createMissingRoles(db: Queryable, roles: readonly string[]): Promise<string[]> {
  if (roles.length === 0) return [];
  const have = new Set((await db.query<{ rolname: string }>('select rolname from pg_catalog.pg_roles where rolname = any($1)', [roles])).rows.map((r) => r.rolname));
  const missing = roles.filter((r) => !have.has(r));
  for (const r of missing) await db.query(`create role ${quoteIdent(r)} nologin`);
  return missing;
}
