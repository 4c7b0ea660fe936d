/**
 * Catalog queries for schema inspection: one query per object kind, never one per table, so the
 * cost grows with the catalog, not with round trips. Every query returns oids as text so rows from
 * `pg` and PGlite look the same; arrays come back as JSON for the same reason.
 * They must run on PostgreSQL 12–18: version-dependent columns are read through `to_jsonb(row)`.
 */

export * from './introspect-queries-global.js';

/** Schemas that never belong to a user schema model. */
export const SYSTEM_SCHEMA_FILTER = `nspname not in ('pg_catalog', 'information_schema') and nspname not like 'pg\\_toast%' and nspname not like 'pg\\_temp\\_%'`;

export const Q_SERVER_VERSION = `select current_setting('server_version_num') as v`;

export const Q_SCHEMAS = `select oid::text as oid, nspname as name from pg_namespace where ${SYSTEM_SCHEMA_FILTER}`;

export const Q_EXTENSION_MEMBERS = `select classid::regclass::text as cls, objid::text as objid from pg_depend where deptype = 'e'`;

export const Q_EXTENSIONS = `
select e.oid::text as oid, e.extname as name, n.nspname as schema, e.extversion as version
from pg_extension e join pg_namespace n on n.oid = e.extnamespace`;

export const Q_COLLATIONS = `
select c.oid::text as oid, n.nspname as schema, c.collname as name, to_jsonb(c) as j
from pg_collation c join pg_namespace n on n.oid = c.collnamespace
where ${SYSTEM_SCHEMA_FILTER}`;

export const Q_TYPES = `
select t.oid::text as oid, n.nspname as schema, t.typname as name, t.typtype as typtype, t.typrelid::text as relid,
  t.typelem::text as elem, t.typcategory as category,
  case when t.typtype = 'd' then format_type(t.typbasetype, t.typtypmod) end as base_type,
  t.typnotnull as not_null, t.typdefault as "default",
  case when t.typtype = 'd' and t.typcollation <> 0 and t.typcollation <> bt.typcollation
    then quote_ident(cn.nspname) || '.' || quote_ident(co.collname) end as collation,
  coalesce((select c.relkind::text from pg_class c where c.oid = t.typrelid), '') as relkind
from pg_type t
join pg_namespace n on n.oid = t.typnamespace
left join pg_type bt on bt.oid = t.typbasetype
left join pg_collation co on co.oid = t.typcollation
left join pg_namespace cn on cn.oid = co.collnamespace
where ${SYSTEM_SCHEMA_FILTER.replace(/nspname/g, 'n.nspname')}`;

/**
 * Range types (pg_range) with their multirange (PostgreSQL 14+, read through to_jsonb) and the
 * constructor functions the server made with both (pg_depend deptype 'i').
 */
export const Q_RANGES = `
select t.oid::text as oid, n.nspname as schema, t.typname as name, format_type(r.rngsubtype, null) as subtype,
  case when not oc.opcdefault then quote_ident(ocn.nspname) || '.' || quote_ident(oc.opcname) end as opclass,
  case when r.rngcollation <> 0 and r.rngcollation <> st.typcollation
    then quote_ident(cn.nspname) || '.' || quote_ident(co.collname) end as collation,
  case when r.rngcanonical <> 0 then r.rngcanonical::regproc::text end as canonical,
  case when r.rngsubdiff <> 0 then r.rngsubdiff::regproc::text end as subdiff,
  m.oid::text as multi_oid, mn.nspname as multi_schema, m.typname as multi_name,
  array_to_json(array(
    select json_build_object('of', case when d.refobjid = t.oid then 'range' else 'multirange' end,
      'schema', pn.nspname, 'name', p.proname, 'args', pg_get_function_identity_arguments(p.oid))
    from pg_depend d join pg_proc p on p.oid = d.objid join pg_namespace pn on pn.oid = p.pronamespace
    where d.classid = 'pg_proc'::regclass and d.refclassid = 'pg_type'::regclass and d.deptype = 'i'
      and d.refobjid in (t.oid, coalesce(m.oid, 0))
    order by p.proname, pg_get_function_identity_arguments(p.oid))) as constructors
from pg_range r
join pg_type t on t.oid = r.rngtypid
join pg_namespace n on n.oid = t.typnamespace
join pg_type st on st.oid = r.rngsubtype
join pg_opclass oc on oc.oid = r.rngsubopc
join pg_namespace ocn on ocn.oid = oc.opcnamespace
left join pg_collation co on co.oid = r.rngcollation
left join pg_namespace cn on cn.oid = co.collnamespace
left join pg_type m on m.oid = (to_jsonb(r)->>'rngmultitypid')::oid
left join pg_namespace mn on mn.oid = m.typnamespace
where ${SYSTEM_SCHEMA_FILTER.replace(/nspname/g, 'n.nspname')}`;

