import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CHECKSUM_ALGORITHM } from './checksum.js';
import type { FileGroup } from './formats/build.js';
import type { Migration, MigrationBody, SqlScript } from './migration.js';

/*
 * A cache of built migrations keyed by file identity, so that `status` (and a run with nothing to do)
 * neither reads nor parses files it has seen before. It must never give a wrong answer, so a file's
 * identity is everything that changes when its bytes may have: device, inode, size, mtime and ctime.
 * Setting mtime back with `utimes` still moves ctime, which no user call can set; a file replaced by
 * a rename has another inode. And, as git does with its index ("racy git"), an entry is written
 * only for a file that had stopped changing at least RACY_MS before its identity was taken, and
 * trusted only when that holds against the moment the cache file was written: a file edited within
 * the timestamp granularity of its last recorded change would otherwise keep its identity.
 * That rule is also why times in milliseconds are exact enough (and `stat` without `bigint`, which
 * builds no BigInts and no Dates, is used): any change made after the identity was taken gets a
 * ctime at least RACY_MS later than the recorded one, and the keys differ — whatever the
 * timestamp granularity of the file system, as long as its clock is the one `Date.now()` reads.
 * Anything unexpected in the cache file makes it count as empty.
 */

/** Bump when what a cached entry holds, or how a migration is built from its files, changes. */
const CACHE_FORMAT = 2;

/** The running shale's version: a cache written by another one is not used (it may build migrations differently). */
let version: string | undefined;
function shaleVersion(): string {
  if (version === undefined) {
    try {
      version = String((JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown }).version);
    } catch {
      version = 'unknown';
    }
  }
  return version;
}

/** How long a file must have been left alone, before the entry was written, for the entry to be trusted. */
export const RACY_MS = 2000;

/** What identifies one state of a file: its key, when it last changed (the later of mtime and ctime), and when that was seen. */
export interface FileIdentity {
  readonly key: string;
  readonly changedAtMs: number;
  /** `Date.now()` just before the `stat`: the file's content, read after it, is at least as new. */
  readonly takenAtMs: number;
}

/** Identity of the file at `path` (null when it cannot be stat'ed: the read then says why). */
export function fileIdentity(path: string): FileIdentity | null {
  const takenAtMs = Date.now();
  let st;
  try {
    st = statSync(path, { throwIfNoEntry: false });
  } catch {
    return null;
  }
  if (st === undefined) return null;
  // Numbers above 2^53 (64-bit inodes of some file systems) lose digits as doubles: those files are stat'ed exactly.
  if (!Number.isSafeInteger(st.dev) || !Number.isSafeInteger(st.ino) || !Number.isSafeInteger(st.size)) return exactIdentity(path, takenAtMs);
  return { key: `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`, changedAtMs: Math.max(st.mtimeMs, st.ctimeMs), takenAtMs };
}

function exactIdentity(path: string, takenAtMs: number): FileIdentity | null {
  let st;
  try {
    st = statSync(path, { bigint: true });
  } catch {
    return null;
  }
  const changedNs = st.mtimeNs > st.ctimeNs ? st.mtimeNs : st.ctimeNs;
  return { key: `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}n:${st.ctimeNs}n`, changedAtMs: Number(changedNs / 1_000_000n), takenAtMs };
}

/** A script as stored: text, line, and flags (1: runs in a transaction, 2: comes from the rollback file). */
type StoredScript = [sql: string, line: number, flags: number];

/**
 * One migration and the identities of its files, as an array (10,000 of them are parsed on every
 * `status`: no repeated member names). Locations are not stored: they follow how the source was named.
 */
type Entry = [
  name: string,
  main: string,
  rollbackName: string | null,
  rollbackKey: string | null,
  id: string,
  kind: Migration['kind'],
  format: Migration['format'],
  description: string,
  depends: string[],
  version: string | null,
  checksum: string,
  up: StoredScript[],
  down: StoredScript[] | null,
];

interface CacheFile {
  readonly format: number;
  readonly shale: string;
  readonly checksum: string;
  readonly writtenAtMs: number;
  readonly entries: readonly unknown[];
}

/** Texts larger than this are read every time: the cache stays small, and big files are few. */
const MAX_CACHED_CHARS = 256 * 1024;

/** The identities of a group's files, when every one of them is a local file that can be stat'ed. */
export interface GroupIdentity {
  readonly dir: string;
  readonly main: FileIdentity;
  readonly rollback: FileIdentity | null;
}

