/**
 * squawk cases where shale's answer differs on purpose, `rule_module::test` → why. Each is a case
 * where shale knows something squawk has to guess, where squawk's answer would be wrong for a runner
 * that knows the version, or where the extracted case text is not SQL PostgreSQL parses.
 */
export const SQUAWK_DEVIATIONS: ReadonlyMap<string, string> = new Map([
  [
    'adding_field_with_default::docs_example_error_on_pg_11',
    'from PostgreSQL 11 a non-volatile default is stored in the catalog and the table is not rewritten; shale flags it only before 11',
  ],
  [
    'prefer_repack::cluster_below_pg19_ok',
    'squawk only flags where REPACK exists (19+); the ACCESS EXCLUSIVE rewrite of CLUSTER is the same on every version, so shale flags it and names pg_repack before 19',
  ],
  ['prefer_repack::vacuum_full_below_pg19_ok', 'as cluster_below_pg19_ok, for VACUUM FULL'],
  ['ban_char_field::all_the_types', 'the case text has `m int array[]`, which PostgreSQL does not parse (PG100 syntax-error instead)'],
  [
    'ban_duplicate_column_assignments::names_use_postgres_truncation_rules',
    'the extracted text is a Rust format! template (`{prefix}x`), not SQL; test/unit/lint/names.test.ts checks the same with real names',
  ],
  [
    'identifier_too_long::quoted_identifier_with_escaped_quotes_message_unescapes_quotes',
    'the extracted text is a Rust format! template (`{identifier}`); test/unit/lint/names.test.ts covers a quoted name with "" inside',
  ],
  [
    'ban_concurrent_index_creation_in_transaction::assuming_in_transaction_ok',
    'squawk lets a lone CREATE INDEX CONCURRENTLY pass under assume_in_transaction; shale runs a transactional migration inside BEGIN … COMMIT, where it fails at apply time',
  ],
  [
    'require_timeout_settings::err_other_ddl_operations',
    'the case is CREATE TYPE, which locks no table another session uses: shale asks for lock_timeout only where a strong lock on an existing table is taken',
  ],
  [
    'require_timeout_settings::fix_multiple_ddl_statements',
    'the only table it locks is created earlier in the same migration (no rows, no other session): no timeout is needed',
  ],
]);
