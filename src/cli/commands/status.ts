import type { Command } from 'commander';
import { pc } from '../colors.js';
import { isInDoubt, partialSummary, type StatusEntry } from '../../index.js';
import { displayId } from '../display-id.js';
import { positiveInt, withMigrator } from '../run.js';

const COLOR: Record<StatusEntry['state'], (s: string) => string> = {
  applied: pc.green,
  pending: pc.yellow,
  changed: pc.red,
  missing: pc.red,
  partial: pc.red,
};

/** `status` and `history`. */
export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('list migrations: applied / pending / changed / missing / partial')
    .option('--exit-code', 'exit 2 when migrations are pending, 4 when changed, missing or partial')
    .action(async (o: { exitCode?: boolean }, cmd: Command) => {
      await withMigrator(cmd, async (m, out) => {
        const a = await m.adapter();
        const { entries, counts } = await m.status();
        if (out.json) {
          out.document({
            database: a.display,
            migrations: entries.map((e) => ({
              id: e.id,
              state: e.state,
              kind: e.migration?.kind ?? e.record?.kind ?? 'versioned',
              location: e.migration?.location ?? null,
              description: e.migration?.description ?? null,
              appliedAt: e.record?.appliedAt ?? null,
              outOfOrder: e.outOfOrder,
              ...(e.state === 'partial'
                ? { statementsDone: e.record.statementsDone, statementsTotal: e.record.statementsTotal, inDoubt: isInDoubt(e.record), error: e.record.error }
                : {}),
            })),
            counts,
          });
        } else {
          const lines = [`database: ${a.display}`];
          const width = entries.reduce((w, e) => Math.max(w, displayId(e.id).length), 0);
          for (const e of entries) {
            const when = e.record && e.state !== 'pending' ? pc.dim(e.record.appliedAt) : '';
            const extra = e.state === 'partial' ? ` ${partialSummary(e.record)}` : e.outOfOrder ? ' (out of order)' : '';
            lines.push(`  ${COLOR[e.state](e.state.padEnd(7))}  ${displayId(e.id).padEnd(width)}  ${when}${extra}`);
          }
          const parts = (Object.keys(counts) as StatusEntry['state'][]).filter((k) => counts[k] > 0).map((k) => `${counts[k]} ${k}`);
          lines.push(`${entries.length} migration${entries.length === 1 ? '' : 's'}${parts.length ? `: ${parts.join(', ')}` : ''}`);
          out.lines(lines);
        }
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
        const width = entries.reduce((w, e) => Math.max(w, e.operation.length), 8);
        for (const e of entries) {
          out.line(`${String(e.seq).padStart(5)}  ${e.at}  ${e.operation.padEnd(width)}  ${displayId(e.id)}  ${pc.dim(`${e.user}@${e.host} pid ${e.pid}`)}${e.durationMs != null ? pc.dim(` ${e.durationMs} ms`) : ''}${e.error ? `  ${pc.red(e.error)}` : ''}`);
        }
        if (entries.length === 0) out.line('no history yet');
      });
    });
}
