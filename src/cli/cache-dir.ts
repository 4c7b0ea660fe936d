import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * Where the CLI keeps its cache of built migrations: `node_modules/.cache/shale` of the project, the
 * nearest folder at or above `from` with a package.json (the find-cache-dir convention: the cache is
 * dropped with node_modules and ignored by git). `SHALE_CACHE_DIR` names another folder, or `off`.
 * No project folder, no cache: shale does not create node_modules where there is no package.json.
 */
export function cacheDirFor(from: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const override = env['SHALE_CACHE_DIR'];
  if (override !== undefined && override !== '') return override === 'off' ? undefined : resolve(override);
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'node_modules', '.cache', 'shale');
    if (dirname(dir) === dir) return undefined;
  }
}
