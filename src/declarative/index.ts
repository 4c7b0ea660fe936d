/**
 * Declarative schemas: desired-state DDL and migrations turned into databases (PGlite or a scratch
 * database on a server), autogenerate, push, drift checks and round-trip verification.
 */
export { DEFAULT_DEV_URL, openDevDatabase, type DevDatabase } from './dev-database.js';
export { applyDesiredSchema, applyInTransaction, desiredSnapshot, readSchemaFiles, splitSchemaFiles, RETRYABLE_SQLSTATES, type SchemaFile } from './apply-desired.js';
export { applyMigrations, onlyIds, type ApplyMigrationsOptions } from './apply-migrations.js';
export { openSchemaSource, parseSchemaSpec, type SchemaSpec, type OpenSchema, type SchemaSourceOptions } from './schema-source.js';
export { snapshot, withoutTables, stateTableNames, type SnapshotOptions } from './snapshot.js';
export { compareDatabases, sameSchema, DEV_DIFF_OPTIONS, type CompareOptions } from './compare.js';
export { readRenameHints, type RenameHint } from './rename-hints.js';
export { referencedRoles, createMissingRoles, migrationTexts } from './roles.js';
export { applyRenames, type RenamePlan } from './renames.js';
export { checkDrift, type DriftOptions, type DriftReport } from './drift.js';
export { verifyMigrations, type VerifyOptions, type VerifyReport, type VerifyResult, type VerifyStatus } from './verify.js';
export { planGeneration, isEmptyPlan, openAll, type GenerateOptions, type GeneratedPlan } from './generate.js';
export { renderGenerated, COMMENTED_OUT, type GeneratedFormat, type GeneratedText, type RenderOptions } from './render-migration.js';
export { planPush, applyPush, pushStatements, type PushPlan, type PushOptions } from './push.js';
