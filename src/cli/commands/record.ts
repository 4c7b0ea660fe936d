import type { Command } from 'commander';
import { ShaleError } from '../../api/migrations.js';
import { displayId } from '../display-id.js';
import { count, finishRun, plural, withMigrator } from '../run.js';

/** Commands that change the records without running migrations: mark, unmark, baseline, resume, repair, unlock. */
export function registerRecord(program: Command): void {
  program
    .command('mark')
    .description('record migrations (and their ancestors) as applied without running them')
    .argument('<id...>', 'migration ids')
    .action(async (ids: string[], _o: unknown, cmd: Command) => {
      await withMigrator(cmd, async (m, out) => finishRun('mark', await m.mark(ids), out, (r) => `marked ${plural(count(r, 'marked'), 'migration')}`));
    });

  program
    .command('unmark')
    .description('forget migrations (and their descendants) without rolling them back')
    .argument('<id...>', 'migration ids')
    .action(async (ids: string[], _o: unknown, cmd: Command) => {
      await withMigrator(cmd, async (m, out) => finishRun('unmark', await m.unmark(ids), out, (r) => `unmarked ${plural(count(r, 'unmarked'), 'migration')}`));
    });

  program
    .command('baseline')
    .description('mark <id> and every migration before it as applied')
    .argument('<id>', 'migration id')
    .action(async (id: string, _o: unknown, cmd: Command) => {
      await withMigrator(cmd, async (m, out) => finishRun('baseline', await m.baseline(id), out, (r) => `marked ${plural(count(r, 'marked'), 'migration')}`));
    });

  program
    .command('resume')
    .description('continue a partially applied migration at the statement that failed or was interrupted')
    .option('--allow-changed', 'resume even though the file was edited since')
    .option('--statement-done', 'the statement an interrupted run left in doubt took effect: skip it (audit-logged)')
    .option('--statement-not-done', 'the statement an interrupted run left in doubt did not take effect: run it again (audit-logged)')
    .action(async (o: { allowChanged?: boolean; statementDone?: boolean; statementNotDone?: boolean }, cmd: Command) => {
      if (o.statementDone && o.statementNotDone) throw new ShaleError('E_USAGE', 'pass --statement-done or --statement-not-done, not both');
      const statement = o.statementDone ? 'done' : o.statementNotDone ? 'not-done' : undefined;
      await withMigrator(cmd, async (m, out) =>
        finishRun('resume', await m.resume({ allowChanged: o.allowChanged, ...(statement ? { statement } : {}) }), out, (r) => `resumed ${r.results.map((x) => displayId(x.id)).join(', ')}`),
      );
    });

  program
    .command('repair')
    .description('clear partial records (after undoing them by hand) and accept edited checksums')
    .action(async (_o: unknown, cmd: Command) => {
      await withMigrator(cmd, async (m, out) =>
        finishRun('repair', await m.repair(), out, (r) => (r.results.length ? `repaired ${r.results.map((x) => displayId(x.id)).join(', ')}` : 'nothing to repair')),
      );
    });

  program
    .command('unlock')
    .description('release the migration lock, whoever holds it (ends the holding session on PostgreSQL)')
    .action(async (_o: unknown, cmd: Command) => {
      await withMigrator(cmd, async (m, out) => {
        const held = await m.unlock();
        if (out.json) out.document({ command: 'unlock', released: held });
        else out.line(held ? 'lock released' : 'no lock was held');
      });
    });
}
