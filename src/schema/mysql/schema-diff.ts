import type { Queryable } from '../../adapters/adapter.js';
import { ShaleError } from '../../errors.js';
import type { DiffOptions, SchemaDiff as DialectDiff } from '../dialect.js';
import { canonical } from '../diff-match.js';
import type { Change } from './change.js';
import { diffSchemas } from './diff.js';
import { inspect } from './introspect.js';
import type { Schema } from './model.js';
import { planStatements } from './planner.js';

/** The difference between two MySQL/MariaDB databases: typed changes in order, and their statements. */
export type SchemaDiff = DialectDiff<Change>;

const flavourName = (s: Schema) => `${s.server.flavour === 'mysql' ? 'MySQL' : 'MariaDB'} ${s.server.version.join('.')}`;

/**
 * Diff two models (no database); E_UNSUPPORTED for a MySQL and a MariaDB model. The statements are written for `from`'s server, where they run.
 * PostgreSQL's options (privileges, extensions) do not apply.
 * @example const { statements, destructive } = diffModels(await inspect(live), await inspect(dev))
 */
export function diffModels(from: Schema, to: Schema, _opts: DiffOptions = {}): SchemaDiff {
  if (from.server.flavour !== to.server.flavour) {
    // Types, defaults and JSON read differently on the two: every column would look changed.
    throw new ShaleError('E_UNSUPPORTED', `cannot compare a ${flavourName(from)} database with a ${flavourName(to)} one: use a dev database of the same server`, {
      from: from.server.flavour,
      to: to.server.flavour,
    });
  }
  const changes = diffSchemas(from, to);
  const statements = planStatements(changes, from.server);
  const seen = new Set<string>();
  const unsupported = [...from.unsupported, ...to.unsupported].filter((u) => {
    const k = canonical(u);
    return seen.has(k) ? false : (seen.add(k), true);
  });
  return { changes, statements, destructive: statements.some((s) => s.destructive), unsupported };
}

/**
 * The SQL that makes `fromDb`'s schema equal to `toDb`'s (each the database its connection names).
 * @example const { statements } = await diff(liveConn, devConn)
 */
export async function diff(fromDb: Queryable, toDb: Queryable): Promise<SchemaDiff> {
  return diffModels(await inspect(fromDb), await inspect(toDb));
}
