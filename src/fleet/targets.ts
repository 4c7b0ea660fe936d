import { readFile } from 'node:fs/promises';
import { openAdapter } from '../adapters/open.js';
import { ShaleError, messageOf } from '../errors.js';
import { redactUrl } from '../core/url.js';

const URL_SCHEME = /^(postgres|postgresql|mysql|mariadb|sqlite|pglite):/i;

/** Whether a `--targets` argument is a database URL (else it is a file of URLs). */
export function isDatabaseUrl(text: string): boolean {
  return URL_SCHEME.test(text.trim());
}

/** Parse a targets file: one URL per line; blank lines and `#` comments are ignored. */
export function parseTargetsFile(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
    .filter((line) => line !== '');
}

/** Read a targets file (see {@link parseTargetsFile}). */
export async function readTargetsFile(path: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new ShaleError('E_USAGE', `cannot read targets file ${path}: ${messageOf(e)}`, { file: path }, { cause: e });
  }
  return parseTargetsFile(text);
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
    if (rows.length > 0 && !('url' in rows[0]!)) {
      throw new ShaleError('E_USAGE', `--targets-query must return a column named "url" (got: ${Object.keys(rows[0]!).join(', ')})`);
    }
    return rows.map((r) => String(r['url'])).filter((u) => u.trim() !== '');
  } finally {
    await db.close();
  }
}

/** Reject duplicate targets: two runs on one database would only contend for its lock. */
export function checkTargets(targets: readonly string[]): void {
  if (targets.length === 0) throw new ShaleError('E_USAGE', 'no fleet targets: pass --targets <file|url…>, --targets-query with --catalog, or list databases in the config environment');
  const seen = new Set<string>();
  for (const t of targets) {
    if (seen.has(t)) throw new ShaleError('E_USAGE', `fleet target listed twice: ${redactUrl(t)}`, { target: redactUrl(t) });
    seen.add(t);
  }
}