/** A base type's optional support function as regproc text, or null ('-' is none). */
const typProc = (expr: string) => `nullif(${expr}::text, '-')`;

/**
 * Base types (typtype 'b') but the array types the server makes with every type (the element's
 * typarray), with their support functions; `bound` lists those that also depend on the type (they
 * take or return it: input, output, receive, send), by the keys Q_FUNCTIONS gives them. SUBSCRIPT
 * (PostgreSQL 14+) is read through to_jsonb. In name order, so plans list them the same way on every server.
 */
export const Q_BASE_TYPES = `
select t.oid::text as oid, n.nspname as schema, t.typname as name, t.typinput::text as input, t.typoutput::text as output,
  ${typProc('t.typreceive')} as receive, ${typProc('t.typsend')} as send, ${typProc('t.typmodin')} as typmod_in,
  ${typProc('t.typmodout')} as typmod_out, ${typProc('t.typanalyze')} as analyze, nullif(to_jsonb(t)->>'typsubscript', '-') as subscript,
  t.typlen as length, t.typbyval as byval, t.typalign::text as align, t.typstorage::text as storage, t.typcategory::text as category,
  t.typispreferred as preferred, t.typdefault as "default", case when t.typelem <> 0 then format_type(t.typelem, null) end as element,
  t.typdelim::text as delimiter, t.typcollation <> 0 as collatable,
  array_to_json(array(
    select json_build_object('schema', pn.nspname, 'name', p.proname, 'args', pg_get_function_identity_arguments(p.oid))
    from pg_proc p join pg_namespace pn on pn.oid = p.pronamespace
    -- SUBSCRIPT compared as text: casting the text back to regproc fails when the name is overloaded
    where (p.oid in (t.typinput, t.typoutput, t.typreceive, t.typsend, t.typmodin, t.typmodout, t.typanalyze)
           or p.oid::regproc::text = to_jsonb(t)->>'typsubscript')
      and exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid
                    and d.refclassid = 'pg_type'::regclass and d.refobjid = t.oid and d.deptype = 'n')
    order by p.proname, pg_get_function_identity_arguments(p.oid))) as bound
from pg_type t join pg_namespace n on n.oid = t.typnamespace
where t.typtype = 'b' and t.oid >= 16384 and not exists (select 1 from pg_type e where e.oid = t.typelem and e.typarray = t.oid)
  and ${SYSTEM_SCHEMA_FILTER.replace(/nspname/g, 'n.nspname')}
order by n.nspname, t.typname`;

export const Q_ENUM_LABELS = `select enumtypid::text as typid, enumlabel as label from pg_enum order by enumtypid, enumsortorder`;

export const Q_RELATIONS = `
select c.oid::text as oid, n.nspname as schema, c.relname as name, c.relkind::text as relkind,
  c.relpersistence::text as persistence, c.relrowsecurity as rls, c.relforcerowsecurity as force_rls,
  array_to_json(c.reloptions) as options, c.relispartition as is_partition,
  case when c.relkind = 'p' then pg_get_partkeydef(c.oid) end as partkey,
  case when c.relispartition then pg_get_expr(c.relpartbound, c.oid) end as bound,
  case when c.relkind in ('v', 'm') then pg_get_viewdef(c.oid) end as viewdef,
  c.relreplident::text as replident,
  case when c.relreplident = 'i' then (select ic.relname from pg_index i join pg_class ic on ic.oid = i.indexrelid
                                        where i.indrelid = c.oid and i.indisreplident) end as replindex
from pg_class c join pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'p', 'v', 'm', 'S', 'f', 'c', 'i', 'I')
  and ${SYSTEM_SCHEMA_FILTER.replace(/nspname/g, 'n.nspname')}`;

export const Q_INHERITS = `select inhrelid::text as child, inhparent::text as parent from pg_inherits order by inhrelid, inhseqno`;

