import { Option, type Command } from 'commander';
import { messageOf } from '../../api/migrations.js';
import { dryRunHazards, logAllowedHazards, refuseHazards } from '../protected.js';
import { SOURCES_ARGUMENT, addSourceArguments, count, finishRun, plural, positiveInt, withMigrator } from '../run.js';

function collect(v: string, prev: string[] = []): string[] {
  return [...prev, v];
}

/** `up`, `down`, `redo`. */
export function registerMigrate(program: Command): void {
  program
    .command('up')
    .description('apply pending migrations (then post-apply hooks, if anything was applied)')
    .argument('[sources...]', SOURCES_ARGUMENT)
    .option('--to <id>', 'apply up to and including this migration')
    .option('--dry-run', 'print the SQL that would run, with transaction boundaries; change nothing')
    .option('--single-transaction', 'apply all pending migrations in one transaction')
    .option('--strict', 'refuse (exit 4) pending migrations that sort before an applied one')
    .option('--allow-changed', 'apply even if applied migrations were edited since')
    .option('--allow-hazard <code>', 'in a "protected" environment, run even with this error-level lint finding (repeatable)', collect)
    .action(async (sources: string[], o: { to?: string; dryRun?: boolean; singleTransaction?: boolean; strict?: boolean; allowChanged?: boolean; allowHazard?: string[] }, cmd: Command) => {
      addSourceArguments(cmd, sources);
      await withMigrator(cmd, async (m, out, s) => {
        const accepted = s.protected && !o.dryRun ? await refuseHazards(s, o.allowHazard ?? [], out) : [];
        const r = await m.up(o);
        // A failure to write the audit row must not hide what the run did.
        await logAllowedHazards(m, accepted, r).catch((e: unknown) => out.warn(`allowed hazards not recorded in the audit log: ${messageOf(e)}`));
        const extras = o.dryRun && !r.error ? await dryRunHazards(s) : {};
        finishRun('up', r, out, (x) => (count(x, 'applied') === 0 ? 'nothing to apply: database is up to date' : `applied ${plural(count(x, 'applied'), 'migration')}`), extras);
      });
    });

  program
    .command('down')
    .description('roll back applied migrations (default: the last one)')
    .argument('[sources...]', SOURCES_ARGUMENT)
    .addOption(new Option('--count <n>', 'roll back the last n migrations').argParser(positiveInt('--count')).conflicts(['to', 'all']))
    .addOption(new Option('--to <id>', 'roll back everything after this migration (its descendants when migrations declare dependencies)').conflicts('all'))
    .option('--all', 'roll back every applied migration')
    .option('--dry-run', 'print the SQL that would run; change nothing')
    .action(async (sources: string[], o: { count?: number; to?: string; all?: boolean; dryRun?: boolean }, cmd: Command) => {
      addSourceArguments(cmd, sources);
      await withMigrator(cmd, async (m, out) => {
        const r = await m.down(o);
        finishRun('down', r, out, (x) => (count(x, 'rolled-back') === 0 ? 'nothing to roll back' : `rolled back ${plural(count(x, 'rolled-back'), 'migration')}`));
      });
    });

  program
    .command('redo')
    .description('roll back the last migration(s) and apply again (yoyo reapply)')
    .argument('[sources...]', SOURCES_ARGUMENT)
    .option('--count <n>', 'how many migrations', positiveInt('--count'), 1)
    .action(async (sources: string[], o: { count: number }, cmd: Command) => {
      addSourceArguments(cmd, sources);
      await withMigrator(cmd, async (m, out) => {
        const r = await m.redo(o);
        finishRun('redo', r, out, (x) => `redid ${plural(count(x, 'applied'), 'migration')}`);
      });
    });
}
