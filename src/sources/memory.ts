import { checkMigrationText } from '../core/migration-text.js';
import type { MigrationSource, SourceFile } from './source.js';

/**
 * Migrations held in memory, keyed by file name. Useful for tests and for embedding migrations in code.
 * Text with a NUL, a binary control character or an unpaired surrogate is refused on read (E_PARSE
 * with the UTF-8 byte offset), as the same file on disk would be.
 * @example memorySource({ '0001.init.sql': 'create table t (id int);' })
 */
export function memorySource(files: Readonly<Record<string, string>>, location = 'memory:'): MigrationSource {
  return {
    location,
    async list(): Promise<SourceFile[]> {
      return Object.entries(files).map(([name, text]) => ({ name, location: `${location}${name}`, read: async () => checkMigrationText(text, `${location}${name}`) }));
    },
  };
}
