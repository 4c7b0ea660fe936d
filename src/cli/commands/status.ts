import type { Command } from 'commander';
import { pc } from '../colors.js';
import { isInDoubt, partialSummary, type LogEntry, type LogOperation, type StatusEntry } from '../../api/migrations.js';
import { displayId } from '../display-id.js';
import { SOURCES_ARGUMENT, addSourceArguments, positiveInt, withMigrator } from '../run.js';

const COLOR: Record<StatusEntry['state'], (s: string) => string> = {
  applied: pc.green,
  pending: pc.yellow,
  changed: pc.red,
  missing: pc.red,
  partial: pc.red,
};

/** The log operations that leave a migration recorded as applied. */
const RECORDING: ReadonlySet<LogOperation> = new Set(['apply', 'mark', 'adopt', 'resume']);
type RecordedBy = 'apply' | 'mark' | 'adopt' | 'resume';

/** For each recorded id, the operation of the log that recorded it last: was it run, marked (mark, baseline) or adopted? */
function recordedBy(log: readonly LogEntry[]): Map<string, RecordedBy> {
  const by = new Map<string, RecordedBy>();
  for (const e of log) if (RECORDING.has(e.operation)) by.set(e.id, e.operation as RecordedBy);
  return by;
}

/** The state column: an applied migration that was never run says how it got recorded. */
function stateLabel(e: StatusEntry, by: RecordedBy | undefined): string {
  if (e.state !== 'applied') return e.state;
  return by === 'mark' ? 'marked' : by === 'adopt' ? 'adopted' : 'applied';
}

type Counts = Record<StatusEntry['state'], number>;

/** The `status --json` document (README "JSON output"). */
function statusJson(database: string, entries: readonly StatusEntry[], counts: Counts, by: Map<string, RecordedBy>): unknown {
  return {
    database,
    migrations: entries.map((e) => ({
      id: e.id,
      state: e.state,
      kind: e.migration?.kind ?? e.record?.kind ?? 'versioned',
      location: e.migration?.location ?? null,
      description: e.migration?.description ?? null,
      appliedAt: e.record?.appliedAt ?? null,
      ...(e.record && e.state !== 'pending' ? { recordedBy: by.get(e.id) ?? 'apply' } : {}),
      outOfOrder: e.outOfOrder,
      ...(e.state === 'partial' ? { statementsDone: e.record.statementsDone, statementsTotal: e.record.statementsTotal, inDoubt: isInDoubt(e.record), error: e.record.error } : {}),
    })),
    counts,
  };
}

/** The `status` listing: one row per migration, then the counts (marked and adopted ones said apart). */
function statusLines(database: string, entries: readonly StatusEntry[], counts: Counts, by: Map<string, RecordedBy>): string[] {
  const lines = [`database: ${database}`];
  const width = entries.reduce((w, e) => Math.max(w, displayId(e.id).length), 0);
  for (const e of entries) {
    const when = e.record && e.state !== 'pending' ? pc.dim(e.record.appliedAt) : '';
    const extra = e.state === 'partial' ? ` ${partialSummary(e.record)}` : e.outOfOrder ? ' (out of order)' : '';
    lines.push(`  ${COLOR[e.state](stateLabel(e, by.get(e.id)).padEnd(7))}  ${displayId(e.id).padEnd(width)}  ${when}${extra}`);
  }
  const labelled = (label: string): number => entries.filter((e) => stateLabel(e, by.get(e.id)) === label).length;
  const notRun = ['marked', 'adopted'].filter((l) => labelled(l) > 0).map((l) => `${labelled(l)} ${l}`);
  const parts = (Object.keys(counts) as StatusEntry['state'][])
    .filter((k) => counts[k] > 0)
    .map((k) => `${counts[k]} ${k}${k === 'applied' && notRun.length > 0 ? ` (${notRun.join(', ')}, not run)` : ''}`);
  lines.push(`${entries.length} migration${entries.length === 1 ? '' : 's'}${parts.length ? `: ${parts.join(', ')}` : ''}`);
  return lines;
}

/** `status` and `history`. */
export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('list migrations: applied / pending / changed / missing / partial')
    .argument('[sources...]', SOURCES_ARGUMENT)
    .option('--exit-code', 'exit 2 when migrations are pending, 4 when changed, missing or partial')
    .action(async (sources: string[], o: { exitCode?: boolean }, cmd: Command) => {
      addSourceArguments(cmd, sources);
      await withMigrator(cmd, async (m, out) => {
        const a = await m.adapter();
        // The audit log is read while the files load and the state rows arrive, not after them.
        const [{ entries, counts }, log] = await Promise.all([m.status(), m.history()]);
        const by = recordedBy(log);
        if (out.json) out.document(statusJson(a.display, entries, counts, by));
        else out.lines(statusLines(a.display, entries, counts, by));
        if (o.exitCode) {
          if (counts.changed + counts.missing + counts.partial > 0) process.exitCode = 4;
          else if (counts.pending > 0) process.exitCode = 2;
        }
      });
    });

  program
    .command('history')
    .description('show the audit log (apply, rollback, mark, unmark, fail, resume, …)')
    .option('--limit <n>', 'only the last n entries', positiveInt('--limit'))
    .action(async (o: { limit?: number }, cmd: Command) => {
      await withMigrator(cmd, async (m, out) => {
        const entries = await m.history(o.limit !== undefined ? { limit: o.limit } : {});
        if (out.json) return out.document({ entries });
        // Every column as wide as its widest value, so rows line up whatever the ids' lengths.
        const widest = (f: (e: LogEntry) => string, min = 0): number => entries.reduce((w, e) => Math.max(w, f(e).length), min);
        const [seqW, atW, opW, idW] = [widest((e) => String(e.seq), 5), widest((e) => e.at), widest((e) => e.operation, 8), widest((e) => displayId(e.id))];
        const row = (e: LogEntry): string =>
          `${String(e.seq).padStart(seqW)}  ${e.at.padEnd(atW)}  ${e.operation.padEnd(opW)}  ${displayId(e.id).padEnd(idW)}  ${pc.dim(`${e.user}@${e.host} pid ${e.pid}`)}${e.durationMs != null ? pc.dim(` ${e.durationMs} ms`) : ''}${e.error ? `  ${pc.red(e.error)}` : ''}`;
        if (entries.length === 0) out.line('no history yet');
        else out.lines(entries.map(row));
      });
    });
}