export const Q_COLUMNS = `
select a.attrelid::text as relid, a.attnum as attnum, a.attname as name,
  format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as not_null,
  a.attidentity::text as identity, a.attgenerated::text as generated, a.attislocal as local,
  pg_get_expr(d.adbin, d.adrelid) as "default",
  case when a.attcollation <> 0 and a.attcollation <> t.typcollation
    then quote_ident(cn.nspname) || '.' || quote_ident(co.collname) end as collation
from pg_attribute a
join pg_class c on c.oid = a.attrelid
join pg_namespace n on n.oid = c.relnamespace
join pg_type t on t.oid = a.atttypid
left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
left join pg_collation co on co.oid = a.attcollation
left join pg_namespace cn on cn.oid = co.collnamespace
where a.attnum > 0 and not a.attisdropped and c.relkind in ('r', 'p', 'v', 'm', 'f', 'c')
  and ${SYSTEM_SCHEMA_FILTER.replace(/nspname/g, 'n.nspname')}
order by a.attrelid, a.attnum`;

export const Q_ATTRDEFS = `select oid::text as oid, adrelid::text as relid, adnum as attnum from pg_attrdef`;

export const Q_SEQUENCES = `
select s.seqrelid::text as oid, format_type(s.seqtypid, null) as data_type, s.seqstart::text as start,
  s.seqincrement::text as increment, s.seqmin::text as min, s.seqmax::text as max, s.seqcache::text as cache,
  s.seqcycle as cycle
from pg_sequence s`;

/** Sequence ownership: 'a' is OWNED BY, 'i' marks an identity column's internal sequence. */
export const Q_SEQUENCE_OWNERS = `
select d.objid::text as seq, d.refobjid::text as relid, d.refobjsubid as attnum, d.deptype::text as deptype
from pg_depend d join pg_class c on c.oid = d.objid and c.relkind = 'S'
where d.classid = 'pg_class'::regclass and d.refclassid = 'pg_class'::regclass
  and d.deptype in ('a', 'i') and d.refobjsubid > 0`;

export const Q_INDEXES = `
select x.oid, x.relid, x.backs_constraint, x.is_partition_child,
  case when not x.backs_constraint then pg_get_indexdef(x.oid::oid) end as def
from (
  select i.indexrelid::text as oid, i.indrelid::text as relid,
    exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = i.indexrelid
            and d.refclassid = 'pg_constraint'::regclass and d.deptype = 'i') as backs_constraint,
    exists (select 1 from pg_inherits h where h.inhrelid = i.indexrelid) as is_partition_child
  from pg_index i
  join pg_class ic on ic.oid = i.indexrelid
  join pg_namespace n on n.oid = ic.relnamespace
  where ${SYSTEM_SCHEMA_FILTER.replace(/nspname/g, 'n.nspname')}
) x`;

export const Q_CONSTRAINTS = `
select co.oid::text as oid, co.conname as name, n.nspname as schema, co.contype::text as contype,
  co.conrelid::text as relid, co.contypid::text as typid, pg_get_constraintdef(co.oid) as def,
  co.convalidated as validated, co.conislocal as local, co.conparentid::text as parent,
  co.conindid::text as indid
from pg_constraint co join pg_namespace n on n.oid = co.connamespace
where co.contype <> 'n' and ${SYSTEM_SCHEMA_FILTER.replace(/nspname/g, 'n.nspname')}`;

export const Q_FUNCTIONS = `
select p.oid::text as oid, n.nspname as schema, p.proname as name, p.prokind::text as kind,
  pg_get_function_identity_arguments(p.oid) as args, pg_get_function_arguments(p.oid) as arguments,
  case when p.prokind <> 'a' then pg_get_functiondef(p.oid) end as def,
  case when p.prokind in ('f', 'w') then pg_get_function_result(p.oid) end as result,
  l.lanname as language,
  (select d.refobjid::text from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid
     and d.refclassid = 'pg_type'::regclass and d.deptype = 'i' limit 1) as of_type
from pg_proc p join pg_namespace n on n.oid = p.pronamespace join pg_language l on l.oid = p.prolang
where ${SYSTEM_SCHEMA_FILTER.replace(/nspname/g, 'n.nspname')}`;

export const Q_TRIGGERS = `
select t.oid::text as oid, t.tgrelid::text as relid, t.tgname as name, pg_get_triggerdef(t.oid) as def,
  t.tgenabled::text as enabled, coalesce(to_jsonb(t)->>'tgparentid', '0') as parent
from pg_trigger t where not t.tgisinternal`;

export const Q_POLICIES = `
select p.oid::text as oid, p.polrelid::text as relid, p.polname as name, p.polpermissive as permissive,
  p.polcmd::text as cmd,
  array_to_json(array(select case when r = 0 then 'public' else pg_get_userbyid(r)::text end
                      from unnest(p.polroles) r order by 1)) as roles,
  pg_get_expr(p.polqual, p.polrelid) as using_expr, pg_get_expr(p.polwithcheck, p.polrelid) as check_expr
from pg_policy p`;

