import type { Adapter } from '../adapters/adapter.js';
import { ShaleError } from '../errors.js';
import type { Migration } from '../core/migration.js';
import { alembicReader } from './alembic.js';
import { dbmateReader } from './dbmate.js';
import { flywayReader } from './flyway.js';
import { knexReader } from './knex.js';
import { nodePgMigrateReader } from './node-pg-migrate.js';
import { ADOPT_TOOLS, readForeignTable, type AdoptTool, type ForeignReader } from './reader.js';
import { yoyoReader } from './yoyo.js';

const READERS: Record<AdoptTool, ForeignReader> = {
  flyway: flywayReader,
  dbmate: dbmateReader,
  yoyo: yoyoReader,
  alembic: alembicReader,
  'node-pg-migrate': nodePgMigrateReader,
  knex: knexReader,
};

/** What `shale adopt` will record, and what it could not match. Plain data (the `--json` shape). */
export interface AdoptPlan {
  readonly tool: AdoptTool;
  readonly table: string;
  /** Migrations the other tool applied that shale has not recorded yet, in run order. */
  readonly adopt: readonly string[];
  /** Migrations the other tool applied that shale already records (left as they are). */
  readonly alreadyRecorded: readonly string[];
  /** Rows of the other tool's table that match no file in the sources. */
  readonly unmatchedRows: readonly string[];
  /** Files the other tool has not applied: they stay pending. */
  readonly pending: readonly string[];
}

/** Validate a tool name (`--from`). */
export function parseAdoptTool(name: string): AdoptTool {
  if ((ADOPT_TOOLS as readonly string[]).includes(name)) return name as AdoptTool;
  throw new ShaleError('E_USAGE', `unknown tool "${name}": adopt reads ${ADOPT_TOOLS.join(', ')}`, { tool: name });
}

/**
 * Read another tool's state table and match it to the migrations in the sources. Reads only; throws
 * E_NOT_FOUND when the table does not exist.
 * @example
 * const plan = await planAdoption(await migrator.adapter(), (await migrator.load()).migrations, 'flyway');
 * await migrator.adopt(plan.adopt);
 */
export async function planAdoption(adapter: Adapter, migrations: readonly Migration[], tool: AdoptTool): Promise<AdoptPlan> {
  const reader = READERS[tool];
  const rows = await readForeignTable(adapter, reader);
  const found = reader.match(rows, migrations);
  const recorded = new Set((await adapter.history.exists()) ? (await adapter.history.list()).map((r) => r.id) : []);
  const appliedSet = new Set(found.applied);
  const inOrder = migrations.filter((m) => appliedSet.has(m.id)).map((m) => m.id);
  return {
    tool,
    table: reader.table,
    adopt: inOrder.filter((id) => !recorded.has(id)),
    alreadyRecorded: inOrder.filter((id) => recorded.has(id)),
    unmatchedRows: found.unmatched,
    pending: migrations.filter((m) => !appliedSet.has(m.id) && !recorded.has(m.id)).map((m) => m.id),
  };
}
