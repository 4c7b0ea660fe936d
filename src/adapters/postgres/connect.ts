import pg from 'pg';
import { ShaleError, messageOf } from '../../errors.js';
import { redactSecrets, urlSecrets } from '../url/redact.js';

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
export async function connectPg(url: string, display: string, password: string | undefined, applicationName: string): Promise<pg.Client> {
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