/**
 * Explicit ACLs, or the owner default when none was granted, so "never granted" equals "granted the
 * default". `is_default` marks entries a newly created object gets without any GRANT; `revoked` rows
 * are default entries the ACL no longer has (e.g. EXECUTE revoked from PUBLIC).
 */
export const Q_PRIVILEGES = `
with objs as (
  select 'pg_class' as cls, c.oid, 0 as subid, c.relacl as acl, case when c.relkind = 'S' then 's'::"char" else 'r'::"char" end as k, c.relowner as owner
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r', 'p', 'v', 'm', 'S', 'f') and ${SYSTEM_SCHEMA_FILTER.replace(/nspname/g, 'n.nspname')}
  union all
  select 'pg_class', c.oid, a.attnum, a.attacl, 'c'::"char", c.relowner
  from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
  where a.attacl is not null and a.attnum > 0 and not a.attisdropped and c.relkind in ('r', 'p', 'v', 'm', 'f')
    and ${SYSTEM_SCHEMA_FILTER.replace(/nspname/g, 'n.nspname')}
  union all
  select 'pg_proc', p.oid, 0, p.proacl, 'f'::"char", p.proowner
  from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  where ${SYSTEM_SCHEMA_FILTER.replace(/nspname/g, 'n.nspname')}
  union all
  select 'pg_namespace', s.oid, 0, s.nspacl, 'n'::"char", s.nspowner from pg_namespace s
  union all
  select 'pg_foreign_data_wrapper', w.oid, 0, w.fdwacl, 'F'::"char", w.fdwowner from pg_foreign_data_wrapper w
  union all
  select 'pg_foreign_server', s.oid, 0, s.srvacl, 'S'::"char", s.srvowner from pg_foreign_server s
  union all
  select 'pg_type', t.oid, 0, t.typacl, 'T'::"char", t.typowner
  from pg_type t join pg_namespace n on n.oid = t.typnamespace
  where (t.typtype in ('e', 'd', 'r') or (t.typtype = 'c' and exists (select 1 from pg_class c where c.oid = t.typrelid and c.relkind = 'c'))
         or (t.typtype = 'b' and not exists (select 1 from pg_type e where e.oid = t.typelem and e.typarray = t.oid)))
    and ${SYSTEM_SCHEMA_FILTER.replace(/nspname/g, 'n.nspname')}
)
select o.cls, o.oid::text as oid, o.subid,
  case when a.grantee = 0 then 'PUBLIC' else pg_get_userbyid(a.grantee)::text end as grantee,
  a.privilege_type as privilege, a.is_grantable as grantable,
  exists (select 1 from aclexplode(acldefault(o.k, o.owner)) d
          where d.grantee = a.grantee and d.privilege_type = a.privilege_type and d.is_grantable = a.is_grantable) as is_default,
  false as revoked
from objs o, aclexplode(coalesce(o.acl, acldefault(o.k, o.owner))) a
union all
select o.cls, o.oid::text, o.subid,
  case when d.grantee = 0 then 'PUBLIC' else pg_get_userbyid(d.grantee)::text end,
  d.privilege_type, false, true, true
from objs o, aclexplode(acldefault(o.k, o.owner)) d
where o.acl is not null
  and not exists (select 1 from aclexplode(o.acl) a where a.grantee = d.grantee and a.privilege_type = d.privilege_type)`;

/**
 * `ALTER DEFAULT PRIVILEGES` entries as (role, schema, object type, grantee, privilege) rows. A
 * database-wide entry holds the whole ACL new objects get: what the built-in default
 * (acldefault) also has is flagged, and what it lacks of the built-in default comes as `revoked`.
 */
