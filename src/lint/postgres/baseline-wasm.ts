/**
 * A lint run keeps libpg-query's WebAssembly on V8's baseline compiler (Liftoff). PostgreSQL's
 * grammar is one huge function, which V8's optimizing tier recompiles as soon as it runs hot: ~0.15 s
 * of CPU, more than a lint of 1,000 migration files then spends parsing them (bench/RESULTS.md; a
 * warm parse is about as fast either way, ~25 ms per 1,000 files). V8 reads the flag when a function
 * would tier up, so it is on for the run only and restored after: WebAssembly that runs later
 * (PGlite for `--trace`) tiers up as usual. A `--liftoff-only` given to node is left alone.
 * Requiring libpg-query starts its compile, so nothing in the lint path requires it at import time;
 * when another command loaded it first (or on a Node whose V8 compiles WebAssembly lazily) this
 * changes nothing but the speed.
 */
import { setFlagsFromString } from 'node:v8';

const ownFlag = process.execArgv.some((a) => /^--(no-)?liftoff-only\b/.test(a));

/** `run()` with WebAssembly kept on baseline code until it settles. */
export async function withBaselineWasm<T>(run: () => Promise<T>): Promise<T> {
  if (ownFlag) return run();
  setFlagsFromString('--liftoff-only');
  try {
    return await run();
  } finally {
    setFlagsFromString('--no-liftoff-only');
  }
}
