import type { HistoryStore } from '../../core/history.js';
import { ShaleError } from '../../errors.js';
import type { Locker } from '../adapter.js';

function noDatabase(display: string): ShaleError {
  return new ShaleError('E_URL', `${display} names no database: add it to the URL path (mysql://user@host:3306/<database>)`, { url: display });
}

/**
 * The state tables of a connection whose URL names no database (`mysql://host:3306/`): there are
 * none. Such a connection serves as a dev database server (`--dev-url`), where shale creates a
 * scratch database; anything that needs state tables fails with one E_URL line.
 */
export function serverOnlyHistory(display: string): HistoryStore {
  const fail = async (): Promise<never> => {
    throw noDatabase(display);
  };
  return {
    tables: { migrations: 'shale_migrations', log: 'shale_log' },
    ensure: fail,
    exists: fail,
    list: fail,
    save: fail,
    saveAndLog: fail,
    progress: fail,
    remove: fail,
    log: fail,
    entries: fail,
    recordings: fail,
  };
}

/** The migration lock of such a connection: scoped to a database, so there is none to take. */
export function serverOnlyLocker(display: string): Locker {
  const fail = async (): Promise<never> => {
    throw noDatabase(display);
  };
  return { acquire: fail, release: async () => undefined, holder: async () => null, forceRelease: fail };
}
