import { ShaleError, isShaleError } from '../errors.js';
import type { MigrationSource, SourceFile } from '../sources/source.js';
import { classifyFile } from './formats/classify.js';
import { buildMigration, type FileGroup } from './formats/build.js';
import { importModule, type ModuleLoader } from './formats/module.js';
import { stableTopoSort } from './graph.js';
import type { Hook, Migration, MigrationSet } from './migration.js';
import { compareNatural, compareVersions, versionKey } from './natural-order.js';
import { readLeadingDirectives, stripBom } from './formats/directives.js';
import { MigrationCache, type CacheLookup } from './migration-cache.js';

export interface LoadOptions {
  /** How TS/JS migration modules are imported (default: dynamic import, tsx for .ts). */
  readonly importModule?: ModuleLoader;
  /**
   * A folder for the cache of built migrations (see `migration-cache.ts`): files whose identity
   * (device, inode, size, mtime, ctime) has not changed since are neither read nor parsed again.
   * Off by default; the CLI uses `node_modules/.cache/shale` of the project.
   */
  readonly cacheDir?: string;
}

/** Order two migrations: Flyway versions part by part, otherwise natural order of ids. */
export function compareMigrations(a: Migration, b: Migration): number {
  if (a.kind !== b.kind) return a.kind === 'versioned' ? -1 : 1;
  if (a.version !== undefined && b.version !== undefined) {
    const c = compareVersions(a.version, b.version);
    if (c !== 0) return c;
  }
  return compareNatural(a.id, b.id);
}

function groupFiles(files: readonly SourceFile[]): { groups: FileGroup[]; hooks: SourceFile[] } {
  const groups = new Map<string, FileGroup>();
  const undo = new Map<string, SourceFile>();
  const hooks: SourceFile[] = [];
  const group = (id: string): FileGroup => {
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { id }));
    return g;
  };
  const setMain = (id: string, main: NonNullable<FileGroup['main']>): void => {
    const g = group(id);
    if (g.main) throw duplicate(id, g.main.file.location, main.file.location);
    g.main = main;
  };
  for (const file of files) {
    const r = classifyFile(file.name, file.location);
    if (!r) continue;
    switch (r.role) {
      case 'hook':
        hooks.push(file);
        break;
      case 'sql':
        setMain(r.id, { file, format: 'sql' });
        break;
      case 'up':
        setMain(r.id, { file, format: 'updown' });
        break;
      case 'module':
        setMain(r.id, { file, format: 'module' });
        break;
      case 'flyway':
        setMain(r.id, { file, format: 'flyway', version: r.version, description: r.description });
        break;
      case 'repeatable':
        setMain(r.id, { file, format: 'repeatable', description: r.description });
        break;
      case 'rollback':
      case 'down': {
        const g = group(r.id);
        if (g.rollback) throw duplicate(`${r.id} (rollback)`, g.rollback.location, file.location);
        g.rollback = file;
        break;
      }
      case 'flyway-undo':
        undo.set(r.version, file);
        break;
    }
  }
  // Flyway undo files pair with the versioned file of the same version (the first one, as listed).
  const byVersion = new Map<string, FileGroup>();
  if (undo.size > 0) for (const g of groups.values()) if (g.main?.version !== undefined && !byVersion.has(versionKey(g.main.version))) byVersion.set(versionKey(g.main.version), g);
  for (const [version, file] of undo) {
    const g = byVersion.get(versionKey(version));
    if (!g) throw new ShaleError('E_PARSE', `${file.location}: undo migration has no V${version}__… migration beside it`, { file: file.location });
    g.rollback = file;
  }
  return { groups: [...groups.values()], hooks };
}

function duplicate(id: string, a: string, b: string): ShaleError {
  return new ShaleError('E_DUPLICATE_ID', `duplicate migration id "${id}": ${a} and ${b}`, { id, files: [a, b] });
}

/**
 * Read every source and return the migrations in run order (DESIGN §3): ids in natural order
 * (Flyway versions part by part), then a stable topological sort over `depends`; repeatable
 * migrations last. Throws E_DUPLICATE_ID, E_UNKNOWN_DEPENDENCY, E_CYCLE, E_PARSE, E_SOURCE.
 */
