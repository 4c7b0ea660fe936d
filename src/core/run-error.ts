import { ShaleError, messageOf } from '../errors.js';

/** JavaScript's own errors: a bug (in shale, a driver, or the application's code), whoever threw them. */
export function isProgrammingError(e: unknown): boolean {
  return e instanceof TypeError || e instanceof RangeError || e instanceof ReferenceError || e instanceof SyntaxError;
}

/**
 * A call to the database outside any migration statement: the lock, the state tables, a COMMIT.
 * What it throws that is not already a ShaleError is the database's (or its driver's) error, so
 * `E_SQL`; a programming error stays as it is and becomes `E_INTERNAL` at the run funnel.
 * (Statement errors are wrapped where the statements run: `execute.ts`, `apply.ts`.)
 * @example await fromDatabase(() => a.history.ensure())
 */
export async function fromDatabase<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw databaseError(e);
  }
}

/** What a database call threw, as {@link fromDatabase} reports it. */
export function databaseError(e: unknown): unknown {
  return e instanceof ShaleError || isProgrammingError(e) ? e : new ShaleError('E_SQL', messageOf(e), {}, { cause: e });
}

/**
 * The error a run reports for what it caught: a ShaleError as it is; anything else came from no
 * database and no input shale knows of (a bug, an event listener's throw, a foreign library), so
 * `E_INTERNAL`, with the original as `cause`.
 */
export function runError(e: unknown): ShaleError {
  return e instanceof ShaleError ? e : new ShaleError('E_INTERNAL', messageOf(e), {}, { cause: e });
}