export function groupIdentity(group: FileGroup): GroupIdentity | null {
  const path = group.main?.file.localPath;
  if (!path || group.main?.format === 'module') return null;
  const main = fileIdentity(path);
  if (!main) return null;
  let rollback: FileIdentity | null = null;
  if (group.rollback) {
    const rpath = group.rollback.localPath;
    if (!rpath || dirname(rpath) !== dirname(path)) return null;
    rollback = fileIdentity(rpath);
    if (!rollback) return null;
  }
  return { dir: dirname(path), main, rollback };
}

const TX = 1;
const FROM_ROLLBACK = 2;

function storeScripts(b: MigrationBody, mainLocation: string): StoredScript[] | null {
  return b.kind === 'sql' ? b.scripts.map((x) => [x.sql, x.line, (x.transaction ? TX : 0) | (x.location !== mainLocation ? FROM_ROLLBACK : 0)]) : null;
}

function store(m: Migration, group: FileGroup, id: GroupIdentity): Entry | null {
  const mainLocation = group.main!.file.location;
  const up = storeScripts(m.up, mainLocation);
  const down = m.down ? storeScripts(m.down, mainLocation) : null;
  if (!up || (m.down && !down)) return null;
  const size = [...up, ...(down ?? [])].reduce((n, x) => n + x[0].length, 0);
  if (size > MAX_CACHED_CHARS) return null;
  const rollbackName = group.rollback && id.rollback ? basename(group.rollback.localPath!) : null;
  return [basename(group.main!.file.localPath!), id.main.key, rollbackName, rollbackName === null ? null : id.rollback!.key, m.id, m.kind, m.format, m.description, [...m.depends], m.version ?? null, m.checksum, up, down];
}

function restore(e: Entry, group: FileGroup): Migration {
  // Indexed reads, not destructuring: this runs 10,000 times per status, mostly before the JIT optimises it.
  const main = group.main!.file.location;
  const rollback = group.rollback?.location ?? main;
  const version = e[9];
  const m: Migration = { id: e[4], kind: e[5], format: e[6], location: main, description: e[7], depends: e[8], up: body(e[11], main, rollback), down: e[12] ? body(e[12], main, rollback) : null, checksum: e[10] };
  return version !== null ? { ...m, version } : m;
}

function body(scripts: readonly StoredScript[], main: string, rollback: string): MigrationBody {
  const out: SqlScript[] = [];
  for (const x of scripts) out.push({ sql: x[0], location: x[2] & FROM_ROLLBACK ? rollback : main, line: x[1], transaction: (x[2] & TX) !== 0 });
  return { kind: 'sql', scripts: out };
}

function isCacheFile(x: unknown): x is CacheFile {
  const c = x as Partial<CacheFile> | null;
  return typeof c === 'object' && c !== null && c.format === CACHE_FORMAT && c.shale === shaleVersion() && c.checksum === CHECKSUM_ALGORITHM && typeof c.writtenAtMs === 'number' && Array.isArray(c.entries);
}

const FORMATS: ReadonlySet<unknown> = new Set(['sql', 'updown', 'sectioned', 'flyway', 'module'] satisfies Migration['format'][]);
const isString = (x: unknown): x is string => typeof x === 'string';

function isScripts(s: unknown): s is StoredScript[] {
  if (!Array.isArray(s)) return false;
  for (const t of s) if (!Array.isArray(t) || t.length !== 3 || !isString(t[0]) || !Number.isInteger(t[1]) || !Number.isInteger(t[2])) return false;
  return true;
}

function isStrings(s: unknown): s is string[] {
  if (!Array.isArray(s)) return false;
  for (const x of s) if (!isString(x)) return false;
  return true;
}

/** Whether a stored entry has the shape restore() relies on (a damaged file must not become a migration). */
function isEntry(e: unknown): e is Entry {
  if (!Array.isArray(e) || e.length !== 13) return false;
  const rollbackName: unknown = e[2];
  return (
    isString(e[0]) && isString(e[1]) && (rollbackName === null ? e[3] === null : isString(rollbackName) && isString(e[3])) &&
    isString(e[4]) && (e[5] === 'versioned' || e[5] === 'repeatable') && FORMATS.has(e[6]) && isString(e[7]) &&
    isStrings(e[8]) && (e[9] === null || isString(e[9])) && isString(e[10]) &&
    isScripts(e[11]) && (e[12] === null || isScripts(e[12]))
  );
}

/** One folder's cache file: read once, consulted per group, written back when it learned something. */
class FolderCache {
  readonly #file: string;
  readonly #writtenAtMs: number;
  /** The entries read, by main file name (not yet checked: only the ones used are). */
  readonly #old = new Map<unknown, unknown>();
  readonly #next = new Map<string, Entry>();
  #changed = false;

