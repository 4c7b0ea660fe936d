// Run the built CLI (`bin/shale.js`, which imports dist/) the way a user does. `npm run build` first.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const SHALE_BIN = fileURLToPath(new URL('../../bin/shale.js', import.meta.url));

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Spawn `node bin/shale.js …args` in `cwd`; database URLs come from args, never the caller's environment. */
export function runShale(cwd: string, args: readonly string[], env: Record<string, string> = {}): CliRun {
  const clean = { ...process.env };
  delete clean['SHALE_DATABASE_URL'];
  delete clean['DATABASE_URL'];
  const r = spawnSync(process.execPath, [SHALE_BIN, ...args], { cwd, encoding: 'utf8', env: { ...clean, NO_COLOR: '1', ...env }, timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
