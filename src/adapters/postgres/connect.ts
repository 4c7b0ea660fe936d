import { createRequire } from 'node:module';
import type PgModule from 'pg';
import type { Client } from 'pg';
import { ShaleError, messageOf } from '../../errors.js';
import { redactSecrets, urlSecrets } from '../url/redact.js';

/**
 * The `pg` driver, loaded without the cost of its Cloudflare probe. On load, pg asks whether it runs
 * in a Cloudflare Worker: where `navigator` is not defined (Node 20; Node 21 and later define it) it
 * constructs a `Response`, and that makes Node load its bundled undici, ≈ 30 ms — a third of what a
 * `shale status` spends before its first query. So where there is no `navigator`, one that names
 * Node (as Node 21's does) is defined for the synchronous require and deleted right after it: no
 * other code runs in between, pg makes the same choice (Node's sockets) and keeps no reference to it.
 */
function loadPg(): typeof PgModule {
  const require = createRequire(import.meta.url);
  if ('navigator' in globalThis) return require('pg') as typeof PgModule;
  Object.defineProperty(globalThis, 'navigator', { value: { userAgent: `Node.js/${process.versions.node.split('.')[0]}` }, configurable: true, enumerable: false, writable: true });
  try {
    return require('pg') as typeof PgModule;
  } finally {
    delete (globalThis as { navigator?: unknown }).navigator;
  }
}

/** The driver, as `import pg from 'pg'` would give it (its types: `import type { Client } from 'pg'`). */
export const pg = loadPg();

/**
 * int8 comes back as a string by default; counts and ids here fit in a double. Set per client, never
 * with `pg.types.setTypeParser`: that would change every `pg` client of an application using shale.
 */
const TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser,
};

/** pg's connection string without shale's own `schema` parameter. */
export function pgConnectionString(url: string): string {
  const u = new URL(url);
  u.searchParams.delete('schema');
  return u.toString();
}

/** Open a pg client; failures become one-line E_CONNECT errors with every secret of the URL redacted. */
export async function connectPg(url: string, display: string, password: string | undefined, applicationName: string): Promise<Client> {
  const client = new pg.Client({ connectionString: pgConnectionString(url), application_name: applicationName, connectionTimeoutMillis: 10_000, types: TYPES });
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => undefined);
    throw new ShaleError('E_CONNECT', `cannot connect to ${display}: ${redactSecrets(messageOf(e).split('\n')[0] ?? '', [password, ...urlSecrets(url)])}`, { url: display }, { cause: e });
  }
  // A dropped connection surfaces as a failed query; without a listener it would crash the process.
  client.on('error', () => undefined);
  return client;
}