export const Q_DEFAULT_PRIVILEGES = `
with d as (
  -- acldefault names sequences 's' ('S' is a foreign server there)
  select defaclrole, defaclnamespace, defaclobjtype, defaclacl, case defaclobjtype when 'S' then 's'::"char" else defaclobjtype end as k
  from pg_default_acl
)
select pg_get_userbyid(d.defaclrole)::text as role, case when d.defaclnamespace = 0 then null else n.nspname::text end as schema,
  d.defaclobjtype::text as objtype, case when a.grantee = 0 then 'PUBLIC' else pg_get_userbyid(a.grantee)::text end as grantee,
  a.privilege_type as privilege, a.is_grantable as grantable,
  coalesce(b.same_option, false) as is_default, false as revoked, b.same_option is not null as builtin
from d left join pg_namespace n on n.oid = d.defaclnamespace, aclexplode(d.defaclacl) a
  -- the built-in default of the same grantee and privilege (global entries only): null when there is none
  left join lateral (select bool_or(x.is_grantable = a.is_grantable) as same_option from aclexplode(acldefault(d.k, d.defaclrole)) x
    where d.defaclnamespace = 0 and x.grantee = a.grantee and x.privilege_type = a.privilege_type) b on true
union all
select pg_get_userbyid(d.defaclrole)::text, null, d.defaclobjtype::text,
  case when x.grantee = 0 then 'PUBLIC' else pg_get_userbyid(x.grantee)::text end, x.privilege_type, false, false, true, true
from d, aclexplode(acldefault(d.k, d.defaclrole)) x
where d.defaclnamespace = 0
  and not exists (select 1 from aclexplode(d.defaclacl) a where a.grantee = x.grantee and a.privilege_type = x.privilege_type)`;

/**
 * Owners of what has one: tables, views, foreign tables, sequences, enums, domains, range, base and
 * composite types, routines, operators, operator classes and families, schemas, collations, statistics, text search dictionaries and
 * configurations, event triggers, publications, wrappers and servers.
 */
export const Q_OWNERS = `
select 'pg_class' as cls, c.oid::text as oid, pg_get_userbyid(c.relowner)::text as owner from pg_class c
where c.relkind in ('r', 'p', 'v', 'm', 'S', 'f') and c.oid >= 16384
  -- a serial's or identity column's sequence has its table's owner, and refuses one of its own
  and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.refclassid = 'pg_class'::regclass and d.deptype in ('a', 'i') and c.relkind = 'S')
union all
select 'pg_type', t.oid::text, pg_get_userbyid(t.typowner)::text from pg_type t left join pg_class c on c.oid = t.typrelid
where (t.typtype in ('e', 'd', 'r') or c.relkind = 'c' or (t.typtype = 'b' and not exists (select 1 from pg_type e where e.oid = t.typelem and e.typarray = t.oid))) and t.oid >= 16384
union all
select 'pg_proc', oid::text, pg_get_userbyid(proowner)::text from pg_proc where oid >= 16384
union all
select 'pg_namespace', oid::text, pg_get_userbyid(nspowner)::text from pg_namespace
union all
select 'pg_collation', oid::text, pg_get_userbyid(collowner)::text from pg_collation where oid >= 16384
union all
select 'pg_statistic_ext', oid::text, pg_get_userbyid(stxowner)::text from pg_statistic_ext
union all
select 'pg_event_trigger', oid::text, pg_get_userbyid(evtowner)::text from pg_event_trigger
union all
select 'pg_operator', oid::text, pg_get_userbyid(oprowner)::text from pg_operator where oid >= 16384
union all
select 'pg_opfamily', oid::text, pg_get_userbyid(opfowner)::text from pg_opfamily where oid >= 16384
union all
select 'pg_opclass', oid::text, pg_get_userbyid(opcowner)::text from pg_opclass where oid >= 16384
union all
select 'pg_ts_dict', oid::text, pg_get_userbyid(dictowner)::text from pg_ts_dict where oid >= 16384
union all
select 'pg_ts_config', oid::text, pg_get_userbyid(cfgowner)::text from pg_ts_config where oid >= 16384
union all
select 'pg_publication', oid::text, pg_get_userbyid(pubowner)::text from pg_publication
union all
select 'pg_foreign_data_wrapper', oid::text, pg_get_userbyid(fdwowner)::text from pg_foreign_data_wrapper
union all
select 'pg_foreign_server', oid::text, pg_get_userbyid(srvowner)::text from pg_foreign_server`;

export const Q_COMMENTS = `
select d.classoid::regclass::text as cls, d.objoid::text as oid, d.objsubid as subid, d.description as text
from pg_description d where d.objoid >= 16384`;

export const Q_DEPENDS = `
select d.classid::regclass::text as cls, d.objid::text as oid, d.objsubid as subid,
  d.refclassid::regclass::text as refcls, d.refobjid::text as refoid, d.refobjsubid as refsubid, d.deptype::text as deptype
from pg_depend d
where d.deptype in ('n', 'a') and d.objid >= 16384 and d.refobjid >= 16384`;

/** User rules (a view's `_RETURN` rule is the view itself). */
export const Q_RULES = `
select r.oid::text as oid, r.ev_class::text as relid, r.rulename as name, pg_get_ruledef(r.oid) as def,
  r.ev_enabled::text as enabled
from pg_rewrite r where r.rulename <> '_RETURN'`;

