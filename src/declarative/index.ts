/**
 * Declarative schemas: desired-state DDL and migrations turned into databases (PGlite or a scratch
 * database on a server), autogenerate, push, drift checks and round-trip verification. Dialect-free:
 * what a dialect knows (inspect, diff, rename hints, roles) comes from the adapters' `schemaDialect`.
 */
export { DEFAULT_DEV_URL, chooseDevUrl, devForUrl, openDevDatabase, type DevDatabase, type DevFor } from './dev-database.js';
export { planScript, runPlan } from './run-plan.js';
export { applyDesiredSchema, applyInTransaction, desiredSnapshot, readSchemaFiles, splitSchemaFiles, type SchemaFile } from './apply-desired.js';
export { applyMigrations, onlyIds, type ApplyMigrationsOptions } from './apply-migrations.js';
export { desiredProject, openSchemaSource, parseSchemaSpec, readDesiredSchema, type SchemaSpec, type OpenSchema, type SchemaSourceOptions } from './schema-source.js';
export { readOrmSchema, type OrmKind } from './orm-schema.js';
export { snapshot, snapshotWith, stateTableNames, type SnapshotOptions } from './snapshot.js';
export { compareDatabases, DEV_DIFF_OPTIONS, type CompareOptions } from './compare.js';
export type { RenameHint, RenamePlan } from '../schema/dialect.js';
export { migrationTexts } from './migration-texts.js';
export { schemaDialectOf, sharedSchemaDialect, type SchemaHost } from './schema-dialect.js';
export { checkDrift, type DriftOptions, type DriftReport } from './drift.js';
export { verifyMigrations, type VerifyOptions, type VerifyReport, type VerifyResult, type VerifyStatus } from './verify.js';
export { planGeneration, isEmptyPlan, openAll, type GenerateOptions, type GeneratedPlan } from './generate.js';
export { renderGenerated, COMMENTED_OUT, type GeneratedFormat, type GeneratedText, type RenderOptions } from './render-migration.js';
export { planPush, applyPush, pushStatements, type PushPlan, type PushOptions } from './push.js';
export { type PushStep } from './push-steps.js';
export { safeFormsOf, type SafeForms } from './safe-forms.js';
