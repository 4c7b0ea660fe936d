import type { Adapter } from '../adapters/adapter.js';
import { openAdapter } from '../adapters/open.js';
import { ShaleError } from '../errors.js';
import type { OutsideTransaction, PlannedStatement, UnsupportedObject } from '../schema/dialect.js';
import type { SourceSpec } from '../sources/resolve.js';
import { applyMigrations } from './apply-migrations.js';
import { DEV_DIFF_OPTIONS, compareDatabases } from './compare.js';
import { chooseDevUrl, openDevDatabase } from './dev-database.js';
import { stateTableNames } from './snapshot.js';
import { migrationTexts } from './migration-texts.js';
import { planScript } from './run-plan.js';
import { schemaDialectOf } from './schema-dialect.js';

export interface DriftOptions {
  /** The live database: a URL (opened and closed here) or an adapter you opened. */
  readonly db: string | Adapter;
  readonly sources?: readonly SourceSpec[];
  /** Dev database that replays the migrations (default: the live database's dialect's, e.g. `sqlite::memory:`). */
  readonly devUrl?: string;
  readonly tablePrefix?: string;
  /** Also compare privileges (GRANT/REVOKE), as `diff --with-privileges` does. Default false. */
  readonly withPrivileges?: boolean;
  /** Also compare owners, as `diff --with-owners` does. Default false. */
  readonly withOwners?: boolean;
}

export interface DriftReport {
  /** The live schema equals what its applied migrations produce. */
  readonly inSync: boolean;
  /** SQL that turns the live schema into the expected one (empty when in sync). */
  readonly statements: readonly PlannedStatement[];
  readonly destructive: boolean;
  readonly unsupported: readonly UnsupportedObject[];
  /** What the comparison left out and why (e.g. privileges the older server version lacks). */
  readonly notes?: readonly string[];
  /** The migrations replayed, in run order. */
  readonly applied: readonly string[];
  /** What the fixing statements need outside their transaction (see `SchemaDiff.outsideTransaction`). */
  readonly outsideTransaction?: OutsideTransaction;
  /** The fixing SQL as a script to run as it is: the statements, in their own BEGIN/COMMIT where they need one. */
  readonly script: readonly string[];
}

/**
 * Compare a live database with what its applied migrations should have produced: the migrations
 * recorded as applied in its state table are replayed, in run order, on a fresh dev database, and
 * the two schemas are diffed (live → expected). shale's own state tables are not compared. A
 * database without a state table is in sync only when it is empty (else E_USAGE: nothing recorded).
 * @example const r = await checkDrift({ db: 'postgres://…/app', sources: ['migrations'] }); if (!r.inSync) …
 */
export async function checkDrift(opts: DriftOptions): Promise<DriftReport> {
  const prefix = opts.tablePrefix !== undefined ? { tablePrefix: opts.tablePrefix } : {};
  const live = typeof opts.db === 'string' ? await openAdapter(opts.db, { ...prefix, existing: true }) : opts.db;
  try {
    const dialect = await schemaDialectOf(live, 'drift'); // before a dev database starts
    const tracked = await live.history.exists();
    const records = tracked ? await live.history.list() : [];
    const partial = records.find((r) => r.status === 'partial');
    if (partial) {
      throw new ShaleError('E_PARTIAL', `migration ${partial.id} is partially applied on ${live.display}: run \`shale resume\` or \`shale repair\` before checking drift`, { id: partial.id });
    }
    const ids = new Set(records.map((r) => r.id));
    const dev = await openDevDatabase(chooseDevUrl(opts.devUrl, { family: dialect.id, display: live.display }), prefix);
    try {
      const run = await applyMigrations(dev.adapter, { sources: opts.sources ?? ['migrations'], only: ids, beforeRun: (set) => dev.provideRoles(migrationTexts(set)), ...prefix });
      const applied = run.results.map((r) => r.id);
      const missing = [...ids].filter((id) => !applied.includes(id));
      if (missing.length > 0) {
        throw new ShaleError('E_MISSING_FILE', `applied migration${missing.length > 1 ? 's have' : ' has'} no file in the sources: ${missing.join(', ')} (cannot tell what the schema should be)`, { ids: missing });
      }
      const d = await compareDatabases(live, dev.adapter, { ...DEV_DIFF_OPTIONS, ...prefix, withPrivileges: opts.withPrivileges === true, withOwners: opts.withOwners === true });
      if (!tracked && d.statements.length > 0) {
        // Without a state table every object would be "drift" and the fix would drop them all: far
        // more likely the wrong database or table prefix than a schema to throw away.
        throw new ShaleError('E_USAGE', `${live.display} has no ${stateTableNames(opts.tablePrefix)[0]} table, so no migrations are recorded as applied, yet it has a schema: check --db and --table-prefix, or record what it has with \`shale baseline <id>\``, { url: live.display });
      }
      const outside = d.outsideTransaction ? { outsideTransaction: d.outsideTransaction } : {};
      const script = planScript(d.statements.map((s) => s.sql), d.outsideTransaction);
      return { inSync: d.statements.length === 0, statements: d.statements, destructive: d.destructive, unsupported: d.unsupported, notes: d.notes ?? [], applied, script, ...outside };
    } finally {
      await dev.dispose();
    }
  } finally {
    if (typeof opts.db === 'string') await live.close();
  }
}
