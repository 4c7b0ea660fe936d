// Where the benchmarks find dbmate 2.36.0, installed outside the project
// (mkdir -p /tmp/peers && cd /tmp/peers && npm install --no-save dbmate@2.36.0).
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** DBMATE_BIN, else the native binary the npm package wraps (without its node launcher), else the project's. */
export function dbmateBin(root: string): string {
  const native = '/tmp/peers/node_modules/@dbmate/linux-x64/bin/dbmate';
  return process.env['DBMATE_BIN'] ?? (existsSync(native) ? native : join(root, 'node_modules', '.bin', 'dbmate'));
}