export async function loadMigrations(sources: readonly MigrationSource[], opts: LoadOptions = {}): Promise<MigrationSet> {
  const listed = await Promise.all(sources.map((s) => s.list()));
  const seen = new Map<string, string>();
  const groups: FileGroup[] = [];
  const hookFiles: SourceFile[] = [];
  for (const files of listed) {
    const { groups: g, hooks } = groupFiles(files);
    for (const x of g) {
      const loc = x.main?.file.location ?? x.rollback!.location;
      const prev = seen.get(x.id);
      if (prev !== undefined) throw duplicate(x.id, prev, loc);
      seen.set(x.id, loc);
      groups.push(x);
    }
    hookFiles.push(...hooks);
  }
  const load = opts.importModule ?? importModule;
  const cache = opts.cacheDir !== undefined ? new MigrationCache(opts.cacheDir) : null;
  const build = (g: FileGroup): Promise<Migration> => buildMigration(g, load);
  const built = cache ? await buildCached(groups, cache, build) : await mapLimit(groups, 32, build);
  cache?.save();
  built.sort(compareMigrations);
  // Flyway: `V1__a` and `V1.0__b` are the same version (F1), so they cannot both run.
  for (let i = 1; i < built.length; i++) {
    const [a, b] = [built[i - 1]!, built[i]!];
    if (a.version !== undefined && b.version !== undefined && compareVersions(a.version, b.version) === 0) {
      throw duplicate(`version ${b.version}`, a.location, b.location);
    }
  }
  const ids = new Set(built.map((m) => m.id));
  for (const m of built) {
    for (const d of m.depends) {
      if (!ids.has(d)) {
        throw new ShaleError('E_UNKNOWN_DEPENDENCY', `${m.location}: depends on unknown migration "${d}"`, { id: m.id, file: m.location, dependency: d });
      }
    }
  }
  const migrations = sortOrNameCycle(built);
  const hooks: Hook[] = await Promise.all(
    hookFiles
      // By hook name, without `.sql`: `post-apply` runs before `post-apply2` (yoyo F2).
      .sort((a, b) => compareNatural(a.name.replace(/\.sql$/i, ''), b.name.replace(/\.sql$/i, '')))
      .map(async (f) => {
        const text = stripBom(await f.read());
        const transaction = readLeadingDirectives(text).transaction;
        return { name: f.name.replace(/\.sql$/i, ''), location: f.location, body: { kind: 'sql', scripts: [{ sql: text, location: f.location, line: 1, transaction }] } } satisfies Hook;
      }),
  );
  return { migrations, hooks };
}

/** The stable topological sort; a cycle error names the files involved (issue 3: integrity errors name files). */
function sortOrNameCycle(built: Migration[]): Migration[] {
  try {
    return stableTopoSort(built);
  } catch (e) {
    if (!isShaleError(e, 'E_CYCLE')) throw e;
    const cycle = (e.details['cycle'] as string[] | undefined) ?? [];
    const files = [...new Set(cycle)].map((id) => built.find((m) => m.id === id)?.location ?? id);
    throw new ShaleError('E_CYCLE', `${e.message} (${files.join(', ')})`, { ...e.details, files }, { cause: e });
  }
}

/**
 * Every group's migration: cache hits looked up synchronously (yielding to the event loop every
 * YIELD_EVERY, as mapLimit does), the misses built as usual.
 */
async function buildCached(groups: readonly FileGroup[], cache: MigrationCache, build: (g: FileGroup) => Promise<Migration>): Promise<Migration[]> {
  const lookups: CacheLookup[] = [];
  for (const g of groups) {
    lookups.push(cache.lookup(g));
    if (lookups.length % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  const misses = groups.map((group, i) => ({ group, lookup: lookups[i]! })).filter((x) => x.lookup.migration === null);
  const rebuilt = await mapLimit(misses, 32, (x) => cache.buildMiss(x.group, x.lookup, build));
  let next = 0;
  return lookups.map((l) => l.migration ?? rebuilt[next++]!);
}

const YIELD_EVERY = 500;

/**
 * Map with at most `limit` promises in flight (sources may be remote). Every `YIELD_EVERY` items all
 * workers pause for one turn of the event loop: local files are read synchronously, and without the
 * pause a database connection opened alongside would make no progress until every file is read.
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  let done = 0;
  let pause: Promise<void> | null = null;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      if (pause) await pause;
      if (next >= items.length) return;
      const i = next++;
      out[i] = await fn(items[i]!);
      if (++done % YIELD_EVERY === 0 && !pause) {
        pause = new Promise((resolve) => setImmediate(() => {
          pause = null;
          resolve();
        }));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
