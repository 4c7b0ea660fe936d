import type { Adapter } from '../adapters/adapter.js';
import type { MigrationSet } from '../core/migration.js';
import { ShaleError, messageOf } from '../errors.js';
import type { OutsideTransaction, PlannedStatement, SchemaDiff, SchemaModel, UnsupportedObject } from '../schema/dialect.js';
import type { LintTarget } from '../lint/dialect.js';
import type { SourceSpec } from '../sources/resolve.js';
import { applyDesiredSchema, desiredSnapshot, splitSchemaFiles } from './apply-desired.js';
import { applyMigrations } from './apply-migrations.js';
import { DEV_DIFF_OPTIONS } from './compare.js';
import { chooseDevUrl, openDevDatabase } from './dev-database.js';
import { migrationTexts } from './migration-texts.js';
import { schemaDialectOf } from './schema-dialect.js';
import { desiredProject, readDesiredSchema, type OpenSchema } from './schema-source.js';
import { snapshot } from './snapshot.js';

export interface GenerateOptions {
  /** Desired-state `.sql` file or folder. */
  readonly schema: string;
  readonly sources?: readonly SourceSpec[];
  readonly devUrl?: string;
  /**
   * The project's database URL (never opened): its dialect is the dev database's, and chooses the
   * default dev database (`sqlite::memory:` for SQLite). Without it or `devUrl`: `pglite:memory`.
   */
  readonly db?: string;
  readonly tablePrefix?: string;
  /**
   * The destructive statements will be written as they are (`--unsafe`). Without it they are written
   * commented out, and `safeDown` is the rollback of what is left.
   */
  readonly unsafe?: boolean;
}

/** What a new migration must do, both ways. Empty `up` and `renames`: nothing to do. */
export interface GeneratedPlan {
  /** The schema dialect it was planned in (`postgres`, `sqlite`, `mysql`): the one its safe forms come from. */
  readonly dialect: string;
  /**
   * What the dev database knows, before the migration, that changes the safe forms of its statements:
   * which tables and indexes are partitioned (they take no CONCURRENTLY). Sizes are left out: the dev
   * database's tables are empty, the target's are not.
   */
  readonly before: LintTarget;
  /** Rename statements from `shale:renamed` hints; they run first. */
  readonly renames: readonly string[];
  readonly up: readonly PlannedStatement[];
  /** The reverse diff, then the renames undone. */
  readonly down: readonly PlannedStatement[];
  /**
   * The rollback of `up` without its destructive statements (what a migration generated without
   * `--unsafe` does, since they are written commented out): the reverse diff from the schema the
   * safe statements leave. The same as `down` when nothing is destructive, or with `unsafe`.
   */
  readonly safeDown: readonly PlannedStatement[];
  readonly undoRenames: readonly string[];
  readonly destructive: boolean;
  readonly unsupported: readonly UnsupportedObject[];
  /**
   * What `up` and the rollbacks need outside their transaction (see `SchemaDiff.outsideTransaction`):
   * the migration is then written `-- transaction: false`, with its own BEGIN/COMMIT.
   */
  readonly outsideTransaction?: { readonly up?: OutsideTransaction; readonly down?: OutsideTransaction; readonly safeDown?: OutsideTransaction };
}

/** Whether a generated plan changes anything. */
export function isEmptyPlan(p: GeneratedPlan): boolean {
  return p.up.length === 0 && p.renames.length === 0;
}

/** Open several schema sources; if one fails, the others are closed before the error is thrown. */
export async function openAll(opens: readonly Promise<OpenSchema>[]): Promise<OpenSchema[]> {
  const settled = await Promise.allSettled(opens);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (!failed) return settled.map((s) => (s as PromiseFulfilledResult<OpenSchema>).value);
  for (const s of settled) if (s.status === 'fulfilled') await s.value.close();
  throw failed.reason;
}

/**
 * The reverse diff from the schema that `up`'s non-destructive statements leave on `db` (now at
 * `current`), read inside a transaction that is rolled back. When those statements cannot run
 * without the destructive ones, the migration generated without `--unsafe` would fail as written:
 * E_UNSUPPORTED naming the statement.
 */
