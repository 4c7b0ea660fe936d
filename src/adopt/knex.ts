// Knex's state table, as `knex migrate:latest` creates it (SQLite shown; PostgreSQL has
// "id" serial primary key and "migration_time" timestamptz):
//   create table `knex_migrations` (`id` integer not null primary key autoincrement,
//     `name` varchar(255), `batch` integer, `migration_time` datetime)
// (beside knex_migrations_lock, which adopt does not read). One row per applied migration; `name`
// is the file name WITH its extension (`20240101120000_create_users.js`); it matches the migration
// whose id is that name without the extension. Rolling back deletes the row.
import type { ForeignReader } from './reader.js';
import { matchByKey, text } from './reader.js';

const stripExtension = (name: string): string => name.replace(/\.(?:c|m)?(?:js|ts)$|\.sql$/i, '');

export const knexReader: ForeignReader = {
  tool: 'knex',
  table: 'knex_migrations',
  columns: ['id', 'name', 'batch', 'migration_time'],
  orderBy: 'id',
  match: (rows, migrations) =>
    matchByKey(
      rows,
      migrations.filter((m) => m.kind === 'versioned'),
      (r) => {
        const n = text(r['name']);
        return n === null ? null : stripExtension(n);
      },
      (m) => m.id,
    ),
};
