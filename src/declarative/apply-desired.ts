import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Adapter } from '../adapters/adapter.js';
import { compareNatural } from '../core/natural-order.js';
import { lineCol, statementPreview } from '../core/position.js';
import { ShaleError, isShaleError, messageOf } from '../errors.js';
import type { SchemaDialect, SchemaFile, SchemaModel } from '../schema/dialect.js';
import { schemaDialectOf } from './schema-dialect.js';
import { snapshot, type SnapshotOptions } from './snapshot.js';

export type { SchemaFile };

interface Pending {
  readonly file: SchemaFile;
  readonly sql: string;
  readonly offset: number;
  error?: unknown;
}

/** The `.sql` files of a path: the file itself, or a folder's `*.sql` files (recursively, natural order). */
export function readSchemaFiles(path: string): SchemaFile[] {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    throw new ShaleError('E_SOURCE', `cannot read schema ${path}: ${messageOf(e)}`, { file: path }, { cause: e });
  }
  if (!st.isDirectory()) return [{ location: path, text: readFileSync(path, 'utf8') }];
  const out: SchemaFile[] = [];
  for (const name of readdirSync(path).sort(compareNatural)) {
    const p = join(path, name);
    if (statSync(p).isDirectory()) out.push(...readSchemaFiles(p));
    else if (name.endsWith('.sql')) out.push({ location: p, text: readFileSync(p, 'utf8') });
  }
  return out;
}

function position(file: SchemaFile, offset: number): string {
  const { line, col } = lineCol(file.text, offset);
  return `${file.location}:${line}:${col}`;
}

function sqlState(e: unknown): string | undefined {
  const c = (e as { code?: unknown } | null)?.code;
  return typeof c === 'string' ? c : undefined;
}

/** Split every file with `db`'s own parser (its adapter's `split`); a syntax error is E_PARSE at file:line:col. */
export async function splitSchemaFiles(db: Pick<Adapter, 'split'>, files: readonly SchemaFile[]): Promise<Pending[]> {
  const out: Pending[] = [];
  for (const file of files) {
    // An empty file is an empty schema (the parser rejects an empty string as a query).
    if (file.text.trim() === '') continue;
    try {
      for (const s of await db.split(file.text)) out.push({ file, sql: s.sql, offset: s.offset });
    } catch (e) {
      const offset = isShaleError(e) && typeof e.details['offset'] === 'number' ? e.details['offset'] : 0;
      const where = position(file, offset);
      throw new ShaleError('E_PARSE', `${where}: ${messageOf(e)}`, { file: file.location, position: where }, { cause: e });
    }
  }
  return out;
}

/**
 * Apply desired-state DDL to an empty database in dependency order, whatever order the files list
 * objects in: statements run one by one, each in a savepoint; one that fails because something it
 * needs does not exist yet is rolled back and retried after the others, until a pass makes no
 * progress. Any other failure is E_SQL at file:line:col. What can never be applied (objects waiting
 * on each other, or on something the schema does not define) is E_CYCLE / E_SQL naming every statement.
 * @example await applyDesiredSchema(dev.adapter, readSchemaFiles('schema.sql'))
 */
export async function applyDesiredSchema(db: Adapter, files: readonly SchemaFile[]): Promise<{ statements: number; passes: number }> {
  return db.transaction(() => applyInTransaction(db, files));
}

/**
 * The schema the desired-state files describe, read from `db` (an empty dev database) inside a
 * transaction that is rolled back: the database is empty again afterwards, so the same dev database
 * can then hold the migrations (one embedded PostgreSQL start instead of two).
 */
export async function desiredSnapshot(db: Adapter, files: readonly SchemaFile[], opts: SnapshotOptions = {}): Promise<SchemaModel> {
  return db.transaction(
    async () => {
      await applyInTransaction(db, files);
      return snapshot(db, opts);
    },
    { discard: true },
  );
}

/** {@link applyDesiredSchema} inside a transaction the caller opened. */
export async function applyInTransaction(db: Adapter, files: readonly SchemaFile[]): Promise<{ statements: number; passes: number }> {
  const dialect = await schemaDialectOf(db, 'applying a desired schema');
  let pending = await byKind(dialect, await splitSchemaFiles(db, files));
  const total = pending.length;
  let passes = 0;
  while (pending.length > 0) {
    passes++;
    const left: Pending[] = [];
    for (const p of pending) {
      // Where DDL commits implicitly (MySQL/MariaDB) a savepoint does not outlive the statement; a
      // failed DDL statement changed nothing there, so it needs no rollback before its retry.
      const savepoint = db.capabilities.transactionalDdl;
      if (savepoint) await db.query('savepoint shale_desired');
      try {
        await db.execute(p.sql);
        if (savepoint) await db.query('release savepoint shale_desired');
      } catch (e) {
        if (savepoint) await db.query('rollback to savepoint shale_desired');
        if (!dialect.desired.isRetryable(e)) {
          const at = db.errorFacts(e, p.sql).position?.offset ?? 0;
          const where = position(p.file, p.offset + at);
          throw new ShaleError('E_SQL', `${where}: ${messageOf(e)}`, { file: p.file.location, position: where, sqlState: sqlState(e) }, { cause: e });
        }
        p.error = e;
        left.push(p);
      }
    }
    if (left.length === pending.length) throw await stuck(dialect, left);
    pending = left;
  }
  return { statements: total, passes };
}

/**
 * Types before tables before constraints, indexes and views (the dialect's first guess at the order,
 * stable within a kind), so a file written in any order needs few retries (each failed attempt
 * costs an error and a savepoint rollback). The retries remain what guarantees the order.
 */
async function byKind(dialect: SchemaDialect, list: Pending[]): Promise<Pending[]> {
  const ranks = await dialect.desired.ranks(list.map((p) => p.sql));
  return list.map((p, i) => ({ p, i, r: ranks[i] ?? 0 })).sort((a, b) => a.r - b.r || a.i - b.i).map((x) => x.p);
}

/** Explain statements that can never run: a cycle among them, or a reference to nothing. */
async function stuck(dialect: SchemaDialect, left: readonly Pending[]): Promise<ShaleError> {
  const creates = await dialect.desired.createdNames(left.map((p) => p.sql));
  const missing = left.map((p) => dialect.desired.missingName(p.error));
  // waits[i] = j when statement i needs the object statement j creates.
  const waits = missing.map((m) => (m === null ? -1 : creates.findIndex((c) => c !== null && c === m)));
  const cycle = findCycle(waits);
  const describe = (i: number) => `${position(left[i]!.file, left[i]!.offset)} ${statementPreview(left[i]!.sql, 60)} (${messageOf(left[i]!.error)})`;
  const unapplied = left.map((_, i) => describe(i));
  if (cycle) {
    return new ShaleError('E_CYCLE', `dependency cycle in the desired schema: ${cycle.map(describe).join(' → ')}; break it (e.g. add one foreign key with ALTER TABLE after both tables)`, { unapplied, cycle: cycle.map(describe) });
  }
  return new ShaleError('E_SQL', `cannot apply ${left.length} statement${left.length === 1 ? '' : 's'} of the desired schema (they need objects it does not define): ${unapplied.join('; ')}`, { unapplied });
}

function findCycle(waits: readonly number[]): number[] | null {
  for (let start = 0; start < waits.length; start++) {
    const seen: number[] = [];
    let i = start;
    while (i >= 0 && !seen.includes(i)) {
      seen.push(i);
      i = waits[i]!;
    }
    if (i >= 0) return seen.slice(seen.indexOf(i));
  }
  return null;
}
