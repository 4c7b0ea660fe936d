// Public API: re-exports only.
export { ShaleError, isShaleError, exitCodeFor, messageOf, type ErrorCode } from './errors.js';
export { Emitter, type ShaleEvents, type ShaleEventName, type Direction } from './events.js';
export { databaseUrlRelativeTo, parseDatabaseUrl, redactUrl, redactSecrets, urlSecrets, type DatabaseUrl, type DatabaseKind } from './adapters/url.js';
export { checkTablePrefix, openAdapter, type OpenOptions } from './adapters/open.js';
export { DEFAULT_TABLE_PREFIX, type Adapter, type Capabilities, type HeldLock, type LockTraceSupport, type Queryable, type QueryResult, type Locker, type LockHolder, type Statement } from './adapters/adapter.js';
export type { HistoryStore, AppliedRecord, LogEntry, LogOperation } from './core/history.js';
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
export { computeStatus, isInDoubt, partialSummary } from './core/status.js';
export { planUp, planDown, planMark, planUnmark, planBaseline } from './core/plan.js';
export { stableTopoSort, ancestors, descendants, heads, type GraphNode } from './core/graph.js';
export { checksum, normaliseForChecksum } from './core/checksum.js';
export { compareNatural, compareVersions } from './core/natural-order.js';
export { parseSections, type Section } from './core/formats/sectioned.js';
export { readLeadingDirectives } from './core/formats/directives.js';
export { importModule, type ModuleLoader } from './core/formats/module.js';
export { classifyFile, type FileRole } from './core/formats/classify.js';
export { localDirSource } from './sources/local-dir.js';
export { memorySource } from './sources/memory.js';
export { resolveSources, type SourceSpec } from './sources/resolve.js';
export type { MigrationSource, SourceFile } from './sources/source.js';
export { s3Source, parseS3Uri, type S3SourceOptions, type S3Location } from './sources/s3.js';
export type { ResolveOptions } from './sources/resolve.js';
export { step, group, type Step, type StepGroup, type StepItem, type StepAction, type StepOptions, type IgnoreErrors } from './core/formats/steps.js';
export { createFleet, Fleet, DEFAULT_FLEET_CONCURRENCY, type FleetOptions } from './fleet/fleet.js';
export { FleetEmitter, type FleetEvents, type FleetEventName } from './fleet/fleet-events.js';
export type { FleetReport, FleetSummary, TargetResult, TargetStatus, CoordinatorSummary } from './fleet/report.js';
export { Coordinator, DEFAULT_LEASE_MS, targetKey, type CoordinatorOptions } from './fleet/coordinator.js';
export { parseTargetsFile, readTargetsFile, expandTargetArgs, queryTargets, isDatabaseUrl } from './fleet/targets.js';
export { displayTarget, type FleetOperation } from './fleet/run-target.js';
export { planAdoption, parseAdoptTool, type AdoptPlan } from './adopt/plan.js';
export { ADOPT_TOOLS, type AdoptTool, type ForeignReader, type ForeignMatch } from './adopt/reader.js';
export {
  DEFAULT_DEV_URL, openDevDatabase, openSchemaSource, parseSchemaSpec, readDesiredSchema, readOrmSchema, applyDesiredSchema, desiredSnapshot, readSchemaFiles, snapshot,
  compareDatabases, checkDrift, verifyMigrations, planGeneration, isEmptyPlan, renderGenerated,
  planPush, applyPush, pushStatements, planScript, runPlan, chooseDevUrl, devForUrl, safeFormsOf,
  type DevDatabase, type DevFor, type SchemaSpec, type OpenSchema, type SchemaSourceOptions, type SchemaFile, type DriftReport,
  type DriftOptions, type VerifyReport, type VerifyResult, type VerifyStatus, type VerifyOptions, type GeneratedPlan, type GenerateOptions,
  type PushPlan, type PushOptions, type PushStep, type SafeForms, type OrmKind,
} from './declarative/index.js';
export {
  diff, inspect, diffModels, sameSchema, readRenameHints, readUsingHints, applyRenames, type SchemaDiff, type SchemaDiffOptions, type RenameHint,
} from './schema/postgres/index.js';
export type { SchemaDialect } from './schema/dialect.js';
/** The PostgreSQL schema model and change types (`schema.Table`, `schema.Change`, …). */
export * as schema from './schema/postgres/index.js';
export { plan, type PlanOptions, type PlanReport, type PlannedMigration, type PlanGap } from './declarative/plan.js';
export { lint, type LintRunOptions, type LintRunReport, type LintFixReport, type TracedStatement } from './lint/run.js';
export { planFixes, type FileFix, type FixSkipped, type FixPlan } from './lint/fix-files.js';
export { unifiedDiff } from './lint/text-diff.js';
export { traceMigrations, type StatementTrace } from './lint/trace.js';
export { lintMigrations, IGNORE_WITHOUT_REASON, type LintOptions, type LintReport, type Baseline, type RuleSetting } from './lint/lint.js';
export type { Finding, FindingPlace, RuleInfo, Severity } from './lint/finding.js';
export type { LintDialect, LintMigration, LintTarget, TableSize, RawFinding, LintFix, FixStep, FixPlacement } from './lint/dialect.js';
export { lintDialectFor, LINT_DIALECTS } from './adapters/schemes.js';
