// dbmate's state table, as `dbmate up` creates it (PostgreSQL, SQLite, MySQL alike):
//   create table if not exists schema_migrations (version varchar(128) primary key)
// One row per applied migration; `version` is the leading digits of the file name
// (`20240101120000_create_users.sql` → '20240101120000'). Rolling back deletes the row.
import type { ForeignReader } from './reader.js';
import { matchByKey, text } from './reader.js';

const VERSION_RE = /^(\d+)/;

export const dbmateReader: ForeignReader = {
  tool: 'dbmate',
  table: 'schema_migrations',
  columns: ['version'],
  orderBy: 'version',
  match: (rows, migrations) =>
    matchByKey(
      rows,
      migrations.filter((m) => m.kind === 'versioned'),
      (r) => text(r['version']),
      (m) => VERSION_RE.exec(m.id)?.[1] ?? null,
    ),
};
