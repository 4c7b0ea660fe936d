import { setFlagsFromString } from 'node:v8';

/** V8 options this sets: a user who passes any option about WebAssembly tiering keeps theirs. */
const TIERING_OPTION = /--(?:no-)?(?:wasm[-_](?:dynamic[-_]tiering|tier[-_]up|tiering[-_]budget)|liftoff)/;

/**
 * Keep WebAssembly on V8's baseline compiler (Liftoff) for the CLI's process. The PostgreSQL
 * parser (libpg-query, 1.7 MB of WASM) is loaded by `up`, `lint`, `diff` and the declarative
 * commands; with V8's default dynamic tiering, the functions a few hundred parses make hot are
 * recompiled by the optimizing compiler on background threads, which cost more CPU than the parses
 * themselves and kept ~40 MB of compiler memory (measured for 1,000 small migrations: client CPU
 * 0.35–0.39 s → 0.10–0.15 s and peak RSS 110 → 62 MB for loading the parser and splitting the
 * files; a 1 MB script parsed five times is no slower, most of a parse being the JSON of its tree).
 * The flags only choose a compiler, never a result. They are read when code is compiled and when a
 * function would tier up, so they must stay set for the process: the library never sets them (an
 * application decides for its own process), the CLI owns its process and sets them before any
 * WebAssembly is compiled. Options given on the command line or in NODE_OPTIONS win.
 */
export function keepWasmOnBaselineCompiler(): void {
  const given = [...process.execArgv, process.env['NODE_OPTIONS'] ?? ''].join(' ');
  if (TIERING_OPTION.test(given)) return;
  setFlagsFromString('--no-wasm-dynamic-tiering');
  setFlagsFromString('--no-wasm-tier-up');
}
