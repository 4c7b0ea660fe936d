import { createHash } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * Sessions of a shale run say so (PostgreSQL: application_name; MySQL: a comment that leads every
 * statement, visible in the processlist): `shale-run <key> <pid>@<host>`, where `key` names the
 * state tables. A later run finds a killed run's statement still running on the server by it.
 */
export const RUN_TAG = 'shale-run';

/** Eight hex digits naming the state tables (database, schema, prefix) of a run. */
export function runKey(scope: string): string {
  return createHash('sha256').update(`shale-run:${scope}`).digest('hex').slice(0, 8);
}

/** `shale-run <key> <pid>@<host>`, at most 63 bytes (PostgreSQL's application_name limit). */
export function runTag(key: string): string {
  return Buffer.from(`${RUN_TAG} ${key} ${process.pid}@${hostname()}`).subarray(0, 63).toString('utf8').replace(/\uFFFD$/, '');
}

/** The `<pid>@<host>` of a tag, if it has one. */
export function tagHolder(tag: string): string | null {
  return tag.split(' ')[2] ?? null;
}
