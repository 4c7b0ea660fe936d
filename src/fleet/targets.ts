import { readFile } from 'node:fs/promises';
import { openAdapter } from '../adapters/open.js';
import { ShaleError, messageOf } from '../errors.js';
import { parseDatabaseUrl, redactUrl } from '../adapters/url.js';

const URL_SCHEME = /^(postgres|postgresql|mysql|mariadb|sqlite|pglite):/i;

/** Whether a `--targets` argument is a database URL (else it is a file of URLs). */
export function isDatabaseUrl(text: string): boolean {
  return URL_SCHEME.test(text.trim());
}

export interface TargetsFileOptions {
  /** Name of the file, for messages (default `targets file`). */
  readonly file?: string;
  /** Where `${VAR}` comes from (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Parse a targets file: one URL per line; blank lines and `#` comments (at the start of a line or
 * after a space) are ignored; `${VAR}` expands from the environment, so passwords can stay out of
 * the file. A missing variable is an E_CONFIG error naming it and the line.
 * @example parseTargetsFile('# EU\npostgres://app:${EU_PASSWORD}@eu-db/tenant_a\n')
 */
export function parseTargetsFile(text: string, opts: TargetsFileOptions = {}): string[] {
  const env = opts.env ?? process.env;
  const where = opts.file ?? 'targets file';
  const out: string[] = [];
  for (const [i, raw] of text.replace(/^\uFEFF/, '').split(/\r?\n/).entries()) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') continue;
    out.push(
      line.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
        const value = env[name];
        if (value === undefined) throw new ShaleError('E_CONFIG', `${where}:${i + 1}: environment variable ${name} is not set`, { file: where, line: i + 1, variable: name });
        return value;
      }),
    );
  }
  return out;
}

/** Read a targets file (see {@link parseTargetsFile}); a file that lists no database is an error. */
export async function readTargetsFile(path: string): Promise<string[]> {
  const shown = redactUrl(path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const hint = /^[a-z][a-z0-9+.-]*:/i.test(path) ? ' (not a file, nor a postgres://, mysql://, mariadb://, sqlite: or pglite: URL)' : '';
    throw new ShaleError('E_USAGE', `cannot read targets file ${shown}: ${redactUrl(messageOf(e))}${hint}`, { file: shown }, { cause: e });
  }
  const targets = parseTargetsFile(text, { file: shown });
  if (targets.length === 0) throw new ShaleError('E_USAGE', `targets file ${shown} lists no database URLs (one per line; # starts a comment)`, { file: shown });
  return targets;
}

/** Expand `--targets` arguments: URLs as given, anything else read as a targets file. */
export async function expandTargetArgs(args: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const a of args) out.push(...(isDatabaseUrl(a) ? [a.trim()] : await readTargetsFile(a)));
  return out;
}

/**
 * Run a query on a catalog database and take its `url` column as the targets.
 * @example await queryTargets('postgres://…/catalog', "select url from tenants where active")
 */
export async function queryTargets(catalogUrl: string, sql: string): Promise<string[]> {
  const db = await openAdapter(catalogUrl);
  try {
    let rows: Record<string, unknown>[];
    try {
      rows = (await db.query(sql)).rows;
    } catch (e) {
      throw new ShaleError('E_SQL', `--targets-query failed on ${db.display}: ${redactUrl(messageOf(e))}`, { catalog: db.display }, { cause: e });
    }
    if (rows.length === 0) throw new ShaleError('E_USAGE', `--targets-query returned no rows on ${db.display}: no targets to migrate`, { catalog: db.display });
    const column = Object.keys(rows[0]!).find((k) => k.toLowerCase() === 'url');
    if (column === undefined) {
      throw new ShaleError('E_USAGE', `--targets-query must return a column named "url" (got: ${Object.keys(rows[0]!).join(', ')})`, { catalog: db.display });
    }
    // NULL or blank urls (a tenant not provisioned yet) are not targets.
    const urls = rows.map((r) => r[column]).filter((u): u is NonNullable<unknown> => u !== null && u !== undefined && String(u).trim() !== '');
    if (urls.length === 0) throw new ShaleError('E_USAGE', `--targets-query returned only empty "url" values on ${db.display}: no targets to migrate`, { catalog: db.display });
    return urls.map((u) => String(u).trim());
  } finally {
    await db.close();
  }
}

/**
 * Check the targets before any is migrated: each must be a database URL (a typo must not stop a
 * fleet half-way), and none listed twice (two runs on one database would only contend for its lock).
 */
export function checkTargets(targets: readonly string[]): void {
  if (targets.length === 0) throw new ShaleError('E_USAGE', 'no fleet targets: pass --targets <file|url…>, --targets-query with --catalog, or list databases in the config environment');
  const seen = new Set<string>();
  for (const [i, t] of targets.entries()) {
    const key = t.trim();
    if (key === '') throw new ShaleError('E_URL', `fleet target ${i + 1} of ${targets.length} is empty`, { position: i + 1 });
    let shown: string;
    try {
      shown = parseDatabaseUrl(key).display;
    } catch (e) {
      throw new ShaleError('E_URL', `fleet target ${i + 1} of ${targets.length}: ${messageOf(e)}`, { position: i + 1 }, { cause: e });
    }
    // Compared without secrets: the same database with two passwords is still one database (and one queue key).
    if (seen.has(shown)) throw new ShaleError('E_USAGE', `fleet target listed twice: ${shown}`, { target: shown });
    seen.add(shown);
  }
}
