/**
 * Database URLs as the rest of shale sees them (DESIGN §2): parsed by the scheme of each dialect
 * (`src/adapters/<dialect>/url.ts`, listed in `./schemes.ts`), shown with every secret masked. A
 * {@link DatabaseUrl} names no dialect: only `openAdapter` reads what the dialect parsed.
 */
export { databaseUrlRelativeTo, parseDatabaseUrl } from './schemes.js';
export { SECRET_URL_PARAMS, decodeUrlPart } from './url/parts.js';
export { redactSecrets, redactUrl, urlSecrets } from './url/redact.js';

/**
 * A parsed database URL. `display` never contains a password or a secret parameter.
 * @example parseDatabaseUrl('postgres://app:secret@localhost/app') // { scheme: 'postgres:', display: 'postgres://app:****@localhost/app' }
 */
export interface DatabaseUrl {
  /** The scheme that matched, lower case with its colon: `postgres:`, `sqlite:`. */
  readonly scheme: string;
  readonly display: string;
}

/** The dialects shale can open (the keys of the scheme registry). */
export type { DialectName as DatabaseKind } from './schemes.js';
