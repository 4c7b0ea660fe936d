/**
 * Every failure shale reports is a {@link ShaleError} with a stable `code`.
 * The CLI maps codes to exit codes (DESIGN §5); tests assert codes, not message text.
 */
export type ErrorCode =
  | 'E_USAGE' // bad command-line or API arguments
  | 'E_CONFIG' // bad or missing configuration
  | 'E_URL' // malformed or unsupported database URL
  | 'E_CONNECT' // database unreachable or authentication failed
  | 'E_SOURCE' // a migration source cannot be listed or read
  | 'E_PARSE' // a migration file or SQL text cannot be parsed
  | 'E_DUPLICATE_ID' // two files define the same migration id
  | 'E_SQL' // the database rejected a statement
  | 'E_NOT_FOUND' // a named migration does not exist
  | 'E_NO_ROLLBACK' // a migration to roll back has no rollback
  | 'E_CHECKSUM_CHANGED' // an applied migration's file was edited
  | 'E_MISSING_FILE' // an applied migration has no file any more
  | 'E_PARTIAL' // a statement-journaled migration stopped half-way
  | 'E_CYCLE' // dependency cycle
  | 'E_UNKNOWN_DEPENDENCY' // depends on an id that does not exist
  | 'E_OUT_OF_ORDER' // --strict and a pending migration sorts before an applied one
  | 'E_DESTRUCTIVE' // diff needs destructive statements and --unsafe was not given
  | 'E_HAZARD' // a protected environment's pending migrations have error-level lint findings
  | 'E_UNSUPPORTED' // an object kind or feature shale cannot handle
  | 'E_LOCK_TIMEOUT' // the migration lock could not be taken in time
  | 'E_LOCK_LOST' // the session holding the migration lock ended during a run
  | 'E_INTERNAL'; // a failure that is not the database's or the input's: a bug, or a foreign error

export type ErrorDetails = Readonly<Record<string, unknown>>;

export class ShaleError extends Error {
  override readonly name = 'ShaleError';
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = details;
  }
}

export function isShaleError(e: unknown, code?: ErrorCode): e is ShaleError {
  return e instanceof ShaleError && (code === undefined || e.code === code);
}

const EXIT_CODES: Record<ErrorCode, number> = {
  E_USAGE: 1,
  E_CONFIG: 1,
  E_URL: 1,
  E_CONNECT: 1,
  E_SOURCE: 1,
  E_PARSE: 1,
  E_DUPLICATE_ID: 1,
  E_SQL: 1,
  E_NOT_FOUND: 1,
  E_NO_ROLLBACK: 1,
  E_UNSUPPORTED: 1,
  E_CHECKSUM_CHANGED: 4,
  E_MISSING_FILE: 4,
  E_PARTIAL: 4,
  E_CYCLE: 4,
  E_UNKNOWN_DEPENDENCY: 4,
  E_OUT_OF_ORDER: 4,
  E_DESTRUCTIVE: 3,
  E_HAZARD: 3,
  E_LOCK_TIMEOUT: 5,
  E_LOCK_LOST: 1,
  E_INTERNAL: 1,
};

/** Exit code for an error (DESIGN §5): 1 error, 3 destructive refused, 4 integrity, 5 lock timeout. */
export function exitCodeFor(e: unknown): number {
  return e instanceof ShaleError ? EXIT_CODES[e.code] : 1;
}

export function assertNever(x: never, what = 'value'): never {
  throw new ShaleError('E_UNSUPPORTED', `unexpected ${what}: ${JSON.stringify(x)}`);
}

/** The message of any thrown value, for wrapping foreign errors. */
export function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
