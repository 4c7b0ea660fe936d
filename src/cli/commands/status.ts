import type { Command } from 'commander';
import { pc } from '../colors.js';
import { isInDoubt, partialSummary, type LogEntry, type Recording, type StatusEntry } from '../../api/migrations.js';
import { displayId } from '../display-id.js';
import { SOURCES_ARGUMENT, addSourceArguments, positiveInt, withMigrator } from '../run.js';

const COLOR: Record<StatusEntry['state'], (s: string) => string> = {
  applied: pc.green,
  pending: pc.yellow,
  changed: pc.red,
  missing: pc.red,
  partial: pc.red,
};

type RecordedBy = Recording['operation'];

/** For each id recorded by something other than an `apply`, what recorded it last: was it marked (mark, baseline), adopted or resumed? */
function recordedBy(recordings: readonly Recording[]): Map<string, RecordedBy> {
  return new Map(recordings.map((r) => [r.id, r.operation]));
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
  // Each id and label worked out once: 10,000 rows are common.
  const ids = entries.map((e) => displayId(e.id));
  const labels = entries.map((e) => stateLabel(e, by.get(e.id)));
  const width = ids.reduce((w, id) => Math.max(w, id.length), 0);
  entries.forEach((e, i) => {
    const when = e.record && e.state !== 'pending' ? pc.dim(e.record.appliedAt) : '';
    const extra = e.state === 'partial' ? ` ${partialSummary(e.record)}` : e.outOfOrder ? ' (out of order)' : '';
    lines.push(`  ${COLOR[e.state](labels[i]!.padEnd(7))}  ${ids[i]!.padEnd(width)}  ${when}${extra}`);
  });
  const labelled = (label: string): number => labels.filter((l) => l === label).length;
  const notRun = ['marked', 'adopted'].map((l) => [l, labelled(l)] as const).filter(([, n]) => n > 0).map(([l, n]) => `${n} ${l}`);
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
        // What recorded each migration is read while the files load and the state rows arrive, not after them.
        const [{ entries, counts }, recordings] = await Promise.all([m.status(), m.recordings()]);
        const by = recordedBy(recordings);
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
