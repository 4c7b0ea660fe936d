// node-pg-migrate's state table (PostgreSQL only), as it creates it:
//   CREATE TABLE "public"."pgmigrations" (id SERIAL PRIMARY KEY, name varchar(255) NOT NULL,
//     run_on timestamp NOT NULL)
// One row per applied migration; `name` is the file name without its extension
// (`1700000000000_create-users.js` → '1700000000000_create-users'). Rolling back deletes the row.
import type { ForeignReader } from './reader.js';
import { matchByKey, text } from './reader.js';

export const nodePgMigrateReader: ForeignReader = {
  tool: 'node-pg-migrate',
  table: 'pgmigrations',
  columns: ['id', 'name', 'run_on'],
  orderBy: 'run_on, id',
  match: (rows, migrations) =>
    matchByKey(
      rows,
      migrations.filter((m) => m.kind === 'versioned'),
      (r) => text(r['name']),
      (m) => m.id,
    ),
};
