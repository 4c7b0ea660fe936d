import type { MigrationBody, MigrationSet } from '../core/migration.js';

/** The SQL text of every migration of a set, both ways (TS/JS modules have none to read). */
export function migrationTexts(set: MigrationSet): string[] {
  const sqlOf = (b: MigrationBody | null) => (b?.kind === 'sql' ? b.scripts.map((s) => s.sql) : []);
  return [...set.migrations.flatMap((m) => [...sqlOf(m.up), ...sqlOf(m.down)]), ...set.hooks.flatMap((h) => sqlOf(h.body))];
}