/** Extended statistics; stxstattarget is -1 (before 17) or null (17+) for the default. */
export const Q_STATISTICS = `
select s.oid::text as oid, n.nspname as schema, s.stxname as name, s.stxrelid::text as relid,
  pg_get_statisticsobjdef(s.oid) as def, to_jsonb(s)->>'stxstattarget' as target
from pg_statistic_ext s join pg_namespace n on n.oid = s.stxnamespace
where ${SYSTEM_SCHEMA_FILTER.replace(/nspname/g, 'n.nspname')}`;

export const Q_TS_DICTIONARIES = `
select d.oid::text as oid, n.nspname as schema, d.dictname as name,
  quote_ident(tn.nspname) || '.' || quote_ident(t.tmplname) as template, d.dictinitoption as options
from pg_ts_dict d join pg_namespace n on n.oid = d.dictnamespace
join pg_ts_template t on t.oid = d.dicttemplate join pg_namespace tn on tn.oid = t.tmplnamespace
where ${SYSTEM_SCHEMA_FILTER.replace(/nspname/g, 'n.nspname')}`;

/** Configurations with their mappings: per token type (by the parser's alias), the dictionaries in order. */
export const Q_TS_CONFIGURATIONS = `
select c.oid::text as oid, n.nspname as schema, c.cfgname as name,
  quote_ident(pn.nspname) || '.' || quote_ident(p.prsname) as parser,
  array_to_json(array(
    select json_build_object('token', tt.alias, 'dictionaries', array(
      select json_build_object('schema', dn.nspname, 'name', d.dictname) from pg_ts_config_map m
      join pg_ts_dict d on d.oid = m.mapdict join pg_namespace dn on dn.oid = d.dictnamespace
      where m.mapcfg = c.oid and m.maptokentype = tt.tokid order by m.mapseqno))
    from ts_token_type(c.cfgparser) tt
    where exists (select 1 from pg_ts_config_map m where m.mapcfg = c.oid and m.maptokentype = tt.tokid)
    order by tt.alias)) as mappings
from pg_ts_config c join pg_namespace n on n.oid = c.cfgnamespace
join pg_ts_parser p on p.oid = c.cfgparser join pg_namespace pn on pn.oid = p.prsnamespace
where ${SYSTEM_SCHEMA_FILTER.replace(/nspname/g, 'n.nspname')}`;

export const Q_EVENT_TRIGGERS = `
select e.oid::text as oid, e.evtname as name, e.evtevent as event, array_to_json(e.evttags) as tags,
  e.evtenabled::text as enabled, n.nspname as fschema, p.proname as fname
from pg_event_trigger e join pg_proc p on p.oid = e.evtfoid join pg_namespace n on n.oid = p.pronamespace`;

/** An optional support function of an aggregate: its regproc text (qualified unless in pg_catalog), or null. */
const aggProc = (column: string) => `case when a.${column} <> 0 then a.${column}::regproc::text end`;

/** Aggregates with their pg_aggregate row. */
export const Q_AGGREGATES = `
select p.oid::text as oid, n.nspname as schema, p.proname as name,
  pg_get_function_identity_arguments(p.oid) as args, pg_get_function_arguments(p.oid) as arguments,
  oidvectortypes(p.proargtypes) as argtypes, a.aggkind::text as aggkind, a.aggtransfn::regproc::text as sfunc,
  format_type(a.aggtranstype, null) as stype, a.aggtransspace as sspace, ${aggProc('aggfinalfn')} as finalfunc,
  a.aggfinalextra as finalextra, a.aggfinalmodify::text as finalmodify, ${aggProc('aggcombinefn')} as combinefunc,
  ${aggProc('aggserialfn')} as serialfunc, ${aggProc('aggdeserialfn')} as deserialfunc, a.agginitval as initcond,
  ${aggProc('aggmtransfn')} as msfunc, ${aggProc('aggminvtransfn')} as minvfunc,
  case when a.aggmtranstype <> 0 then format_type(a.aggmtranstype, null) end as mstype, a.aggmtransspace as msspace,
  ${aggProc('aggmfinalfn')} as mfinalfunc, a.aggmfinalextra as mfinalextra, a.aggmfinalmodify::text as mfinalmodify,
  a.aggminitval as minitcond,
  case when a.aggsortop <> 0 then (select 'OPERATOR(' || quote_ident(opn.nspname) || '.' || o.oprname || ')'
    from pg_operator o join pg_namespace opn on opn.oid = o.oprnamespace where o.oid = a.aggsortop) end as sortop,
  p.proparallel::text as parallel
from pg_proc p join pg_aggregate a on a.aggfnoid = p.oid join pg_namespace n on n.oid = p.pronamespace
where ${SYSTEM_SCHEMA_FILTER.replace(/nspname/g, 'n.nspname')}`;

