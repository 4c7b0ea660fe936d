import { ShaleError, DEFAULT_LOCK_TIMEOUT_MS, DEFAULT_TABLE_PREFIX, s3Source, type S3SourceOptions, type SourceSpec } from '../index.js';
import { expandEnv, loadConfig, resolveConfigPath } from './config.js';

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
}

function list(x: string | readonly string[] | undefined): string[] | undefined {
  return x === undefined ? undefined : typeof x === 'string' ? [x] : [...x];
}

/**
 * Merge flags, environment variables and the config file. Database URL precedence: `--db`, then
 * `SHALE_DATABASE_URL`, then the config (environment section, then top level), then `DATABASE_URL`.
 * Sources: `--source`, then the config, then `./migrations`.
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
    envSection = expandEnv(envSection, `${where} environments.${o.env}`);
  }
  const top = {
    db: config.db === undefined ? undefined : expandEnv(config.db, `${where} db`),
    sources: list(config.sources === undefined ? undefined : expandEnv(config.sources, `${where} sources`)),
  };
  const dbs = o.db !== undefined ? [o.db] : process.env['SHALE_DATABASE_URL'] ? [process.env['SHALE_DATABASE_URL']] : (list(envSection?.db) ?? list(top.db) ?? list(process.env['DATABASE_URL']) ?? []);
  const configSources = list(envSection?.sources) ?? top.sources;
  const given = o.source?.length ? o.source : configSources ? configSources.map((s) => resolveConfigPath(dir, s)) : ['migrations'];
  const s3 = config.s3 === undefined ? undefined : expandEnv(config.s3, `${where} s3`);
  const sources = s3 ? given.map((x): SourceSpec => (x.startsWith('s3://') ? s3Source(x, s3) : x)) : given;
  let lockTimeoutMs = config.lockTimeout !== undefined ? config.lockTimeout * 1000 : DEFAULT_LOCK_TIMEOUT_MS;
  if (o.lockTimeout !== undefined) {
    // Number('') is 0: an empty value must not silently mean "do not wait".
    const s = o.lockTimeout.trim() === '' ? NaN : Number(o.lockTimeout);
    if (!Number.isFinite(s) || s < 0) throw new ShaleError('E_USAGE', `--lock-timeout takes seconds, got "${o.lockTimeout}"`);
    lockTimeoutMs = s * 1000;
  }
  return {
    dbs,
    sources,
    s3,
    tablePrefix: o.tablePrefix ?? envSection?.tablePrefix ?? config.tablePrefix ?? DEFAULT_TABLE_PREFIX,
    lockTimeoutMs,
    configFile: file,
  };
}

/** The single database a command works on. */
export function singleDb(s: Settings): string {
  if (s.dbs.length === 0) throw new ShaleError('E_URL', 'no database URL: pass --db <url>, set SHALE_DATABASE_URL or DATABASE_URL, or put "db" in shale.config.json');
  if (s.dbs.length > 1) throw new ShaleError('E_USAGE', `this environment lists ${s.dbs.length} databases: use \`shale fleet\` or pass --db`);
  return s.dbs[0]!;
}
