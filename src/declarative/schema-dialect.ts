import type { Adapter } from '../adapters/adapter.js';
import { ShaleError } from '../errors.js';
import type { SchemaDialect } from '../schema/dialect.js';

/** A database as the declarative commands need it: where its dialect's schema module comes from. */
export type SchemaHost = Pick<Adapter, 'schemaDialect' | 'display'>;

/**
 * The schema module of `db`'s dialect (the adapter's `schemaDialect` capability); E_UNSUPPORTED
 * where the database has none. `what` names the work, for the message.
 * @example const dialect = await schemaDialectOf(dev.adapter, 'generate')
 */
export async function schemaDialectOf(db: SchemaHost, what: string): Promise<SchemaDialect> {
  if (!db.schemaDialect) {
    throw new ShaleError('E_UNSUPPORTED', `${what} needs a database with schema diff support, and shale has none for ${db.display} (it has for PostgreSQL, PGlite and SQLite)`, { url: db.display });
  }
  return db.schemaDialect();
}

/** The schema module two databases share, to compare them; E_UNSUPPORTED when their dialects differ. */
export async function sharedSchemaDialect(a: SchemaHost, b: SchemaHost, what: string): Promise<SchemaDialect> {
  const [da, db] = await Promise.all([schemaDialectOf(a, what), schemaDialectOf(b, what)]);
  if (da.id !== db.id) {
    throw new ShaleError('E_UNSUPPORTED', `${what} needs two databases of one dialect, not ${a.display} (${da.id}) and ${b.display} (${db.id})`, { from: a.display, to: b.display });
  }
  return da;
}
