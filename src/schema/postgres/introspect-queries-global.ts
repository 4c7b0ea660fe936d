/**
 * Catalog queries for what belongs to the database rather than to a schema: publications, foreign
 * data wrappers, servers and user mappings (and foreign tables, read with them). Re-exported by
 * introspect-queries.ts; the same rules hold (oids as text, arrays as JSON, PostgreSQL 12–18).
 */

/** Publications; pubtruncate is PostgreSQL 11+, pubviaroot 13+. */
export const Q_PUBLICATIONS = `
select p.oid::text as oid, p.pubname as name, p.puballtables as all_tables,
  array_to_json(array(select a from unnest(array['insert', 'update', 'delete', 'truncate'],
    array[p.pubinsert, p.pubupdate, p.pubdelete, coalesce((to_jsonb(p)->>'pubtruncate')::boolean, false)]) as x(a, on_)
    where x.on_)) as publish,
  coalesce((to_jsonb(p)->>'pubviaroot')::boolean, false) as via_root
from pg_publication p`;

/**
 * The tables publications name, with column lists and row filters from PostgreSQL 15 on (a
 * pg_node_tree cannot be read through to_jsonb, so the query depends on the version).
 */
export function qPublicationTables(serverVersion: number): string {
  const since15 = serverVersion >= 150000;
  return `
select pr.oid::text as oid, pr.prpubid::text as pubid, pr.prrelid::text as relid,
  ${since15 ? `case when pr.prattrs is not null then array_to_json(array(select a.attname from pg_attribute a
    where a.attrelid = pr.prrelid and a.attnum = any(pr.prattrs) order by a.attnum)) end` : 'null'} as columns,
  ${since15 ? 'pg_get_expr(pr.prqual, pr.prrelid)' : 'null'} as "where"
from pg_publication_rel pr`;
}

/** FOR TABLES IN SCHEMA (pg_publication_namespace, PostgreSQL 15+). */
export function qPublicationSchemas(serverVersion: number): string {
  return serverVersion >= 150000
    ? `select pn.oid::text as oid, pn.pnpubid::text as pubid, n.nspname as schema
from pg_publication_namespace pn join pg_namespace n on n.oid = pn.pnnspid`
    : `select null as oid, null as pubid, null as schema where false`;
}

export const Q_FOREIGN_DATA_WRAPPERS = `
select w.oid::text as oid, w.fdwname as name,
  case when w.fdwhandler <> 0 then w.fdwhandler::regproc::text end as handler,
  case when w.fdwvalidator <> 0 then w.fdwvalidator::regproc::text end as validator,
  array_to_json(w.fdwoptions) as options
from pg_foreign_data_wrapper w`;

export const Q_FOREIGN_SERVERS = `
select s.oid::text as oid, s.srvname as name, w.fdwname as wrapper, s.srvtype as type, s.srvversion as version,
  array_to_json(s.srvoptions) as options
from pg_foreign_server s join pg_foreign_data_wrapper w on w.oid = s.srvfdw`;

/** User mappings; umoptions is only readable by the server's owner and superusers (it may hold a password). */
/**
 * User mappings. Options that may hold a secret (names ending in password, passwd, pass, secret,
 * token, credential(s) or key: postgres_fdw's `password` and `sslpassword`, other wrappers' own; not
 * `password_required`) never leave the server. The view
 * shows options only to the server's owner, the mapped user and superusers: `options_hidden` says the
 * connecting role sees none (they are then not compared).
 */
export const Q_USER_MAPPINGS = `
select m.umid::text as oid, m.srvname as server, m.usename as "user",
  array_to_json(array(select o from unnest(m.umoptions) o where split_part(o, '=', 1) !~* '(pass|passwd|password|secret|token|credentials?|key)$')) as options,
  not (coalesce((select rolsuper from pg_roles where rolname = current_user), false) or pg_has_role(s.srvowner, 'USAGE')
       or (m.umuser <> 0 and m.usename = current_user and has_server_privilege(s.oid, 'USAGE'))) as options_hidden
from pg_user_mappings m join pg_foreign_server s on s.oid = m.srvid`;

export const Q_FOREIGN_TABLES = `
select f.ftrelid::text as relid, s.srvname as server, array_to_json(f.ftoptions) as options,
  (select json_object_agg(a.attname, a.attfdwoptions) from pg_attribute a
   where a.attrelid = f.ftrelid and a.attnum > 0 and not a.attisdropped and a.attfdwoptions is not null) as column_options
from pg_foreign_table f join pg_foreign_server s on s.oid = f.ftserver`;
