import { ShaleError } from '../errors.js';
import type { Adapter } from './adapter.js';
import { MYSQL_SCHEME, type MysqlUrl } from './mysql/url.js';
import { PGLITE_SCHEME, type PgliteUrl } from './pglite/url.js';
import { POSTGRES_SCHEME, type PostgresUrl } from './postgres/url.js';
import { SQLITE_SCHEME, type SqliteUrl } from './sqlite/url.js';
import { parseUrl } from './url/parse.js';
import type { LocalScheme, ServerScheme, UrlScheme } from './url/scheme.js';
import type { DatabaseUrl } from './url.js';
import type { LintDialect } from '../lint/dialect.js';

/** Whether a URL can be a dev database, and how (see `Adapter.devDatabase`). */
export type DevDatabaseKind = 'self' | 'scratch' | null;

/** One dialect as the rest of shale reaches it: its URLs, and how to open one. */
interface Dialect<P> {
  readonly url: UrlScheme<P>;
  /** Imports the dialect (and its driver) only when a URL of it is opened. */
  open(url: P, opts: { readonly tablePrefix: string }): Promise<Adapter>;
  /** Decided from the URL alone, so a data folder or a file is never opened only to be refused. */
  devDatabase(url: P): DevDatabaseKind;
  /** The file or folder an embedded database lives in; null for a server or an in-memory database. */
  localPath(url: P): string | null;
  /** The dialect's linter (src/lint/<dialect>/), loaded on first use; null where shale has no rules. */
  readonly lint: (() => Promise<LintDialect>) | null;
}

const postgresLint = async (): Promise<LintDialect> => (await import('../lint/postgres/index.js')).postgresLint;

/** What each dialect's URL parses to; the registry below must have one entry per key. */
interface ParsedUrls {
  postgres: PostgresUrl;
  mysql: MysqlUrl;
  sqlite: SqliteUrl;
  pglite: PgliteUrl;
}

/** The dialects shale can open. */
export type DialectName = keyof ParsedUrls;

/** A URL as its dialect parsed it. Only `src/adapters/` sees this; the rest of shale gets a `DatabaseUrl`. */
export type DialectUrl = { [K in DialectName]: DialectUrlOf<K> }[DialectName];
type DialectUrlOf<K extends DialectName> = { readonly kind: K } & ParsedUrls[K];

/** In order: an unknown scheme's message lists the schemes in this order. */
const DIALECTS: { readonly [K in DialectName]: Dialect<ParsedUrls[K]> } = {
  postgres: {
    url: POSTGRES_SCHEME,
    open: async (url, opts) => (await import('./postgres/adapter.js')).openPostgres(url, opts),
    devDatabase: () => 'scratch',
    localPath: () => null,
    lint: postgresLint,
  },
  mysql: {
    url: MYSQL_SCHEME,
    open: async (url, opts) => (await import('./mysql/adapter.js')).openMysql(url, opts),
    // A server: shale creates `shale_dev_<random>` there and drops it afterwards.
    devDatabase: () => 'scratch',
    localPath: () => null,
    lint: async () => (await import('../lint/mysql/index.js')).mysqlLint,
  },
  sqlite: {
    url: SQLITE_SCHEME,
    open: async (url, opts) => (await import('./sqlite/adapter.js')).openSqlite(url, opts),
    // Only an in-memory database is fresh and disposable; a file is someone's database.
    devDatabase: (url) => (url.path === ':memory:' ? 'self' : null),
    localPath: (url) => (url.path === ':memory:' ? null : url.path),
    lint: async () => (await import('../lint/sqlite/index.js')).sqliteLint,
  },
  pglite: {
    url: PGLITE_SCHEME,
    open: async (url, opts) => (await import('./pglite/adapter.js')).openPglite(url, opts),
    // Only an in-memory instance is fresh and disposable; a data folder is someone's database.
    devDatabase: (url) => (url.dataDir === null ? 'self' : null),
    localPath: (url) => url.dataDir,
    lint: postgresLint,
  },
};

/** The dialect's scheme, its parse tagged with the dialect's name. */
function taggedScheme<K extends DialectName>(kind: K): UrlScheme<DialectUrlOf<K>> {
  const s: UrlScheme<ParsedUrls[K]> = DIALECTS[kind].url;
  if (s.form === 'local') {
    const local: LocalScheme<DialectUrlOf<K>> = { ...s, parse: (text) => ({ kind, ...s.parse(text) }) };
    return local;
  }
  const server: ServerScheme<DialectUrlOf<K>> = { ...s, parse: (url) => ({ kind, ...s.parse(url) }) };
  return server;
}

/** Every registered scheme, in registry order. */
export const DIALECT_SCHEMES: readonly UrlScheme<DialectUrl>[] = (Object.keys(DIALECTS) as DialectName[]).map(
  // Each call has one name; over the union of names TS cannot see that the result is one of DialectUrl.
  (kind) => taggedScheme(kind) as UrlScheme<DialectUrl>,
);

/**
 * The dialect's own parse of a database URL (errors: see `parseUrl`).
 * @example parseDialectUrl('postgres://u:pw@h/db?schema=s') // { kind: 'postgres', schema: 's', password: 'pw', … }
 */
export function parseDialectUrl(input: string): DialectUrl {
  return parseUrl(input, DIALECT_SCHEMES).parsed;
}

/**
 * A database URL written in a config file in `dir`: a relative SQLite file or PGlite folder is made
 * absolute against `dir` (paths in a config file are relative to it); any other URL is returned as it is.
 * @example databaseUrlRelativeTo('sqlite:app.db', '/srv/conf') // 'sqlite:///srv/conf/app.db'
 */
