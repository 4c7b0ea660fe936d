import type { Command } from 'commander';
import { ADOPT_TOOLS, parseAdoptTool, planAdoption, type AdoptPlan } from '../../api/adopt.js';
import { displayId } from '../display-id.js';
import { runResultJson } from '../output.js';
import { finishRun, count, plural, withMigrator } from '../run.js';

function describePlan(p: AdoptPlan, dryRun: boolean): string[] {
  const lines = [`${p.tool} (${p.table}): ${plural(p.adopt.length, 'migration')} ${dryRun ? 'would be' : 'to be'} adopted`];
  for (const id of p.adopt) lines.push(`  adopt      ${displayId(id)}`);
  for (const id of p.alreadyRecorded) lines.push(`  recorded   ${displayId(id)} (already in shale's history)`);
  for (const id of p.pending) lines.push(`  pending    ${displayId(id)} (not applied by ${p.tool})`);
  for (const row of p.unmatchedRows) lines.push(`  unmatched  ${row} (in ${p.table}, no such file in the sources)`);
  return lines;
}

/** `adopt --from <tool>`: take over another tool's history without running anything. */
export function registerAdopt(program: Command): void {
  program
    .command('adopt')
    .description(`record as applied the migrations another tool's state table says ran (${ADOPT_TOOLS.join(', ')}); nothing is executed`)
    .requiredOption('--from <tool>', `the tool whose state table to read: ${ADOPT_TOOLS.join(' | ')}`)
    .option('--dry-run', 'show what would be adopted, record nothing')
    .action(async (o: { from: string; dryRun?: boolean }, cmd: Command) => {
      const tool = parseAdoptTool(o.from);
      await withMigrator(cmd, async (m, out) => {
        const plan = await planAdoption(await m.adapter(), (await m.load()).migrations, tool);
        if (o.dryRun) {
          if (out.json) return out.document({ command: 'adopt', dryRun: true, plan });
          for (const l of describePlan(plan, true)) out.line(l);
          return;
        }
        const r = await m.adopt(plan.adopt);
        if (out.json) return out.document({ ...(runResultJson('adopt', r) as object), plan });
        if (!r.error) for (const l of describePlan(plan, false).slice(1)) out.line(l);
        finishRun('adopt', r, out, (x) => `adopted ${plural(count(x, 'marked'), 'migration')} from ${tool}` + (plan.unmatchedRows.length ? `; ${plural(plan.unmatchedRows.length, 'row')} of ${plan.table} matched no file` : ''));
      });
    });
}
