import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * A fresh PGlite runs initdb (~2–4 s). shale keeps a tarball of a freshly initialised data folder
 * (in memory, and on disk under the temp folder, per PGlite version) and starts new databases from
 * it (~0.6 s). The file is only a cache: an unwritable temp folder or a damaged file costs a cold
 * start, never a failure.
 */
export interface Template {
  /** The data folder as an uncompressed tar: checked here, so PGlite never meets a broken archive. */
  readonly blob: Blob;
  /** Read from the file a run (maybe another program) left behind, rather than made by this process. */
  readonly fromCache: boolean;
}

let template: Promise<Template> | null = null;

/** PGlite's version, read from its package.json (the package does not export that path). */
function pgliteVersion(): string {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve('@electric-sql/pglite'));
  for (let i = 0; i < 5; i++, dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === '@electric-sql/pglite' && pkg.version) return pkg.version;
  }
  // Without a version the template cannot be trusted across upgrades: keep it per process only.
  return `unknown-${process.pid}`;
}

/** `$TMPDIR/shale-pglite-template-<version>.tar.gz` */
export function templateFile(): string {
  return join(tmpdir(), `shale-pglite-template-${pgliteVersion()}.tar.gz`);
}

/** An uncompressed tar ends with two zero blocks and its first header's checksum is right. */
function isTar(tar: Uint8Array): boolean {
  if (tar.length < 1536 || tar.length % 512 !== 0 || !tar.subarray(tar.length - 1024).every((b) => b === 0)) return false;
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : tar[i]!;
  return sum === parseInt(Buffer.from(tar.subarray(148, 156)).toString('latin1').replace(/\0.*$/s, '').trim(), 8);
}

/** zlib returns a Buffer over a plain ArrayBuffer (never shared memory), as a Blob needs. */
function gunzip(bytes: Uint8Array): Buffer<ArrayBuffer> {
  return gunzipSync(bytes) as Buffer<ArrayBuffer>;
}

/** The tar inside a gzip file, or null when the bytes are not a whole, valid one. */
function untarGzip(bytes: Uint8Array): Buffer<ArrayBuffer> | null {
  let tar: Buffer<ArrayBuffer>;
  try {
    tar = gunzip(bytes);
  } catch (e) {
    // Truncated (a full disk, a killed writer) or not gzip at all: the cache is unusable.
    if ((e as NodeJS.ErrnoException).code?.startsWith('Z_')) return null;
    throw e;
  }
  return isTar(tar) ? tar : null;
}

function readCache(file: string): Buffer<ArrayBuffer> | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // Missing, unreadable or a folder in its place: start cold and try to write a good one.
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EPERM' || code === 'EISDIR') return null;
    throw e;
  }
  return untarGzip(bytes);
}

/** Write then rename, so a concurrent process never reads half a file. */
function writeCache(file: string, bytes: Buffer): void {
  const part = `${file}.${process.pid}.part`;
  try {
    writeFileSync(part, bytes);
    renameSync(part, file);
  } catch {
    // A read-only or missing temp folder, a full disk: the next start is cold again, nothing more.
    rmSync(part, { force: true });
  }
}

async function coldTemplate(file: string): Promise<Template> {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create();
  const gzip = Buffer.from(await (await db.dumpDataDir('gzip')).arrayBuffer());
  await db.close();
  writeCache(file, gzip);
  return { blob: new Blob([gunzip(gzip)]), fromCache: false };
}

/**
 * The template data folder. With `discardCache`, the file on disk is ignored (it failed to load)
 * and replaced by a fresh one. Loaded once per process.
 */
export function freshTemplate(opts: { readonly discardCache?: boolean } = {}): Promise<Template> {
  if (opts.discardCache) template = null;
  if (template) return template;
  const loading = (async (): Promise<Template> => {
    const file = templateFile();
    const cached = opts.discardCache ? null : readCache(file);
    return cached ? { blob: new Blob([cached]), fromCache: true } : coldTemplate(file);
  })();
  template = loading;
  // A failure is not remembered: the next start tries again.
  loading.catch(() => {
    if (template === loading) template = null;
  });
  return loading;
}
