import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findUp } from '../../find-up.js';
import { ShaleError, type ErrorCode } from '../../errors.js';

/** An optional package that was not found: what it is for, and the error code of that use. */
export interface OptionalUse {
  /** The package name as `npm install` takes it (`tsx`, `@aws-sdk/client-s3`). */
  readonly pkg: string;
  /** What needs it, as the subject of "needs": `loading TypeScript files`, `reading s3:// sources`. */
  readonly purpose: string;
  readonly code: ErrorCode;
  /** Folders to look in after shale's own (the user's project: the current folder, the file's folder). */
  readonly from?: readonly string[];
}

function isMissing(e: unknown, pkg: string): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  const msg = e instanceof Error ? e.message : '';
  return msg.includes(`'${pkg}'`) || msg.includes(`'${pkg}/`) || msg.includes(`"${pkg}"`) || msg.includes(`"${pkg}/`);
}

/** The target of an `exports` entry under the conditions of `import()` (`import`, `node`, `default`). */
function exportTarget(entry: unknown): string | null {
  if (typeof entry === 'string') return entry;
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return null;
  for (const condition of ['import', 'node', 'default']) {
    const t = exportTarget((entry as Record<string, unknown>)[condition]);
    if (t) return t;
  }
  return null;
}

/**
 * The file `specifier` (`pkg` or `pkg/sub/path`) names in the `node_modules` of `dir` or a folder above
 * it, as `import()` from there would find it; null when the package is not there.
 */
function resolveFrom(dir: string, pkg: string, specifier: string): string | null {
  const file = findUp(dir, join('node_modules', pkg, 'package.json'));
  if (!file) return null;
  const root = dirname(file);
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as { exports?: unknown; main?: string };
  const sub = `.${specifier.slice(pkg.length)}`;
  const exp = manifest.exports;
  const conditional = exp !== null && typeof exp === 'object' && !Object.keys(exp).some((k) => k.startsWith('.'));
  const entry = exp === undefined ? undefined : typeof exp === 'string' || conditional ? (sub === '.' ? exp : undefined) : (exp as Record<string, unknown>)[sub];
  const target = exp === undefined ? (sub === '.' ? (manifest.main ?? 'index.js') : `${sub}.js`) : exportTarget(entry);
  return target ? join(root, target) : null;
}

/**
 * Import `specifier` of an optional (peer) package: beside shale first, then from the user's project
 * (shale installed globally or run through npx while the project has the package). When it is in
 * neither, one line naming the package to install.
 */
export async function importOptional<T>(specifier: string, use: OptionalUse): Promise<T> {
  try {
    return (await import(specifier)) as T;
  } catch (e) {
    if (!isMissing(e, use.pkg)) throw e;
  }
  for (const dir of [process.cwd(), ...(use.from ?? [])]) {
    const path = resolveFrom(dir, use.pkg, specifier);
    if (path) return (await import(pathToFileURL(path).href)) as T;
  }
  throw new ShaleError(use.code, `${use.purpose} needs the optional package ${use.pkg}, which is not installed: npm install ${use.pkg}`, {
    package: use.pkg,
  });
}
