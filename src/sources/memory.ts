import type { MigrationSource, SourceFile } from './source.js';

/**
 * Migrations held in memory, keyed by file name. Useful for tests and for embedding migrations in code.
 * @example memorySource({ '0001.init.sql': 'create table t (id int);' })
 */
export function memorySource(files: Readonly<Record<string, string>>, location = 'memory:'): MigrationSource {
  return {
    location,
    async list(): Promise<SourceFile[]> {
      return Object.entries(files).map(([name, text]) => ({ name, location: `${location}${name}`, read: async () => text }));
    },
  };
}
