import type { MigrationSource, SourceFile } from '../sources/source.js';

/**
 * Read every file of the sources once, so that all targets of a fleet get the very same migrations
 * (an S3 prefix edited mid-run cannot split the fleet) and S3 is listed once, not once per target.
 */
export async function snapshotSources(sources: readonly MigrationSource[]): Promise<MigrationSource[]> {
  return Promise.all(
    sources.map(async (s) => {
      const files = await s.list();
      const texts = await Promise.all(files.map((f) => f.read()));
      const frozen: SourceFile[] = files.map((f, i) => ({
        name: f.name,
        location: f.location,
        ...(f.localPath !== undefined ? { localPath: f.localPath } : {}),
        read: async () => texts[i]!,
      }));
      return { location: s.location, list: async () => frozen };
    }),
  );
}
