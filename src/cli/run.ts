import type { Command } from 'commander';
import { ShaleError, createMigrator, exitCodeFor, type Migrator, type RunResult } from '../api/migrations.js';
import { displayMessage } from './display-id.js';
import { Output, attachProgress, errorNoteLines, runResultJson } from './output.js';
import { scrub } from './secrets.js';
import { keepWasmOnBaselineCompiler } from './wasm-tiering.js';
import { resolveSettings, singleDb, type GlobalOptions, type Settings } from './settings.js';

/** An option parser for counts and limits: a whole number of at least 1 (0 is always a mistake). */
export function positiveInt(name: string) {
  return (v: string): number => {
    const n = /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n) || n < 1) throw new ShaleError('E_USAGE', `${name} takes a whole number of at least 1, got "${v}"`, { option: name, value: v });
    return n;
  };
}

/** Description of the `[sources...]` argument of up, down, redo and status. */
export const SOURCES_ARGUMENT = 'migrations folders, globs or S3 prefixes, as --source (yoyo: `apply ./migrations`)';

/**
 * Sources given as arguments (`shale up ./migrations`, the yoyo habit) are `--source`s: added to the
 * program's `--source` list, so every reader of the global options sees them.
 */
export function addSourceArguments(cmd: Command, sources: readonly string[]): void {
  if (sources.length === 0) return;
  let program = cmd;
  while (program.parent) program = program.parent;
  const given = (program.getOptionValue('source') as string[] | undefined) ?? [];
  program.setOptionValue('source', [...given, ...sources]);
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
  const db = singleDb(s);
  keepWasmOnBaselineCompiler([db]);
  const m = createMigrator({ db, sources: s.sources, tablePrefix: s.tablePrefix, lockTimeoutMs: s.lockTimeoutMs, cacheDir: s.cacheDir });
  attachProgress(m, out);
  try {
    return await fn(m, out, s);
  } finally {
    await m.close();
  }
}

/** Print a batch result (text or JSON) and set the exit code; the error (if any) is one line on stderr. */
/** What a command adds to a run's report: members of the `--json` document, lines after a dry run's SQL. */
export interface RunExtras {
  readonly json?: Readonly<Record<string, unknown>>;
  readonly sqlComments?: readonly string[];
}

export function finishRun(command: string, r: RunResult, out: Output, summary: (r: RunResult) => string, extras: RunExtras = {}): void {
  if (out.json) out.document({ ...(runResultJson(command, r) as object), ...extras.json });
  else if (r.sql !== undefined) process.stdout.write(scrub(r.sql) + (extras.sqlComments ?? []).map((l) => `${scrub(l)}\n`).join(''));
  else if (!r.error) out.line(summary(r));
  if (r.error) {
    // Under --json too: stdout holds the document, the one-line error is a log on stderr.
    const internal = r.error.code === 'E_INTERNAL' ? 'internal error: ' : '';
    process.stderr.write(`shale: error: ${internal}${scrub(displayMessage(r.error.message, r.error.details).replace(/\s*\n\s*/g, ' '))}\n`);
    process.stderr.write(errorNoteLines(r.error));
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
