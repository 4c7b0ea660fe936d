import { readFileSync, type Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, resolve, isAbsolute, sep } from 'node:path';
import { decodeMigrationFile } from '../core/migration-text.js';
import { ShaleError, messageOf } from '../errors.js';
import type { MigrationSource, SourceFile } from './source.js';

const GLOB_CHARS = /[*?[]/;

function globToRegExp(segment: string): RegExp {
  let re = '';
  for (const ch of segment) {
    if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Expand a folder path whose segments may hold `*`/`?` into matching folders, sorted. */
async function expandGlob(pattern: string): Promise<string[]> {
  const abs = isAbsolute(pattern) ? pattern : resolve(pattern);
  const parts = abs.split(sep);
  let bases = [parts[0] === '' ? sep : parts[0]!];
  for (const part of parts.slice(1)) {
    if (part === '') continue;
    const next: string[] = [];
    for (const base of bases) {
      if (!GLOB_CHARS.test(part)) {
        next.push(join(base, part));
        continue;
      }
      const re = globToRegExp(part);
      const entries = await readdir(base, { withFileTypes: true }).catch(() => []);
      for (const e of entries) if (e.isDirectory() && re.test(e.name)) next.push(join(base, e.name));
    }
    bases = next.sort();
  }
  return bases;
}

/**
 * A folder with no files (a `.gitkeep` aside) but with sub-folders is most likely their parent
 * (`migrations/` holding `prod/` and `stage/`): 0 migrations would hide the mistake, so it is E_SOURCE.
 */
function checkNotAParent(path: string, dir: string, entries: readonly Dirent[]): void {
  if (entries.some((e) => (e.isFile() || e.isSymbolicLink()) && !e.name.startsWith('.'))) return;
  const subs = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();
  if (subs.length === 0) return;
  const shown = subs.slice(0, 5).map((n) => `${n}/`).join(', ') + (subs.length > 5 ? `, … (${subs.length} in all)` : '');
  const base = GLOB_CHARS.test(path) ? dir : path;
  throw new ShaleError('E_SOURCE', `no migration files in ${base}, but it has sub-folders ${shown}: pass one of them (--source ${join(base, subs[0]!)}) or a glob (${join(base, '*')})`, { source: path, subfolders: subs });
}

/** A file of a local folder (a class, not an object with a closure: a listing may hold 10,000). */
class LocalFile implements SourceFile {
  constructor(
    readonly name: string,
    readonly location: string,
    readonly localPath: string,
  ) {}

  // Synchronous reads: for thousands of small files they are several times faster than fs/promises.
  async read(): Promise<string> {
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.localPath);
    } catch (err) {
      throw new ShaleError('E_SOURCE', `cannot read migration file ${this.location}: ${messageOf(err)}`, { file: this.location }, { cause: err });
    }
    return decodeMigrationFile(bytes, this.location);
  }
}

/**
 * A local folder of migration files (not recursive; sub-folders are ignored, like yoyo and dbmate).
 * The path may hold globs over folder names (`db/*\/migrations`), resolved against the current directory.
 */
export function localDirSource(path: string): MigrationSource {
  return {
    location: path,
    async list(): Promise<SourceFile[]> {
      const dirs = GLOB_CHARS.test(path) ? await expandGlob(path) : [resolve(path)];
      if (dirs.length === 0) throw new ShaleError('E_SOURCE', `no folder matches migrations source ${path}`, { source: path });
      const files: SourceFile[] = [];
      for (const dir of dirs) {
        const st = await stat(dir).catch(() => null);
        if (!st) throw new ShaleError('E_SOURCE', `migrations folder not found: ${path} (create it or pass --source <dir>)`, { source: path });
        if (!st.isDirectory()) throw new ShaleError('E_SOURCE', `migrations source is not a folder: ${path}`, { source: path });
        let entries;
        try {
          entries = await readdir(dir, { withFileTypes: true });
        } catch (e) {
          throw new ShaleError('E_SOURCE', `cannot list migrations folder ${path}: ${messageOf(e)}`, { source: path }, { cause: e });
        }
        // Names from readdir hold no separator: `join(x, name)` is the normalised `x` plus the name,
        // worked out once per folder (10,000 files are common).
        const fullPrefix = join(dir, '_').slice(0, -1);
        const shownPrefix = join(isAbsolute(path) ? dir : GLOB_CHARS.test(path) ? dir.slice(process.cwd().length + 1) : path, '_').slice(0, -1);
        for (const e of entries) {
          if (!e.isFile() && !e.isSymbolicLink()) continue;
          files.push(new LocalFile(e.name, shownPrefix + e.name, fullPrefix + e.name));
        }
        checkNotAParent(path, dir, entries);
      }
      return files;
    },
  };
}
