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

/** A file whose `read` errors are E_SOURCE naming it (a class: a listing may hold 10,000 files). */
class GuardedFile implements SourceFile {
  readonly name: string;
  readonly location: string;
  readonly localPath: string | undefined;
  readonly #file: SourceFile;

  constructor(file: SourceFile) {
    this.name = file.name;
    this.location = file.location;
    this.localPath = file.localPath;
    this.#file = file;
  }

  read(): Promise<string> {
    return asSourceError(() => this.#file.read(), `cannot read migration file ${this.location}`, { file: this.location });
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
      return files.map((f) => new GuardedFile(f));
    },
  };
}
