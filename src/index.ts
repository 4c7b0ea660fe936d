// Public API: re-exports only.
export { ShaleError, isShaleError, exitCodeFor, messageOf, type ErrorCode } from './errors.js';
export { Emitter, type ShaleEvents, type ShaleEventName, type Direction } from './events.js';
export { parseDatabaseUrl, redactUrl, redactSecrets, type DatabaseUrl, type DatabaseKind } from './core/url.js';
export { openAdapter, type OpenOptions } from './adapters/open.js';
export { DEFAULT_TABLE_PREFIX, type Adapter, type Capabilities, type Queryable, type QueryResult, type Locker, type LockHolder, type Statement } from './adapters/adapter.js';
export type { HistoryStore, AppliedRecord, LogEntry, LogOperation } from './adapters/history-store.js';
export { describeHolder } from './adapters/shared/poll-lock.js';
export {
  createMigrator,
  Migrator,
  DEFAULT_LOCK_TIMEOUT_MS,
  type MigratorOptions,
  type RunResult,
  type MigrationResult,
  type ResultStatus,
  type StatusReport,
  type UpOptions,
  type DownOptions,
} from './core/migrator.js';
export { loadMigrations, compareMigrations, type LoadOptions } from './core/load.js';
export type { Migration, MigrationBody, MigrationContext, MigrationFormat, MigrationSet, SqlScript, Hook } from './core/migration.js';
export type { StatusEntry, MigrationState } from './core/status.js';
export { computeStatus } from './core/status.js';
export { planUp, planDown, planMark, planUnmark, planBaseline } from './core/plan.js';
export { stableTopoSort, ancestors, descendants, heads, type GraphNode } from './core/graph.js';
export { checksum, normaliseForChecksum } from './core/checksum.js';
export { compareNatural, compareVersions } from './core/natural-order.js';
export { parseSections, type Section } from './core/formats/sectioned.js';
export { readLeadingDirectives } from './core/formats/directives.js';
export { classifyFile, type FileRole } from './core/formats/classify.js';
export { localDirSource } from './sources/local-dir.js';
export { memorySource } from './sources/memory.js';
export { resolveSources, type SourceSpec } from './sources/resolve.js';
export type { MigrationSource, SourceFile } from './sources/source.js';
