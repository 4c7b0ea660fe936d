import { redactSecrets, urlSecrets } from '../api/migrations.js';

/**
 * Secrets of every database URL this CLI process was given (flags, environment, config, targets
 * files). The library redacts what it knows of one connection; this is the last filter before text
 * reaches stdout or stderr, for messages that echo a secret outside a URL (a database error quoting
 * a migration's statement, a driver message).
 */
const known = new Set<string>();

/** Remember the secrets of these URLs (anything that is not a URL carries none). */
export function rememberSecrets(urls: readonly (string | undefined)[]): void {
  for (const u of urls) if (u && u.includes('://')) for (const s of urlSecrets(u)) known.add(s);
}

/** `text` with URL passwords and every remembered secret replaced by `****`. */
export function scrub(text: string): string {
  return redactSecrets(text, [...known]);
}
