import { ShaleError, checkTablePrefix, databaseUrlRelativeTo, DEFAULT_LOCK_TIMEOUT_MS, DEFAULT_TABLE_PREFIX, s3Source, type S3SourceOptions, type SourceSpec } from '../api/migrations.js';
import { expandEnv, loadConfig, resolveConfigPath } from './config.js';
import { cacheDirFor } from './cache-dir.js';
import { rememberSecrets } from './secrets.js';

/** Options every command accepts (DESIGN §5). */
export interface GlobalOptions {
  readonly db?: string;
  readonly source?: string[];
  readonly config?: string;
  readonly env?: string;
  readonly tablePrefix?: string;
  readonly lockTimeout?: string;
  readonly json?: boolean;
  readonly quiet?: boolean;
  readonly verbose?: boolean;
  readonly yes?: boolean;
}

export interface Settings {
  /** Database URLs: one for most commands; an environment may list several. */
  readonly dbs: readonly string[];
  /** Folders/URIs; `s3://` URIs become S3 source objects when the config has an `s3` section. */
  readonly sources: readonly SourceSpec[];
  /** The config's `s3` settings (endpoint, region, path style), if any. */
  readonly s3: S3SourceOptions | undefined;
  readonly tablePrefix: string;
  readonly lockTimeoutMs: number;
  readonly configFile: string | null;
  /** The config environment chosen with `--env`, if any. */
  readonly env: string | undefined;
  /** The chosen environment is `"protected": true`: `up` is gated by lint. */
  readonly protected: boolean;
  /** The config's `lint` section, its baseline path made absolute. */
  readonly lint: LintSettings;
  /** Folder of the cache of built migrations (see cache-dir.ts), none outside a Node project. */
  readonly cacheDir: string | undefined;
}

/** The config's `lint` section. */
export interface LintSettings {
  readonly rules?: Readonly<Record<string, 'off' | 'error' | 'warning' | 'info'>>;
  readonly baseline?: string;
  readonly dialect?: string;
}

function list(x: string | readonly string[] | undefined): string[] | undefined {
  return x === undefined ? undefined : typeof x === 'string' ? [x] : [...x];
}

/**
 * Merge flags, environment variables and the config file. Database URL precedence: `--db`, then the
 * `db` of the environment chosen with `--env` (an explicit choice beats an ambient variable), then
 * `SHALE_DATABASE_URL`, then the config's top-level `db`, then `DATABASE_URL`.
 * Sources: `--source`, then the config (environment section, then top level), then `./migrations`.
 * `${VAR}` expands only in the config values actually used: a variable needed by another
 * environment, or by a `db` that `--db` overrides, need not be set.
 */
export async function resolveSettings(o: GlobalOptions): Promise<Settings> {
  const { config, file, dir } = await loadConfig(o.config);
  const where = file ?? 'config';
  let envSection: NonNullable<typeof config.environments>[string] | undefined;
  if (o.env !== undefined) {
    envSection = config.environments?.[o.env];
    if (!envSection) {
      const known = Object.keys(config.environments ?? {});
      const hint = file === null ? ': no config file found (shale.config.json in the current folder, or --config <file>)' : known.length ? ` (known: ${known.join(', ')})` : ' (it defines no "environments")';
      throw new ShaleError('E_CONFIG', `no environment "${o.env}"${file === null ? '' : ` in ${file}`}${hint}`, { env: o.env });
    }
  }
  const envWhere = `${where} environments.${o.env}`;
  const fromConfig = <T>(value: T | undefined, at: string): T | undefined => (value === undefined ? undefined : expandEnv(value, at));
  const shaleUrl = process.env['SHALE_DATABASE_URL'] || undefined;
  // Paths in a config file are relative to it, a SQLite file or PGlite folder in its `db` too.
  const inConfigDir = (url: string): string => (file === null ? url : databaseUrlRelativeTo(url, dir));
  const resolveDbs = (): string[] =>
    o.db !== undefined
      ? [o.db]
      : (list(fromConfig(envSection?.db, `${envWhere}.db`))?.map(inConfigDir) ??
        (shaleUrl ? [shaleUrl] : undefined) ??
        list(fromConfig(config.db, `${where} db`))?.map(inConfigDir) ??
        list(process.env['DATABASE_URL'] || undefined) ??
        []);
  let dbs: string[] | undefined;
  const configSources = o.source?.length ? undefined : (list(fromConfig(envSection?.sources, `${envWhere}.sources`)) ?? list(fromConfig(config.sources, `${where} sources`)));
  const given = o.source?.length ? o.source : configSources ? configSources.map((s) => resolveConfigPath(dir, s)) : ['migrations'];
  const s3 = given.some((x) => x.startsWith('s3://')) ? fromConfig(config.s3, `${where} s3`) : undefined;
  const sources = s3 ? given.map((x): SourceSpec => (x.startsWith('s3://') ? s3Source(x, s3) : x)) : given;
  let lockTimeoutMs = config.lockTimeout !== undefined ? config.lockTimeout * 1000 : DEFAULT_LOCK_TIMEOUT_MS;
  if (o.lockTimeout !== undefined) {
    // Number('') is 0: an empty value must not silently mean "do not wait".
    const s = o.lockTimeout.trim() === '' ? NaN : Number(o.lockTimeout);
    if (!Number.isFinite(s) || s < 0) throw new ShaleError('E_USAGE', `--lock-timeout takes seconds, got "${o.lockTimeout}"`);
    lockTimeoutMs = s * 1000;
  }
  return {
    // Resolved on first use: `fleet --targets …` and `new` never need the config's `db` or its variables.
    get dbs(): readonly string[] {
      if (dbs === undefined) {
        dbs = resolveDbs();
        // `${VAR}` may have brought a password from the environment.
        rememberSecrets(dbs);
      }
      return dbs;
    },
    sources,
    s3,
    // Checked here, before any command: some pass the prefix only when it is set (an empty one would be the default).
    tablePrefix: checkTablePrefix(o.tablePrefix ?? fromConfig(envSection?.tablePrefix, `${envWhere}.tablePrefix`) ?? fromConfig(config.tablePrefix, `${where} tablePrefix`) ?? DEFAULT_TABLE_PREFIX),
    lockTimeoutMs,
    configFile: file,
    env: o.env,
    protected: envSection?.protected === true,
    lint: lintSettings(fromConfig(config.lint, `${where} lint`), dir),
    cacheDir: cacheDirFor(file === null ? process.cwd() : dir),
  };
}

function lintSettings(lint: LintSettings | undefined, dir: string): LintSettings {
  if (!lint) return {};
  return { ...lint, ...(lint.baseline !== undefined ? { baseline: resolveConfigPath(dir, lint.baseline) } : {}) };
}

/** The single database a command works on. */
export function singleDb(s: Settings): string {
  if (s.dbs.length === 0) throw new ShaleError('E_URL', 'no database URL: pass --db <url>, set SHALE_DATABASE_URL or DATABASE_URL, or put "db" in shale.config.json');
  if (s.dbs.length > 1) {
    const env = s.env ?? '<name>';
    throw new ShaleError('E_USAGE', `environment "${env}" lists ${s.dbs.length} databases: use \`shale fleet up|status|down --env ${env}\` for all of them, or pass --db <url> for one`, { env: s.env });
  }
  return s.dbs[0]!;
}
