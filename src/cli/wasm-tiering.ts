import { setFlagsFromString } from 'node:v8';

/** V8 options this sets: a user who passes any option about WebAssembly tiering keeps theirs. */
const TIERING_OPTION = /--(?:no-)?(?:wasm[-_](?:dynamic[-_]tiering|tier[-_]up|tiering[-_]budget)|liftoff)/;

/**
 * Keep WebAssembly on V8's baseline compiler (Liftoff) for the process of a migration command (or a fleet's). `up`
 * splits (and so checks) every pending file with the PostgreSQL parser (libpg-query, 1.7 MB of
 * WASM); with V8's default dynamic tiering, the functions a few hundred parses make hot are
 * recompiled by the optimizing compiler on background threads, which cost more CPU than the parses
 * themselves and kept ~40 MB of compiler memory (measured for 1,000 small migrations: client CPU
 * 0.35–0.39 s → 0.10–0.15 s and peak RSS 110 → 62 MB for loading the parser and splitting the
 * files; a 1 MB script parsed five times is no slower, most of a parse being the JSON of its tree).
 * The flags only choose a compiler, never a result. V8 reads them whenever a function would tier
 * up, so they hold for the whole process: not for a PGlite database (a long PGlite session runs
 * 30–60% more CPU on the baseline compiler), nor in the library (an application decides for its own
 * process). Options given on the command line or in NODE_OPTIONS win.
 */
export function keepWasmOnBaselineCompiler(dbs: readonly string[]): void {
  for (const flag of baselineCompilerFlags(dbs, [...process.execArgv, process.env['NODE_OPTIONS'] ?? ''].join(' '))) setFlagsFromString(flag);
}

/** The V8 flags {@link keepWasmOnBaselineCompiler} sets for `dbs`, given the node options `given`. */
export function baselineCompilerFlags(dbs: readonly string[], given: string): readonly string[] {
  if (dbs.some((db) => /^pglite:/i.test(db.trim())) || TIERING_OPTION.test(given)) return [];
  return ['--no-wasm-dynamic-tiering', '--no-wasm-tier-up'];
}
