import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import * as v from 'valibot';
import { ShaleError, importModule, messageOf } from '../api/migrations.js';

const Sources = v.union([v.string(), v.array(v.string())]);
// Strict: a misspelt key (`source`, `tablePrefx`) is an error, not silently ignored.
const EnvironmentSchema = v.strictObject({
  db: v.optional(v.union([v.string(), v.array(v.string())])),
  sources: v.optional(Sources),
  tablePrefix: v.optional(v.string()),
  /** `up` refuses error-level lint findings unless `--allow-hazard CODE` names them. */
  protected: v.optional(v.boolean()),
});
const Severity = v.picklist(['off', 'error', 'warning', 'info']);
const LintSchema = v.strictObject({
  /** By code (`PG130`) or rule name: off, or another severity. */
  rules: v.optional(v.record(v.string(), Severity)),
  /** A baseline file (relative to the config file) of accepted findings. */
  baseline: v.optional(v.string()),
  /** The dialect to lint without a database (`postgres`, the default). */
  dialect: v.optional(v.string()),
});
const ConfigSchema = v.strictObject({
  // Editors add a JSON-schema reference to config files; it is allowed and ignored.
  $schema: v.optional(v.string()),
  db: v.optional(v.string()),
  sources: v.optional(Sources),
  tablePrefix: v.optional(v.string()),
  lockTimeout: v.optional(v.pipe(v.number(), v.minValue(0))),
  environments: v.optional(v.record(v.string(), EnvironmentSchema)),
  lint: v.optional(LintSchema),
  s3: v.optional(v.strictObject({ endpoint: v.optional(v.string()), region: v.optional(v.string()), forcePathStyle: v.optional(v.boolean()) })),
});

export type ShaleConfig = v.InferOutput<typeof ConfigSchema>;

export const CONFIG_FILES = ['shale.config.json', 'shale.config.ts', 'shale.config.mjs', 'shale.config.js'];

/** A loaded config and the folder relative paths in it are resolved against. */
export interface LoadedConfig {
  readonly config: ShaleConfig;
  readonly file: string | null;
  readonly dir: string;
}

/** Expand `${VAR}` from the environment; a missing variable is an error naming it. */
export function expandEnv<T>(value: T, where: string, env: NodeJS.ProcessEnv = process.env): T {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
      const x = env[name];
      if (x === undefined) throw new ShaleError('E_CONFIG', `${where}: environment variable ${name} is not set`, { variable: name });
      return x;
    }) as T;
  }
  if (Array.isArray(value)) return value.map((x) => expandEnv(x, where, env)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, expandEnv(x, where, env)])) as T;
  }
  return value;
}

/** Find and load the config file (`--config`, else the first of {@link CONFIG_FILES} in the current folder). */
export async function loadConfig(explicit: string | undefined): Promise<LoadedConfig> {
  const file = explicit ? resolve(explicit) : (CONFIG_FILES.map((f) => resolve(f)).find((f) => existsSync(f)) ?? null);
  if (!file) return { config: {}, file: null, dir: process.cwd() };
  if (!existsSync(file)) throw new ShaleError('E_CONFIG', `config file not found: ${explicit}`, { file: explicit });
  let raw: unknown;
  try {
    // Editors on Windows save JSON with a byte-order mark, which JSON.parse rejects (migration files accept it too).
    if (file.endsWith('.json')) raw = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
    else {
      // tsx for a .ts config (an optional package: one line naming it when missing); `shale` is this shale.
      const mod = await importModule(file);
      raw = mod['default'] ?? mod;
      // A .ts config outside a "type": "module" package is CommonJS to tsx: its `export default` is
      // then the `default` of the module object that import() gives as its own default.
      if (raw && typeof raw === 'object' && '__esModule' in raw && 'default' in raw) raw = (raw as { default: unknown }).default;
    }
  } catch (e) {
    throw new ShaleError('E_CONFIG', `cannot read config ${file}: ${messageOf(e).split('\n')[0]}`, { file }, { cause: e });
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ShaleError('E_CONFIG', `invalid config ${file}: expected an object ({ "db": …, "sources": […] }), got ${Array.isArray(raw) ? 'an array' : raw === null ? 'null' : typeof raw}`, { file });
  }
  const parsed = v.safeParse(ConfigSchema, raw);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
    const unknownKey = issue.type === 'strict_object' && issue.expected === 'never';
    const what = unknownKey ? `unknown key "${path}"` : `${path ? `at "${path}": ` : ''}${issue.message}`;
    throw new ShaleError('E_CONFIG', `invalid config ${file}: ${what}`, { file, path });
  }
  return { config: parsed.output, file, dir: dirname(file) };
}

/** A config path relative to the config file's folder (URIs and `package:` sources are kept). */
export function resolveConfigPath(dir: string, p: string): string {
  return /^[a-z0-9]+:\/\//i.test(p) || p.startsWith('package:') || isAbsolute(p) ? p : resolve(dir, p);
}
