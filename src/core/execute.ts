import { BatchStatementError, type Adapter, type Executor, type Transaction } from '../adapters/adapter.js';
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

/** Context for TS/JS migrations running on `x`: a tagged template whose values become bound parameters. */
export function migrationContext(adapter: Adapter, x: Executor): MigrationContext {
  let savepoints = 0;
  return {
    sql(strings, ...values) {
      let text = strings[0] ?? '';
      values.forEach((_, i) => (text += adapter.param(i + 1) + (strings[i + 1] ?? '')));
      return x.query(text, values);
    },
    query: (sql, params) => x.query(sql, params),
    transactionalDdl: adapter.capabilities.transactionalDdl,
    // SAVEPOINT / RELEASE / ROLLBACK TO are the same on PostgreSQL, SQLite and MySQL; names are ours.
    async savepoint(fn) {
      if (!adapter.capabilities.savepoints) throw new ShaleError('E_UNSUPPORTED', `${adapter.display} has no savepoints`);
      const name = `shale_sp_${++savepoints}`;
      await x.query(`savepoint ${name}`);
      try {
        const r = await fn();
        await x.query(`release savepoint ${name}`);
        return r;
      } catch (e) {
        await x.query(`rollback to savepoint ${name}`);
        await x.query(`release savepoint ${name}`);
        throw e;
      }
    },
  };
}

export interface ExecuteOptions {
  /** Index of the first statement to run (resume). */
  readonly from?: number;
  readonly onStart?: (index: number, sql: string) => void;
}

/** Run a TS/JS migration module on `x`; its failure is an E_SQL naming the file. */
async function runModule(adapter: Adapter, x: Executor, body: Extract<PreparedBody, { kind: 'module' }>): Promise<void> {
  try {
    await body.run(migrationContext(adapter, x));
  } catch (e) {
    throw new ShaleError('E_SQL', adapter.redact(`${body.location}: ${messageOf(e).split('\n')[0]}`), { file: body.location }, { cause: e });
  }
}

/** Run a prepared body statement by statement on `x` (the adapter, or a transaction of it). */
export async function executeBody(adapter: Adapter, x: Executor, body: PreparedBody, opts: ExecuteOptions = {}): Promise<number> {
  if (body.kind === 'module') {
    await runModule(adapter, x, body);
    return 1;
  }
  const stmts = body.statements;
  for (let i = opts.from ?? 0; i < stmts.length; i++) {
    const stmt = stmts[i]!;
    opts.onStart?.(i, stmt.sql);
    try {
      await x.execute(stmt.sql);
    } catch (e) {
      throw statementError(adapter, e, stmt, i);
    }
  }
  return stmts.length;
}

/** Run a whole prepared body inside `tx`, as one script where the adapter can send it so. */
export async function executeScript(adapter: Adapter, tx: Transaction, body: PreparedBody, onStart: (index: number, sql: string) => void): Promise<number> {
  if (body.kind === 'module') return executeBody(adapter, tx, body);
  const stmts = body.statements;
  stmts.forEach((s, i) => onStart(i, s.sql));
  try {
    await tx.executeAll(stmts.map((s) => s.sql));
  } catch (e) {
    if (e instanceof BatchStatementError) throw statementError(adapter, e.error, stmts[e.index]!, e.index);
    throw e;
  }
  return stmts.length;
}
