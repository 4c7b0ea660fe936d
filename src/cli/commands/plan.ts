import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ShaleError } from '../../api/migrations.js';
import type { Baseline } from '../../api/lint.js';
import { PLAN_FORMATS, planHtml, planMarkdown, type PlanFormat } from '../plan-report.js';
import { globals, outputFor } from '../run.js';
import { resolveSettings } from '../settings.js';

interface PlanFlags {
  readonly format?: string;
  readonly out?: string;
  readonly devUrl?: string;
  readonly verify?: boolean;
}

/** `plan`: the report of what `up` would do, for a reviewer. */
export function registerPlan(program: Command): void {
  program
    .command('plan')
    .description('report what `up` would do to --db: pending migrations and their SQL, lint findings, the schema change with its hazards, verify results (Markdown or one HTML page)')
    .option('--format <format>', `${PLAN_FORMATS.join(', ')} (default markdown; --json is json)`)
    .option('--out <file>', 'write the report to a file instead of stdout')
    .option('--dev-url <url>', "dev database for the schema change and verify (default: the target dialect's embedded one)")
    .option('--no-verify', 'skip the up → down → up check (it runs every migration on the dev database)')
    .addHelpText('after', '\nExit codes: 0 the report was made (whatever it found), 1 bad input or the target could not be read.\n')
    .action(async (o: PlanFlags, cmd: Command) => {
      const g = globals(cmd);
      const out = outputFor(g);
      const format = formatOf(o.format, g.json ?? false);
      const s = await resolveSettings(g);
      if (s.dbs.length !== 1) throw new ShaleError('E_USAGE', s.dbs.length === 0 ? 'plan needs the target database: pass --db <url>' : `environment "${s.env}" lists ${s.dbs.length} databases: pass --db <url> for the one to plan`);
      const { plan } = await import('../../api/declarative.js');
      const report = await plan({
        db: s.dbs[0]!,
        sources: s.sources,
        tablePrefix: s.tablePrefix,
        verify: o.verify !== false,
        ...(o.devUrl ? { devUrl: o.devUrl } : {}),
        ...(s.lint.rules ? { rules: s.lint.rules } : {}),
        ...(s.lint.baseline !== undefined && existsSync(s.lint.baseline) ? { baseline: JSON.parse(readFileSync(s.lint.baseline, 'utf8')) as Baseline } : {}),
      });
      if (format === 'json' && !o.out) return out.document(report);
      const text = format === 'html' ? planHtml(report) : format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : planMarkdown(report);
      if (o.out) {
        writeFileSync(o.out, text);
        out.line(`wrote ${o.out}`);
      } else process.stdout.write(text);
    });
}

function formatOf(format: string | undefined, json: boolean): PlanFormat {
  if (format === undefined) return json ? 'json' : 'markdown';
  if (!(PLAN_FORMATS as readonly string[]).includes(format)) throw new ShaleError('E_USAGE', `--format takes ${PLAN_FORMATS.join(', ')}, got "${format}"`);
  if (json && format !== 'json') throw new ShaleError('E_USAGE', `--json and --format ${format} ask for two outputs: pass one`);
  return format as PlanFormat;
}
