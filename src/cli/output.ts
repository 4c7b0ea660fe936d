import { pc } from './colors.js';
import { displayId, displayMessage } from './display-id.js';
import { describeHolder, isShaleError, type Migrator, type RunResult } from '../api/migrations.js';
import { scrub } from './secrets.js';

/** Where the CLI writes: results on stdout; with --json one document on stdout and logs on stderr. */
export class Output {
  constructor(
    readonly json: boolean,
    readonly quiet: boolean,
    readonly verbose: boolean,
  ) {}

  /** A progress or result line (stderr under --json, so stdout stays one JSON document). */
  line(msg: string): void {
    if (this.quiet) return;
    (this.json ? process.stderr : process.stdout).write(`${scrub(msg)}\n`);
  }

  /** Many lines in one write (a status listing of 10,000 migrations is one syscall, not 10,000). */
  lines(msgs: readonly string[]): void {
    if (this.quiet || msgs.length === 0) return;
    (this.json ? process.stderr : process.stdout).write(`${scrub(msgs.join('\n'))}\n`);
  }

  detail(msg: string): void {
    if (this.verbose) process.stderr.write(`${pc.dim(scrub(msg))}\n`);
  }

  warn(msg: string): void {
    process.stderr.write(`${pc.yellow('warning:')} ${scrub(msg)}\n`);
  }

  document(value: unknown): void {
    process.stdout.write(`${scrub(JSON.stringify(value, null, 2))}\n`);
  }
}

/** Render migrator events as lines. */
export function attachProgress(m: Migrator, out: Output): void {
  m.on('lock:wait', ({ holder }) => out.line(pc.dim(`waiting for the migration lock held by ${describeHolder(holder)}…`)));
  m.on('migration:done', ({ id, direction, durationMs }) => out.line(`${direction === 'up' ? pc.green('applied') : pc.cyan('rolled back')} ${displayId(id)} ${pc.dim(`(${durationMs} ms)`)}`));
  m.on('migration:fail', ({ id, direction }) => out.line(`${pc.red('failed')} ${displayId(id)} (${direction})`));
  m.on('statement:start', ({ id, index, total, sql }) => out.detail(`  ${displayId(id)} [${index + 1}/${total}] ${sql.split('\n')[0]}`));
  m.on('hook:run', ({ name }) => out.line(`${pc.dim('hook')} ${name}`));
  // --quiet prints only errors: a run's warnings (out of order) are in its result (`warnings` under --json).
  m.on('warning', ({ message, id }) => (out.quiet ? undefined : out.warn(displayMessage(message, { id }))));
}

/** The database's own DETAIL and HINT of an error (PostgreSQL's `Key (sku)=(sku1) is duplicated.`), when the message does not say them already. */
export function errorNotes(e: unknown): { detail?: string; hint?: string } {
  if (!isShaleError(e)) return {};
  const note = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' && !e.message.includes(v) ? scrub(v) : null);
  const detail = note(e.details['detail']);
  const hint = note(e.details['hint']);
  return { ...(detail ? { detail } : {}), ...(hint ? { hint } : {}) };
}

/** The lines after `shale: error: …` that carry the database's DETAIL and HINT (each folded onto one line). */
export function errorNoteLines(e: unknown): string {
  const { detail, hint } = errorNotes(e);
  const line = (label: string, v: string | undefined): string => (v ? `shale: ${label}: ${v.replace(/\s*\n\s*/g, ' ')}\n` : '');
  return line('detail', detail) + line('hint', hint);
}

/** The `error` member of a `--json` document. */
export function errorJson(e: { code: string; message: string }): { code: string; message: string; detail?: string; hint?: string } {
  return { code: e.code, message: e.message, ...errorNotes(e) };
}

/** The `--json` shape of a batch result (documented in the README). */
export function runResultJson(command: string, r: RunResult): unknown {
  return {
    command,
    ok: r.error === null,
    results: r.results,
    warnings: r.warnings,
    error: r.error ? errorJson(r.error) : null,
    ...(r.sql !== undefined ? { sql: r.sql } : {}),
  };
}
