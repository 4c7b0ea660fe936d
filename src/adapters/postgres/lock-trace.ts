import type { HeldLock, LockTraceSupport, Queryable } from '../adapter.js';

import { USER_RELATIONS } from './user-relations.js';

/** `AccessExclusiveLock` → `ACCESS EXCLUSIVE`, as the documentation and `LOCK TABLE` name modes. */
function modeName(mode: string): string {
  return mode
    .replace(/Lock$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toUpperCase();
}

/**
 * PostgreSQL's view of what a statement did: `pg_locks` of this backend (relation locks only) and
 * `pg_class.relfilenode` of every user relation (a change is a rewrite: a new storage file).
 */
export const pgLockTrace: LockTraceSupport = {
  async relations(q: Queryable) {
    const r = await q.query(
      `select c.oid::text as id, quote_ident(n.nspname) || '.' || quote_ident(c.relname) as name, pg_relation_filenode(c.oid)::text as storage
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r', 'p', 'i', 'I', 'm', 'S') and ${USER_RELATIONS}`,
    );
    return new Map(r.rows.map((row) => [String(row['id']), { name: String(row['name']), storage: String(row['storage'] ?? '') }]));
  },
  async locks(q: Queryable): Promise<HeldLock[]> {
    const r = await q.query(
      `select quote_ident(n.nspname) || '.' || quote_ident(c.relname) as relation, l.mode
         from pg_locks l join pg_class c on c.oid = l.relation join pg_namespace n on n.oid = c.relnamespace
        where l.locktype = 'relation' and l.pid = pg_backend_pid() and l.granted and ${USER_RELATIONS}
        order by 1, 2`,
    );
    return r.rows.map((row) => ({ relation: String(row['relation']), mode: modeName(String(row['mode'])) }));
  },
};
