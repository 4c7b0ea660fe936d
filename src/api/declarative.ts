// Public API, declarative schemas: desired-state sources, dev databases, generate, push, drift,
// verify, plan. Re-exports only.
export {
  DEFAULT_DEV_URL, openDevDatabase, openSchemaSource, parseSchemaSpec, readDesiredSchema, readOrmSchema, applyDesiredSchema, desiredSnapshot, readSchemaFiles, snapshot,
  compareDatabases, checkDrift, verifyMigrations, planGeneration, isEmptyPlan, renderGenerated,
  planPush, applyPush, pushStatements, planScript, runPlan, chooseDevUrl, devForUrl, safeFormsOf,
  type DevDatabase, type DevFor, type SchemaSpec, type OpenSchema, type SchemaSourceOptions, type SchemaFile, type DriftReport,
  type DriftOptions, type VerifyReport, type VerifyResult, type VerifyStatus, type VerifyOptions, type GeneratedPlan, type GenerateOptions,
  type PushPlan, type PushOptions, type PushStep, type SafeForms, type OrmKind,
} from '../declarative/index.js';
export { plan, type PlanOptions, type PlanReport, type PlannedMigration, type PlanGap } from '../declarative/plan.js';
