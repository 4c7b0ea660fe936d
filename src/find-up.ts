import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The first `join(folder, relative)` that exists, from `from` up to the file system's root (a
 * project's `node_modules/.bin/tool`, `node_modules/pkg/package.json`); undefined when none does.
 * @example findUp('/app/src', 'node_modules/.bin/drizzle-kit') // '/app/node_modules/.bin/drizzle-kit'
 */
export function findUp(from: string, relative: string): string | undefined {
  for (let d = resolve(from); ; d = dirname(d)) {
    const p = join(d, relative);
    if (existsSync(p)) return p;
    if (dirname(d) === d) return undefined;
  }
}
