import type { Command } from 'commander';
import { ShaleError, createMigrator, exitCodeFor, type Migrator, type RunResult } from '../index.js';
import { displayMessage } from './display-id.js';
import { Output, attachProgress, runResultJson } from './output.js';
import { scrub } from './secrets.js';
import { resolveSettings, singleDb, type GlobalOptions, type Settings } from './settings.js';

/** An option parser for counts and limits: a whole number of at least 1 (0 is always a mistake). */
export function positiveInt(name: string) {
  return (v: string): number => {
    const n = /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n) || n < 1) throw new ShaleError('E_USAGE', `${name} takes a whole number of at least 1, got "${v}"`, { option: name, value: v });
    return n;
  };
}

/** Options of the command plus the global ones. */
export function globals(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals() as GlobalOptions;
}

export function outputFor(o: GlobalOptions): Output {
  return new Output(o.json ?? false, o.quiet ?? false, o.verbose ?? false);
}

/** Open a migrator for the command's settings, run `fn`, always close. */
export async function withMigrator<T>(cmd: Command, fn: (m: Migrator, out: Output, s: Settings) => Promise<T>): Promise<T> {
  const o = globals(cmd);
  const out = outputFor(o);
  const s = await resolveSettings(o);
  const m = createMigrator({ db: singleDb(s), sources: s.sources, tablePrefix: s.tablePrefix, lockTimeoutMs: s.lockTimeoutMs });
  attachProgress(m, out);
  try {
    return await fn(m, out, s);
  } finally {
    await m.close();
  }
}

/** Print a batch result (text or JSON) and set the exit code; the error (if any) is one line on stderr. */
export function finishRun(command: string, r: RunResult, out: Output, summary: (r: RunResult) => string): void {
  if (out.json) out.document(runResultJson(command, r));
  else if (r.sql !== undefined) process.stdout.write(scrub(r.sql));
  else if (!r.error) out.line(summary(r));
  if (r.error) {
    // Under --json too: stdout holds the document, the one-line error is a log on stderr.
    const internal = r.error.code === 'E_INTERNAL' ? 'internal error: ' : '';
    process.stderr.write(`shale: error: ${internal}${scrub(displayMessage(r.error.message, r.error.details).replace(/\s*\n\s*/g, ' '))}\n`);
    // A foreign error says nothing of where it came from in one line; --verbose adds its stack.
    if (internal) out.detail(stackOf(r.error));
    process.exitCode = exitCodeFor(r.error);
  }
}

/** The stack of what was thrown (the cause of a wrapped error), else of the error itself. */
function stackOf(e: ShaleError): string {
  const thrown = e.cause instanceof Error ? e.cause : e;
  return thrown.stack ?? thrown.message;
}

export function count(r: RunResult, status: string): number {
  return r.results.filter((x) => x.status === status).length;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
