// yoyo-migrations' state table (schema version 2), as yoyo creates it:
//   CREATE TABLE "_yoyo_migration" (migration_hash VARCHAR(64), migration_id VARCHAR(255),
//     applied_at_utc TIMESTAMP, PRIMARY KEY (migration_hash))
// (beside _yoyo_log, _yoyo_version and yoyo_lock, which adopt does not read). One row per applied
// migration: migration_id is the file name without extension, migration_hash its SHA-256 in hex.
// A row matches a file by id, or by hash when the id column is empty.
import { createHash } from 'node:crypto';
import type { ForeignReader } from './reader.js';
import { matchByKey, text } from './reader.js';

/** yoyo's migration hash: SHA-256 (hex) of the migration id. */
export const yoyoHash = (id: string): string => createHash('sha256').update(id, 'utf8').digest('hex');

export const yoyoReader: ForeignReader = {
  tool: 'yoyo',
  table: '_yoyo_migration',
  columns: ['migration_hash', 'migration_id', 'applied_at_utc'],
  orderBy: 'applied_at_utc',
  match: (rows, migrations) =>
    matchByKey(
      rows,
      migrations.filter((m) => m.kind === 'versioned'),
      (r) => text(r['migration_hash']) ?? (text(r['migration_id']) === null ? null : yoyoHash(text(r['migration_id'])!)),
      (m) => yoyoHash(m.id),
      (r, hash) => text(r['migration_id']) ?? hash,
    ),
};
