/** One file a source offers. `read()` does the I/O lazily. */
export interface SourceFile {
  /** File name without folders, e.g. `0001.create-users.sql`. */
  readonly name: string;
  /** Where the file is (path or URI), for messages. */
  readonly location: string;
  /** A local path when the file is on disk (TS/JS modules need one to be imported). */
  readonly localPath?: string;
  read(): Promise<string>;
}

/** Where migrations come from: a folder, S3, memory (DESIGN §3). */
export interface MigrationSource {
  /** Display name of the source (folder path or URI). */
  readonly location: string;
  /** The files directly inside the source; throws E_SOURCE when the source cannot be listed. */
  list(): Promise<SourceFile[]>;
}
