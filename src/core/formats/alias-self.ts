import { existsSync } from 'node:fs';
import Module, { register } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * An ESM resolve hook (run in the loader thread, so it is code in a data: URL, not a file of this
 * package): `shale` becomes the URL it was given, anything else goes on down the chain.
 */
const HOOK = `let target;
export function initialize(data) { target = data.url; }
export function resolve(specifier, context, next) { return next(specifier === 'shale' ? target : specifier, context); }
`;

/** This package's entry point (dist/index.js; src/index.ts when shale runs from source). */
function selfEntry(): string {
  const js = fileURLToPath(new URL('../../index.js', import.meta.url));
  return existsSync(js) ? js : fileURLToPath(new URL('../../index.ts', import.meta.url));
}

let done = false;

/**
 * Make `import … from 'shale'` (and `require('shale')`) in migration modules and config files load
 * the running shale itself, wherever it is installed (the project, globally, npx, npm link) and
 * whether or not the project has a copy: one shale, one `step()`, one `ShaleError` class.
 * Call it before importing user modules; later calls do nothing.
 */
export function aliasShaleToSelf(): void {
  if (done) return;
  done = true;
  const entry = selfEntry();
  register(`data:text/javascript,${encodeURIComponent(HOOK)}`, { data: { url: pathToFileURL(entry).href } });
  // require() (a .cjs migration, or a .ts one outside a "type": "module" package, which tsx loads as
  // CommonJS) does not go through ESM hooks on Node 20: Module._resolveFilename is where it resolves.
  const M = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const resolveFilename = M._resolveFilename;
  M._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]): string {
    return resolveFilename.call(this, request === 'shale' ? entry : request, ...rest);
  };
}
