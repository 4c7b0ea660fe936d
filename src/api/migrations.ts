// Public API, the migration engine: errors, events, URLs and adapters, the migrator, loading,
// status, plans, sources. Re-exports only; `src/index.ts` re-exports every entry of src/api/.
export { ShaleError, isShaleError, exitCodeFor, messageOf, type ErrorCode } from '../errors.js';
export { Emitter, type ShaleEvents, type ShaleEventName, type Direction } from '../events.js';
export { databaseUrlRelativeTo, parseDatabaseUrl, redactUrl, redactSecrets, urlSecrets, type DatabaseUrl, type DatabaseKind } from '../adapters/url.js';
export { checkTablePrefix, openAdapter, type OpenOptions } from '../adapters/open.js';
export { DEFAULT_TABLE_PREFIX, type Adapter, type Capabilities, type HeldLock, type LockTraceSupport, type Queryable, type QueryResult, type Locker, type LockHolder, type Statement } from '../adapters/adapter.js';
export type { HistoryStore, AppliedRecord, LogEntry, LogOperation, Recording } from '../core/history.js';
export { describeHolder } from '../adapters/shared/poll-lock.js';
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
} from '../core/migrator.js';
export { loadMigrations, compareMigrations, type LoadOptions } from '../core/load.js';
export type { Migration, MigrationBody, MigrationContext, MigrationFormat, MigrationSet, SqlScript, Hook } from '../core/migration.js';
export type { StatusEntry, MigrationState } from '../core/status.js';
export { computeStatus, isInDoubt, partialSummary } from '../core/status.js';
export { planUp, planDown, planMark, planUnmark, planBaseline } from '../core/plan.js';
export { stableTopoSort, ancestors, descendants, heads, type GraphNode } from '../core/graph.js';
export { checksum, normaliseForChecksum } from '../core/checksum.js';
export { compareNatural, compareVersions } from '../core/natural-order.js';
export { parseSections, type Section } from '../core/formats/sectioned.js';
export { readLeadingDirectives } from '../core/formats/directives.js';
export { importModule, type ModuleLoader } from '../core/formats/module.js';
export { classifyFile, type FileRole } from '../core/formats/classify.js';
export { localDirSource } from '../sources/local-dir.js';
export { memorySource } from '../sources/memory.js';
export { resolveSources, type SourceSpec } from '../sources/resolve.js';
export type { MigrationSource, SourceFile } from '../sources/source.js';
export { s3Source, parseS3Uri, type S3SourceOptions, type S3Location } from '../sources/s3.js';
export type { ResolveOptions } from '../sources/resolve.js';
export { step, group, type Step, type StepGroup, type StepItem, type StepAction, type StepOptions, type IgnoreErrors } from '../core/formats/steps.js';