async function reverseOfSafePart(db: Adapter, up: readonly PlannedStatement[], current: SchemaModel, prefix: { tablePrefix?: string }): Promise<SchemaDiff> {
  const dialect = await schemaDialectOf(db, 'generate');
  const afterSafe = await db.transaction(
    async (tx) => {
      for (const s of up) {
        if (s.destructive) continue;
        try {
          await tx.execute(s.sql);
        } catch (e) {
          throw new ShaleError('E_UNSUPPORTED', `without its destructive statements the migration cannot run (${s.sql.split('\n')[0]}: ${messageOf(e).split('\n')[0]}): generate with --unsafe and review the drops`, { statement: s.sql }, { cause: e });
        }
      }
      return snapshot(db, prefix);
    },
    { discard: true },
  );
  return dialect.diffModels(afterSafe, current, DEV_DIFF_OPTIONS);
}

/**
 * Autogenerate: the difference between what the migrations produce and the desired schema. One dev
 * database serves both: the desired schema is applied and read inside a transaction that is rolled
 * back, then the migrations run on it. Rename hints turn drop + add into renames.
 * @example const plan = await planGeneration({ schema: 'schema.sql', sources: ['migrations'] })
 */
export async function planGeneration(opts: GenerateOptions): Promise<GeneratedPlan> {
  if (!opts.schema) throw new ShaleError('E_USAGE', 'generate needs the desired schema: --desired <file.sql|folder|drizzle:config|prisma:schema>');
  const prefix = opts.tablePrefix !== undefined ? { tablePrefix: opts.tablePrefix } : {};
  const project = desiredProject(opts.schema, opts.db);
  const files = readDesiredSchema(opts.schema, project);
  const devUrl = chooseDevUrl(opts.devUrl, project);
  const dev = await openDevDatabase(devUrl, prefix);
  try {
    const dialect = await schemaDialectOf(dev.adapter, 'generate');
    await splitSchemaFiles(dev.adapter, files); // a syntax error fails before anything runs
    await dev.provideRoles(files.map((f) => f.text));
    const desired = await desiredOn(dev.adapter, devUrl, files, prefix);
    const hints = await dialect.renames.hints(files);
    const using = (await dialect.usingHints?.(files)) ?? [];
    const beforeRun = async (set: MigrationSet) => dev.provideRoles(migrationTexts(set));
    await applyMigrations(dev.adapter, { sources: opts.sources ?? ['migrations'], beforeRun, ...prefix });
    const renames = await dialect.renames.apply(dev.adapter, hints);
    const current = await snapshot(dev.adapter, prefix);
    const facts = dev.adapter.lintTarget ? await dev.adapter.lintTarget() : {};
    // --unsafe also lets a type change with no cast be a drop and add of the column (destructive).
    const diffOptions = { ...DEV_DIFF_OPTIONS, ...(opts.unsafe ? { unsafe: true } : {}) };
    const up = dialect.diffModels(current, desired, using.length > 0 ? { ...diffOptions, usingHints: using } : diffOptions);
    // A `-- shale:using` conversion has no way back the hint says: the rollback drops and re-adds such a column.
    const down = dialect.diffModels(desired, current, using.length > 0 ? { ...diffOptions, unsafe: true } : diffOptions);
    const safeDown = up.destructive && !opts.unsafe ? await reverseOfSafePart(dev.adapter, up.statements, current, prefix) : down;
    const outside = { up: up.outsideTransaction, down: down.outsideTransaction, safeDown: safeDown.outsideTransaction };
    return {
      dialect: dialect.id,
      before: facts.partitioned ? { partitioned: facts.partitioned } : {},
      renames: renames.forward,
      up: up.statements,
      down: down.statements,
      safeDown: safeDown.statements,
      undoRenames: renames.backward,
      destructive: up.destructive,
      unsupported: up.unsupported,
      ...(outside.up || outside.down || outside.safeDown ? { outsideTransaction: definedOnly(outside) } : {}),
    };
  } finally {
    await dev.dispose();
  }
}

function definedOnly<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The desired schema's model. Where DDL is transactional it is applied on the dev database inside a
 * transaction that is rolled back (the same database then runs the migrations); where it is not
 * (DDL commits by itself), on a second dev database of the same URL.
 */
async function desiredOn(db: Adapter, devUrl: string, files: Parameters<typeof desiredSnapshot>[1], prefix: { tablePrefix?: string }): Promise<SchemaModel> {
  if (db.capabilities.transactionalDdl) return desiredSnapshot(db, files, prefix);
  const second = await openDevDatabase(devUrl, prefix);
  try {
    await applyDesiredSchema(second.adapter, files);
    return await snapshot(second.adapter, prefix);
  } finally {
    await second.dispose();
  }
}