  constructor(cacheDir: string, folder: string) {
    this.#file = join(cacheDir, `migrations-${createHash('sha256').update(folder).digest('hex').slice(0, 16)}.json`);
    const old = readCacheFile(this.#file);
    this.#writtenAtMs = old?.writtenAtMs ?? 0;
    for (const e of old?.entries ?? []) if (Array.isArray(e)) this.#old.set(e[0], e);
  }

  get(group: FileGroup, id: GroupIdentity): Migration | null {
    const name = basename(group.main!.file.localPath!);
    const e = this.#old.get(name);
    if (!isEntry(e) || e[4] !== group.id) return null;
    if (e[1] !== id.main.key || !trusted(id.main, this.#writtenAtMs)) return null;
    const rollbackName = group.rollback ? basename(group.rollback.localPath!) : null;
    if (e[2] !== rollbackName) return null;
    if (id.rollback && (e[3] !== id.rollback.key || !trusted(id.rollback, this.#writtenAtMs))) return null;
    this.#next.set(name, e);
    return restore(e, group);
  }

  /** Remember a migration built from files whose identities were taken before they were read. */
  put(group: FileGroup, id: GroupIdentity, m: Migration): void {
    // Only files that had stopped changing RACY_MS before they were stat'ed: any later change moves their keys.
    if (!trusted(id.main, id.main.takenAtMs) || (id.rollback && !trusted(id.rollback, id.rollback.takenAtMs))) return;
    const entry = store(m, group, id);
    if (!entry) return;
    this.#changed = true;
    this.#next.set(entry[0], entry);
  }

  /** Write the entries of this load (files gone since are dropped), atomically: a reader sees the old file or the new. */
  save(now: number): void {
    if (!this.#changed && this.#old.size === this.#next.size) return;
    const content: CacheFile = { format: CACHE_FORMAT, shale: shaleVersion(), checksum: CHECKSUM_ALGORITHM, writtenAtMs: now, entries: [...this.#next.values()] };
    const tmp = `${this.#file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    mkdirSync(dirname(this.#file), { recursive: true });
    try {
      writeFileSync(tmp, JSON.stringify(content));
      renameSync(tmp, this.#file);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
  }
}

/** Trusted when the file had last changed more than RACY_MS before `writtenAtMs` (and not after it). */
function trusted(id: FileIdentity, writtenAtMs: number): boolean {
  return id.changedAtMs <= writtenAtMs - RACY_MS;
}

/** The cache file's content, or null when it is missing, unreadable or not one of ours: a cache is only ever a shortcut. */
function readCacheFile(file: string): CacheFile | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return isCacheFile(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/** What the cache holds for a group: its migration, or null with the identities to remember a build under (null: not cacheable). */
export interface CacheLookup {
  readonly migration: Migration | null;
  readonly identity: GroupIdentity | null;
}

/**
 * The cache of one load: a cache file per migrations folder under `dir`.
 * @example const cache = new MigrationCache('node_modules/.cache/shale'); const hit = cache.lookup(group); … cache.save()
 */
export class MigrationCache {
  readonly #dir: string;
  readonly #folders = new Map<string, FolderCache>();

  constructor(dir: string) {
    this.#dir = dir;
  }

  #folder(dir: string): FolderCache {
    let f = this.#folders.get(dir);
    if (!f) this.#folders.set(dir, (f = new FolderCache(this.#dir, dir)));
    return f;
  }

  /**
   * The group's migration from the cache, synchronously (a status of 10,000 hits must not cost
   * 10,000 promises), else what {@link buildMiss} needs: the identities, taken now, before the
   * files are read — a file that changes while it is read is rebuilt next time.
   */
  lookup(group: FileGroup): CacheLookup {
    const id = groupIdentity(group);
    if (!id) return { migration: null, identity: null };
    return { migration: this.#folder(id.dir).get(group, id), identity: id };
  }

  /** Build a group that {@link lookup} missed, and remember it. */
  async buildMiss(group: FileGroup, miss: CacheLookup, build: (g: FileGroup) => Promise<Migration>): Promise<Migration> {
    const m = await build(group);
    if (miss.identity) this.#folder(miss.identity.dir).put(group, miss.identity, m);
    return m;
  }

  /**
   * Write what this load learned. A cache that cannot be written (a read-only project) costs the next
   * run its speed, never its answer, so the failure is not the command's.
   */
  save(): void {
    const now = Date.now();
    for (const f of this.#folders.values()) {
      try {
        f.save(now);
      } catch {
        // Not writable: the next load reads the files again.
      }
    }
  }
}