/** A linked operator (commutator, negator) as `OPERATOR(schema.op)`, or null. */
const linkedOp = (column: string) => `case when o.${column} <> 0 then (select 'OPERATOR(' || quote_ident(ln.nspname) || '.' || l.oprname || ')'
    from pg_operator l join pg_namespace ln on ln.oid = l.oprnamespace where l.oid = o.${column}) end`;

/** Operators but shells (no function yet). */
export const Q_OPERATORS = `
select o.oid::text as oid, n.nspname as schema, o.oprname as name,
  case when o.oprleft = 0 then 'NONE' else format_type(o.oprleft, null) end as "left",
  case when o.oprright = 0 then 'NONE' else format_type(o.oprright, null) end as "right",
  o.oprcode::regproc::text as function, ${linkedOp('oprcom')} as commutator, ${linkedOp('oprnegate')} as negator,
  case when o.oprrest <> 0 then o.oprrest::regproc::text end as restrict,
  case when o.oprjoin <> 0 then o.oprjoin::regproc::text end as "join", o.oprcanhash as hashes, o.oprcanmerge as merges
from pg_operator o join pg_namespace n on n.oid = o.oprnamespace
where o.oprcode <> 0 and ${SYSTEM_SCHEMA_FILTER.replace(/nspname/g, 'n.nspname')}`;

/** Operator families but the system's (an extension's are dropped by readOperatorFamilies). */
export const Q_OPERATOR_FAMILIES = `
select f.oid::text as oid, n.nspname as schema, f.opfname as name, am.amname as method
from pg_opfamily f join pg_namespace n on n.oid = f.opfnamespace join pg_am am on am.oid = f.opfmethod
where f.oid >= 16384 and ${SYSTEM_SCHEMA_FILTER.replace(/nspname/g, 'n.nspname')}`;

/** Operator classes but the system's, with their family and STORAGE type (opckeytype 0: the indexed type). */
export const Q_OPERATOR_CLASSES = `
select c.oid::text as oid, n.nspname as schema, c.opcname as name, am.amname as method,
  format_type(c.opcintype, null) as type, c.opcdefault as is_default, fn.nspname as family_schema, f.opfname as family_name,
  case when c.opckeytype <> 0 then format_type(c.opckeytype, null) end as storage
from pg_opclass c join pg_namespace n on n.oid = c.opcnamespace join pg_am am on am.oid = c.opcmethod
join pg_opfamily f on f.oid = c.opcfamily join pg_namespace fn on fn.oid = f.opfnamespace
where c.oid >= 16384 and ${SYSTEM_SCHEMA_FILTER.replace(/nspname/g, 'n.nspname')}`;

/** What a member belongs to: its class (pg_depend deptype 'i') or, loose, its family ('a'). */
// A loose FOR ORDER BY member also depends ('a') on its sort family: only its own family owns it.
const memberOf = (catalog: string, alias: string, family: string) => `join pg_depend d on d.classid = '${catalog}'::regclass and d.objid = ${alias}.oid
  and (d.refclassid = 'pg_opclass'::regclass or (d.refclassid = 'pg_opfamily'::regclass and d.refobjid = ${alias}.${family})) and d.deptype in ('i', 'a')`;

/** Members (pg_amop, pg_amproc) of user classes and families, by what they belong to, in a stable order. */
export const Q_OPERATOR_MEMBERS = `
select 'operator' as member, d.refclassid::regclass::text as refcls, d.refobjid::text as refoid, o.oid::text as oid,
  o.amopstrategy as number, format_type(o.amoplefttype, null) as "left", format_type(o.amoprighttype, null) as "right",
  quote_ident(opn.nspname) || '.' || op.oprname as operator,
  case when o.amoppurpose = 'o' then quote_ident(sn.nspname) || '.' || quote_ident(sf.opfname) end as order_by, null as function
from pg_amop o ${memberOf('pg_amop', 'o', 'amopfamily')}
join pg_operator op on op.oid = o.amopopr join pg_namespace opn on opn.oid = op.oprnamespace
left join pg_opfamily sf on sf.oid = o.amopsortfamily left join pg_namespace sn on sn.oid = sf.opfnamespace
where o.oid >= 16384
union all
select 'function', d.refclassid::regclass::text, d.refobjid::text, p.oid::text,
  p.amprocnum, format_type(p.amproclefttype, null), format_type(p.amprocrighttype, null), null, null, p.amproc::regprocedure::text
from pg_amproc p ${memberOf('pg_amproc', 'p', 'amprocfamily')}
where p.oid >= 16384
order by refoid, member desc, number, "left", "right"`;

