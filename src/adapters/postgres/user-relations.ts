/**
 * The SQL condition (on `pg_namespace n`) that keeps the relations of user schemas: not the system
 * catalogs, TOAST tables or temporary schemas (`pg_temp_N`, `pg_toast_temp_N`, this session's too).
 * The linter's table sizes and the lock trace read the same relations.
 */
export const USER_RELATIONS = `n.nspname not in ('pg_catalog', 'information_schema') and n.nspname !~ '^pg_(toast|temp)'`;
