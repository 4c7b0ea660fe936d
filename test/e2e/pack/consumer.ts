// Pack shale as a fresh clone would and install the tarball into fresh projects, as a user does.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../helpers/cli.js';

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment of a user's shell: no database URLs and none of the `npm test` run's npm_* settings. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const k of Object.keys(env)) if (/^npm_/i.test(k) || k === 'SHALE_DATABASE_URL' || k === 'DATABASE_URL') delete env[k];
  return env;
}

/** Run a program in `cwd` (never throws; a timeout is a failure with the output so far). */
export function run(cwd: string, file: string, args: readonly string[], timeout = 120_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, env: userEnv(), timeout, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr: err && code === -1 ? `${stderr}\n${err.message}` : stderr });
    });
  });
}

export const node = (cwd: string, args: readonly string[]): Promise<Run> => run(cwd, process.execPath, args);
export const npm = (cwd: string, args: readonly string[]): Promise<Run> => run(cwd, 'npm', args);

function must(r: Run, what: string): Run {
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}):\n${r.stderr}\n${r.stdout}`);
  return r;
}

/** What a fresh clone has: the package's files and build inputs, without dist/ (node_modules linked). */
function freshClone(dir: string): void {
  for (const f of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'README.md', 'LICENSE']) cpSync(join(ROOT, f), join(dir, f));
  for (const d of ['src', 'bin']) cpSync(join(ROOT, d), join(dir, d), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
}

export interface Packed {
  readonly tarball: string;
  /** Paths inside the package (`dist/index.js`, …). */
  readonly files: readonly string[];
}

/** `npm pack` in a fresh clone: its `prepare` script builds dist/ there (the repository's dist/ is not touched). */
export async function packFreshClone(root: string): Promise<Packed> {
  const clone = join(root, 'clone');
  mkdirSync(clone);
  freshClone(clone);
  const r = must(await npm(clone, ['pack', '--json', '--pack-destination', root]), 'npm pack');
  // The build's own output (nothing, when tsc succeeds) comes before npm's JSON.
  const [info] = JSON.parse(r.stdout.slice(r.stdout.indexOf('['))) as [{ filename: string; files: { path: string }[] }];
  rmSync(clone, { recursive: true, force: true });
  return { tarball: join(root, info.filename), files: info.files.map((f) => f.path) };
}

/**
 * A fresh project (`npm init -y`'s CommonJS, or `"type": "module"`) with the tarball installed (and
 * `extra` packages, e.g. tsx). Installed from npm's cache without install scripts; better-sqlite3's
 * native build is then the repository's (same version, checked), which spares compiling SQLite.
 */
export async function freshProject(root: string, name: string, tarball: string, type: 'commonjs' | 'module', extra: readonly string[] = []): Promise<string> {
  const dir = join(root, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name, version: '1.0.0', private: true, ...(type === 'module' ? { type } : {}) }, null, 2)}\n`);
  must(await npm(dir, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball, ...extra]), `npm install in ${name}`);
  const version = (d: string): string => (JSON.parse(readFileSync(join(d, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8')) as { version: string }).version;
  if (version(dir) !== version(ROOT)) throw new Error(`better-sqlite3 ${version(dir)} installed, the repository has ${version(ROOT)}`);
  const build = join(ROOT, 'node_modules', 'better-sqlite3', 'build');
  if (!existsSync(build)) throw new Error('the repository has no built better-sqlite3 (npm ci first)');
  symlinkSync(build, join(dir, 'node_modules', 'better-sqlite3', 'build'), 'dir');
  return dir;
}

export function tempRoot(): string {
  return mkdtempSync(join(tmpdir(), 'shale-pack-'));
}

/** The version the repository pins (devDependencies), for installing it into a consumer. */
export function pinned(pkg: string): string {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  return `${pkg}@${manifest.devDependencies[pkg]}`;
}

export const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
