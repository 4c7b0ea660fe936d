// Run the built CLI the way a user does: `node bin/shale.js …` (build first: `npm run build`).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'shale.js');

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

function assertBuilt(): void {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` before the CLI tests');
}

/** Start the CLI; the caller may kill it. */
export function startShale(args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): { child: ChildProcess; done: Promise<CliResult> } {
  assertBuilt();
  const env = { ...process.env, ...opts.env };
  delete env['SHALE_DATABASE_URL'];
  delete env['DATABASE_URL'];
  if (opts.env?.['SHALE_DATABASE_URL']) env['SHALE_DATABASE_URL'] = opts.env['SHALE_DATABASE_URL'];
  if (opts.env?.['DATABASE_URL']) env['DATABASE_URL'] = opts.env['DATABASE_URL'];
  const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, env: { ...env, NO_COLOR: '1', FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult>((res) => child.on('close', (code, signal) => res({ code, signal, stdout, stderr })));
  return { child, done };
}

/** Synchronous run in `cwd`; database URLs come from args, never the caller's environment. */
export function runShale(cwd: string, args: readonly string[], env: Record<string, string> = {}): { code: number; stdout: string; stderr: string } {
  assertBuilt();
  const clean = { ...process.env };
  delete clean['SHALE_DATABASE_URL'];
  delete clean['DATABASE_URL'];
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...clean, NO_COLOR: '1', ...env }, timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function shale(args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return startShale(args, opts).done;
}

export function tempDir(prefix = 'shale-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