/**
 * Casts made by CREATE CAST: not the built-in ones, nor those a type made for itself (a range's
 * cast to its multirange depends on the type internally).
 */
export const Q_USER_CASTS = `
select c.oid::text as oid, format_type(c.castsource, null) as source, format_type(c.casttarget, null) as target,
  c.castmethod::text as method, c.castcontext::text as context, n.nspname as fschema, p.proname as fname,
  case when c.castfunc <> 0 then pg_get_function_identity_arguments(c.castfunc) end as fargs,
  array_to_json(array(select tn.nspname::text from pg_type t join pg_namespace tn on tn.oid = t.typnamespace
                       where t.oid in (c.castsource, c.casttarget))) as tschemas
from pg_cast c left join pg_proc p on p.oid = c.castfunc left join pg_namespace n on n.oid = p.pronamespace
where c.oid >= 16384
  and not exists (select 1 from pg_depend d where d.classid = 'pg_cast'::regclass and d.objid = c.oid and d.deptype = 'i')`;

export const Q_REWRITES = `select oid::text as oid, ev_class::text as relid, rulename as name from pg_rewrite where ev_class >= 16384`;

/** Every cast the server knows (any context), by type name. */
export const Q_CASTS = `select format_type(castsource, null) as source, format_type(casttarget, null) as target from pg_cast`;

/**
 * Types the cast rules need: every base, domain, enum and range type and the arrays of those
 * (a few hundred rows; composite and row types are left out: a column of one is not checked).
 * Cheaper than collecting the types columns use, which scans pg_attribute again.
 */
export const Q_CAST_TYPES = `
select format_type(t.oid, null) as name, t.typcategory::text as category,
  case when t.typcategory = 'A' and t.typelem <> 0 then format_type(t.typelem, null) end as element,
  case when t.typtype = 'd' then format_type(t.typbasetype, null) end as base
from pg_type t left join pg_type e on e.oid = t.typelem
where t.typrelid = 0 and (e.oid is null or e.typrelid = 0) and t.typtype <> 'p'`;

/**
 * Objects shale does not model; each is reported as unsupported. A subscription holds a connection
 * string to another server (a password, often) and is made to connect there: not something a diff
 * should print or create.
 */
export const Q_UNSUPPORTED = `
select 'shell type' as kind, 'pg_type' as cls, t.oid::text as oid,
  n.nspname || '.' || t.typname as name, n.nspname as schema
from pg_type t join pg_namespace n on n.oid = t.typnamespace
where t.typtype = 'p' and not t.typisdefined and t.oid >= 16384
union all
select 'subscription', 'pg_subscription', s.oid::text, s.subname, null
from pg_subscription s where s.subdbid = (select oid from pg_database where datname = current_database())
union all
select 'text search parser', 'pg_ts_parser', p.oid::text, n.nspname || '.' || p.prsname, n.nspname
from pg_ts_parser p join pg_namespace n on n.oid = p.prsnamespace where p.oid >= 16384
union all
select 'text search template', 'pg_ts_template', t.oid::text, n.nspname || '.' || t.tmplname, n.nspname
from pg_ts_template t join pg_namespace n on n.oid = t.tmplnamespace where t.oid >= 16384
union all
select 'conversion', 'pg_conversion', c.oid::text, n.nspname || '.' || c.conname, n.nspname
from pg_conversion c join pg_namespace n on n.oid = c.connamespace where c.oid >= 16384
union all
select 'access method', 'pg_am', oid::text, amname::text, null from pg_am where oid >= 16384
union all
select 'procedural language', 'pg_language', oid::text, lanname::text, null from pg_language where oid >= 16384
union all
select 'transform', 'pg_transform', t.oid::text, 'for ' || format_type(t.trftype, null) || ' language ' || l.lanname, null
from pg_transform t join pg_language l on l.oid = t.trflang
union all
select 'security label', 'pg_seclabel', l.objoid::text, pg_describe_object(l.classoid, l.objoid, l.objsubid) || ' (' || l.provider || ')', null
from pg_seclabel l
`;
