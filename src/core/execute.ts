import { BatchStatementError, type Adapter } from '../adapters/adapter.js';
import { ShaleError, messageOf } from '../errors.js';
import type { MigrationContext } from './migration.js';
import { statementPreview } from './position.js';
import { filePosition, type PreparedBody, type PreparedStatement } from './prepare.js';

/** A database error turned into one line: where in the file, what the database said, which statement. */
export function statementError(adapter: Adapter, e: unknown, stmt: PreparedStatement, index: number): ShaleError {
  const facts = adapter.errorFacts(e, stmt.sql);
  const msg = messageOf(e).split('\n')[0]!;
  return new ShaleError(
    'E_SQL',
    adapter.redact(`${filePosition(stmt, facts.position?.offset ?? 0)}: ${msg} (statement ${index + 1}: ${statementPreview(stmt.sql)})`),
    {
      file: stmt.location,
      statement: index + 1,
      sql: stmt.sql,
      dbCode: (e as { code?: unknown })?.code,
      notInTransaction: facts.notInTransaction,
      notRun: facts.notRun,
      ...(facts.detail ? { detail: adapter.redact(facts.detail) } : {}),
      ...(facts.hint ? { hint: adapter.redact(facts.hint) } : {}),
    },
    { cause: e },
  );
}

/** Context for TS/JS migrations: a tagged template whose values become bound parameters. */
export function migrationContext(adapter: Adapter): MigrationContext {
  let savepoints = 0;
  return {
    sql(strings, ...values) {
      let text = strings[0] ?? '';
      values.forEach((_, i) => (text += adapter.param(i + 1) + (strings[i + 1] ?? '')));
      return adapter.query(text, values);
    },
    query: (sql, params) => adapter.query(sql, params),
    transactionalDdl: adapter.capabilities.transactionalDdl,
    // SAVEPOINT / RELEASE / ROLLBACK TO are the same on PostgreSQL, SQLite and MySQL; names are ours.
    async savepoint(fn) {
      if (!adapter.capabilities.savepoints) throw new ShaleError('E_UNSUPPORTED', `${adapter.display} has no savepoints`);
      const name = `shale_sp_${++savepoints}`;
      await adapter.query(`savepoint ${name}`);
      try {
        const r = await fn();
        await adapter.query(`release savepoint ${name}`);
        return r;
      } catch (e) {
        await adapter.query(`rollback to savepoint ${name}`);
        await adapter.query(`release savepoint ${name}`);
        throw e;
      }
    },
  };
}

export interface ExecuteOptions {
  /** Index of the first statement to run (resume). */
  readonly from?: number;
  /** Called after each statement succeeds, with the number done so far. */
  readonly onStatement?: (done: number) => Promise<void>;
  readonly onStart?: (index: number, sql: string) => void;
  /** Send all statements in one round trip when the adapter can (transactional runs only). */
  readonly batch?: boolean;
}

/** Run a prepared body on the adapter's connection; transaction control is the caller's. */
export async function executeBody(adapter: Adapter, body: PreparedBody, opts: ExecuteOptions = {}): Promise<number> {
  if (body.kind === 'module') {
    try {
      await body.run(migrationContext(adapter));
    } catch (e) {
      throw new ShaleError('E_SQL', adapter.redact(`${body.location}: ${messageOf(e).split('\n')[0]}`), { file: body.location }, { cause: e });
    }
    await opts.onStatement?.(1);
    return 1;
  }
  const stmts = body.statements;
  if (opts.batch && adapter.executeMany && !opts.from && !opts.onStatement && stmts.length > 1) {
    stmts.forEach((s, i) => opts.onStart?.(i, s.sql));
    try {
      await adapter.executeMany(stmts.map((s) => s.sql));
    } catch (e) {
      if (e instanceof BatchStatementError) throw statementError(adapter, e.error, stmts[e.index]!, e.index);
      throw e;
    }
    return stmts.length;
  }
  for (let i = opts.from ?? 0; i < stmts.length; i++) {
    const stmt = stmts[i]!;
    opts.onStart?.(i, stmt.sql);
    try {
      await adapter.execute(stmt.sql);
    } catch (e) {
      throw statementError(adapter, e, stmt, i);
    }
    await opts.onStatement?.(i + 1);
  }
  return stmts.length;
}