export function databaseUrlRelativeTo(text: string, dir: string): string {
  const trimmed = text.trim();
  for (const s of DIALECT_SCHEMES) {
    if (s.form === 'local' && s.relativeTo && s.schemes.some((name) => trimmed.startsWith(name))) return s.relativeTo(trimmed, dir);
  }
  return text;
}

/** What each {@link DatabaseUrl} handed out stands for; kept here so that nothing else can read it. */
const dialectUrls = new WeakMap<DatabaseUrl, DialectUrl>();

/**
 * Parse a database URL into the form the rest of shale sees: its scheme and display, no dialect.
 * @example parseDatabaseUrl('postgres://app:secret@localhost/app').display // 'postgres://app:****@localhost/app'
 */
export function parseDatabaseUrl(input: string): DatabaseUrl {
  const { scheme, parsed } = parseUrl(input, DIALECT_SCHEMES);
  const url: DatabaseUrl = Object.freeze({ scheme, display: parsed.display });
  dialectUrls.set(url, parsed);
  return url;
}

/** The dialect's parse behind a URL text or a {@link parseDatabaseUrl} result. */
export function dialectUrlOf(url: string | DatabaseUrl): DialectUrl {
  if (typeof url === 'string') return parseDialectUrl(url);
  const parsed = dialectUrls.get(url);
  // Its display is not echoed: an object made by hand may show anything, a password too.
  if (!parsed) throw new ShaleError('E_USAGE', 'not a parsed database URL: pass the URL text, or what parseDatabaseUrl returned');
  return parsed;
}

function dialectOf<K extends DialectName>(url: DialectUrlOf<K>): Dialect<ParsedUrls[K]> {
  return DIALECTS[url.kind];
}

/** Open an adapter on a parsed URL: the dialect's module (and driver) is imported now. */
export function openDialectUrl(url: DialectUrl, opts: { readonly tablePrefix: string }): Promise<Adapter> {
  return dialectOf(url).open(url, opts);
}

/** The file or folder of an embedded database (see {@link Dialect.localPath}). */
export function localPathOf(url: DialectUrl): string | null {
  return (dialectOf(url).localPath as (u: DialectUrl) => string | null)(url);
}

/** Whether the URL can be a dev database (see {@link Dialect.devDatabase}). */
export function devDatabaseOf(url: DialectUrl): DevDatabaseKind {
  return dialectOf(url).devDatabase(url);
}

/** The dialect names `shale lint --dialect` takes (a URL's dialect, without a database to open). */
export const LINT_DIALECTS: readonly DialectName[] = Object.keys(DIALECTS) as DialectName[];

/**
 * The linter for a database URL's dialect, or for a dialect named without a database
 * (`shale lint --dialect postgres` in a CI job with no server). E_UNSUPPORTED where shale has no rules.
 * @example (await lintDialectFor({ dialect: 'postgres' })).rules.length
 */
export async function lintDialectFor(of: { readonly url: string | DatabaseUrl } | { readonly dialect: string }): Promise<LintDialect> {
  const name = 'url' in of ? dialectUrlOf(of.url).kind : of.dialect;
  if (!(name in DIALECTS)) throw new ShaleError('E_USAGE', `--dialect takes ${LINT_DIALECTS.join(', ')}, got "${name}"`, { dialect: name });
  const load = DIALECTS[name as DialectName].lint;
  if (!load) throw new ShaleError('E_UNSUPPORTED', `shale lint has no rules for ${name}`, { dialect: name });
  return load();
}

/**
 * The schema dialects (a `SchemaDialect`'s id, one per family of URLs: PGlite is PostgreSQL), each
 * with its name for messages and the dev database its declarative commands use when none is given
 * (null: it must be given, and `devUrlHint` says how).
 */
const SCHEMA_FAMILIES = {
  postgres: { name: 'PostgreSQL', devUrl: 'pglite:memory', devUrlHint: '' },
  sqlite: { name: 'SQLite', devUrl: 'sqlite::memory:', devUrlHint: '' },
  mysql: { name: 'MySQL', devUrl: null, devUrlHint: '--dev-url mysql://… (a server where shale creates a scratch database and drops it)' },
} as const satisfies Record<string, { name: string; devUrl: string | null; devUrlHint: string }>;

type SchemaFamily = keyof typeof SCHEMA_FAMILIES;

const FAMILY_OF: { readonly [K in DialectName]: SchemaFamily } = { postgres: 'postgres', pglite: 'postgres', sqlite: 'sqlite', mysql: 'mysql' };

/**
 * The schema dialect of a URL's database (the id of the `SchemaDialect` its adapter offers): dev
 * databases and the databases they stand for must share it.
 * @example schemaFamilyOf('pglite:memory') // 'postgres'
 */
export function schemaFamilyOf(url: string | DatabaseUrl): string {
  return FAMILY_OF[dialectUrlOf(url).kind];
}

/** A schema dialect's name for messages ('PostgreSQL', 'SQLite', …; the id itself when unknown). */
export function schemaFamilyName(family: string): string {
  return family in SCHEMA_FAMILIES ? SCHEMA_FAMILIES[family as SchemaFamily].name : family;
}

/**
 * The dev database for a project whose database (`display`, for the message) is of `family`, when
 * none is given: an embedded one where the dialect has it; E_USAGE where it must be given.
 * @example defaultDevUrl('sqlite', 'sqlite:app.db') // 'sqlite::memory:'
 */
export function defaultDevUrl(family: string, display: string): string {
  const f = family in SCHEMA_FAMILIES ? SCHEMA_FAMILIES[family as SchemaFamily] : null;
  if (f?.devUrl) return f.devUrl;
  const what = f ? `${display} is a ${f.name} database, which has no embedded dev database: pass ${f.devUrlHint}` : `${display} has no default dev database: pass --dev-url`;
  throw new ShaleError('E_USAGE', what, { url: display });
}
