import { ShaleError, messageOf } from '../errors.js';
import type { MigrationSource, SourceFile } from '../sources/source.js';

async function asSourceError<T>(call: () => Promise<T>, message: string, details: Record<string, string>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (e instanceof ShaleError) throw e;
    throw new ShaleError('E_SOURCE', `${message}: ${messageOf(e)}`, details, { cause: e });
  }
}

/**
 * `source` as the contract describes it: whatever its `list` or a file's `read` throws is E_SOURCE
 * naming the source or the file. shale's own sources already do so; an application's may not.
 * @example loadMigrations(sources.map(guardSource))
 */
export function guardSource(source: MigrationSource): MigrationSource {
  return {
    location: source.location,
    async list(): Promise<SourceFile[]> {
      const files = await asSourceError(() => source.list(), `cannot list migrations source ${source.location}`, { source: source.location });
      return files.map((f) => ({
        name: f.name,
        location: f.location,
        localPath: f.localPath,
        read: () => asSourceError(() => f.read(), `cannot read migration file ${f.location}`, { file: f.location }),
      }));
    },
  };
}
