import type { Adapter } from '../adapters/adapter.js';
import { classifyFile } from '../core/formats/classify.js';
import type { MigrationSet } from '../core/migration.js';
import { createMigrator, type RunResult } from '../core/migrator.js';
import { resolveSources, type SourceSpec } from '../sources/resolve.js';
import type { MigrationSource } from '../sources/source.js';

export interface ApplyMigrationsOptions {
  readonly sources: readonly SourceSpec[];
  readonly tablePrefix?: string;
  /** Only these migration ids (the others' files are hidden from the migrator). */
  readonly only?: ReadonlySet<string>;
  /** Called with the loaded set before anything runs (e.g. to provide the roles it grants to). */
  readonly beforeRun?: (set: MigrationSet) => Promise<unknown>;
}

/**
 * Run the migrations of `sources` on `adapter` (a dev database) with the ordinary migrator, so they
 * run exactly as `shale up` would run them; throws the run's error.
 */
export async function applyMigrations(adapter: Adapter, opts: ApplyMigrationsOptions): Promise<RunResult> {
  let sources: readonly SourceSpec[] = opts.sources;
  if (opts.only) {
    const only = opts.only;
    sources = (await resolveSources(opts.sources)).map((s) => onlyIds(s, only));
  }
  const m = createMigrator({ adapter, sources, ...(opts.tablePrefix !== undefined ? { tablePrefix: opts.tablePrefix } : {}) });
  if (opts.beforeRun) await opts.beforeRun(await m.load());
  const r = await m.up();
  if (r.error) throw r.error;
  return r;
}

/** A source that lists only the files of the given migration ids (and hooks). */
export function onlyIds(source: MigrationSource, ids: ReadonlySet<string>): MigrationSource {
  return {
    location: source.location,
    async list() {
      const files = await source.list();
      const roles = files.map((f) => classifyFile(f.name, f.location));
      const keptVersions = new Set(roles.flatMap((r) => (r?.role === 'flyway' && ids.has(r.id) ? [r.version] : [])));
      return files.filter((_, i) => {
        const r = roles[i];
        if (!r) return false;
        if (r.role === 'hook') return true;
        if (r.role === 'flyway-undo') return keptVersions.has(r.version);
        return ids.has(r.id);
      });
    },
  };
}

