import { Option, type Command } from 'commander';
import { pc } from '../colors.js';
import { displayId } from '../display-id.js';
import { ShaleError } from '../../api/migrations.js';
import { DEFAULT_FLEET_CONCURRENCY, createFleet, expandTargetArgs, queryTargets, type Fleet, type FleetReport, type TargetResult } from '../../api/fleet.js';
import { globals, outputFor, plural } from '../run.js';
import { keepWasmOnBaselineCompiler } from '../wasm-tiering.js';
import { resolveSettings, type Settings } from '../settings.js';
import { logFleetAllowedHazards, refuseFleetHazards } from '../protected.js';
import { rememberSecrets } from '../secrets.js';
import type { Output } from '../output.js';

interface TargetOpts {
  targets?: string[];
  targetsQuery?: string;
  catalog?: string;
  concurrency?: number;
  continueOnError?: boolean;
  canary?: number;
  coordinator?: string;
  lease?: number;
  runId?: string;
}

function wholeNumber(name: string, min: number) {
  return (v: string): number => {
    // Digits only: Number('') is 0 and Number('1e9') a billion, neither of which anyone means.
    const n = /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n) || n < min) throw new ShaleError('E_USAGE', `${name} takes a whole number ≥ ${min}, got "${v}"`);
    return n;
  };
}

function targetOptions(cmd: Command, withRunControl: boolean): Command {
  cmd
    .option('--targets <file|url...>', 'database URLs, or files with one URL per line (# comments)')
    .option('--targets-query <sql>', 'query on the --catalog database returning a column "url"')
    .option('--catalog <url>', 'database that --targets-query runs on')
    .option('--concurrency <n>', `targets migrated at once (default ${DEFAULT_FLEET_CONCURRENCY})`, wholeNumber('--concurrency', 1));
  if (withRunControl) {
    cmd
      .option('--continue-on-error', 'keep migrating the other targets after one fails')
      .option('--canary <n>', 'migrate n targets first; stop if any of them fails', wholeNumber('--canary', 0))
      .option('--coordinator <postgres-url>', 'share the fleet with other runners through a queue table in this database')
      .option('--lease <seconds>', 'a coordinated claim not renewed for this long is taken over (default 30)', wholeNumber('--lease', 1))
      .option('--run-id <id>', 'coordinated run to join (default: derived from the targets and migrations)');
  }
  return cmd;
}

/** Targets from --targets, else --targets-query, else the config (environment `db` list, or `db`). */
async function fleetFor(cmd: Command, o: TargetOpts): Promise<{ fleet: Fleet; settings: Settings; targets: readonly string[] }> {
  const g = globals(cmd);
  const s = await resolveSettings(g);
  if (o.targetsQuery !== undefined && !o.catalog) throw new ShaleError('E_USAGE', '--targets-query needs --catalog <url>');
  if (o.catalog !== undefined && o.targetsQuery === undefined) throw new ShaleError('E_USAGE', '--catalog is only used with --targets-query <sql>');
  if (o.targets?.length && o.targetsQuery !== undefined) throw new ShaleError('E_USAGE', '--targets and --targets-query cannot be combined: pick one source of targets');
  const targets = o.targets?.length ? await expandTargetArgs(o.targets) : o.targetsQuery !== undefined ? await queryTargets(o.catalog!, o.targetsQuery) : [...s.dbs];
  rememberSecrets([...targets, o.coordinator, o.catalog]);
  const fleet = createFleet({
    targets,
    sources: s.sources,
    ...(s.s3 ? { s3: s.s3 } : {}),
    concurrency: o.concurrency ?? DEFAULT_FLEET_CONCURRENCY,
    continueOnError: o.continueOnError ?? false,
    ...(o.canary !== undefined ? { canary: o.canary } : {}),
    tablePrefix: s.tablePrefix,
    lockTimeoutMs: s.lockTimeoutMs,
    ...(o.coordinator ? { coordinator: { url: o.coordinator, ...(o.lease !== undefined ? { leaseMs: o.lease * 1000 } : {}), ...(o.runId ? { runId: o.runId } : {}) } } : {}),
  });
  return { fleet, settings: s, targets };
}

function describeResult(r: TargetResult, operation: FleetReport['operation']): string {
  if (r.status === 'skipped') return pc.dim('not started');
  if (r.error) return pc.red(r.error.message);
  if (r.counts) return `${r.counts.applied} applied, ${r.counts.pending} pending${r.counts.changed + r.counts.missing + r.counts.partial > 0 ? pc.red(`, ${r.counts.changed} changed, ${r.counts.missing} missing, ${r.counts.partial} partial`) : ''}`;
  const ids = [...r.applied, ...r.rolledBack];
  if (ids.length === 0) return operation === 'down' ? 'nothing to roll back' : 'up to date';
  return `${r.rolledBack.length ? 'rolled back' : 'applied'} ${ids.map(displayId).join(', ')}`;
}

const STATUS_COLOR = { ok: pc.green, failed: pc.red, skipped: pc.yellow } as const;

/** Live progress: one redrawn line on a TTY (stderr), plain lines otherwise. */
function attachFleetProgress(fleet: Fleet, operation: FleetReport['operation'], out: Output): () => void {
  const tty = process.stderr.isTTY && !out.quiet;
  let total = 0;
  fleet.on('fleet:start', (e) => void (total = e.total));
  fleet.on('fleet:stop', ({ reason, target }) => out.line(pc.yellow(`stopping: ${reason === 'canary-failed' ? 'a canary target failed' : 'a target failed'} (${target}); pass --continue-on-error to keep going`)));
  fleet.on('coordinator:takeover', ({ target, previousRunner }) => out.line(pc.dim(`taking over ${target} from ${previousRunner ?? 'an expired runner'}`)));
  fleet.on('target:done', ({ result, done, failed, running }) => {
    if (tty) {
      const width = 30;
      const filled = total > 0 ? Math.round((done / total) * width) : 0;
      process.stderr.write(`\r\x1b[K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}  ${pc.green(`ok ${done - failed}`)}  ${failed ? pc.red(`failed ${failed}`) : 'failed 0'}  running ${running}`);
    } else out.line(`${STATUS_COLOR[result.status](result.status.padEnd(6))} ${result.target}  ${describeResult(result, operation)} ${pc.dim(`(${result.durationMs} ms)`)}`);
  });
  return () => {
    if (tty) process.stderr.write('\n');
  };
}

function printSummary(report: FleetReport, out: Output): void {
  const width = Math.max(6, ...report.targets.map((t) => t.target.length));
  out.line('');
  out.line(`${'target'.padEnd(width)}  ${'status'.padEnd(7)}  ${'time'.padStart(8)}  result`);
  for (const t of report.targets) out.line(`${t.target.padEnd(width)}  ${STATUS_COLOR[t.status](t.status.padEnd(7))}  ${`${t.durationMs} ms`.padStart(8)}  ${describeResult(t, report.operation)}`);
  const s = report.summary;
  out.line(`${plural(s.total, 'target')}: ${s.ok} ok, ${s.failed} failed, ${s.skipped} skipped; ${plural(s.migrations, 'migration')} in ${s.durationMs} ms`);
  const c = report.coordinator;
  if (c) out.line(`run ${c.runId} (runner ${c.runner}): ${c.done} done, ${c.failed} failed, ${c.pending} pending of ${c.total}`);
}

async function runFleet(
  cmd: Command,
  o: TargetOpts,
  operation: FleetReport['operation'],
  run: (f: Fleet) => Promise<FleetReport>,
  exitCode: (r: FleetReport) => number,
  allowHazard?: readonly string[],
): Promise<void> {
  const out = outputFor(globals(cmd));
  const { fleet, settings, targets } = await fleetFor(cmd, o);
  keepWasmOnBaselineCompiler(targets);
  // A protected environment's fleet runs only when no target has a refused hazard (as `up`).
  const gated = operation === 'up' && settings.protected;
  const accepted = gated ? await refuseFleetHazards(settings, targets, allowHazard ?? [], out) : new Map<string, never[]>();
  const done = attachFleetProgress(fleet, operation, out);
  let report: FleetReport;
  try {
    report = await run(fleet);
  } finally {
    done();
  }
  if (gated) await logFleetAllowedHazards(settings, accepted, report, out);
  if (out.json) out.document(report);
  else printSummary(report, out);
  process.exitCode = report.summary.failed > 0 || (report.coordinator?.failed ?? 0) > 0 ? 1 : exitCode(report);
}

/** `fleet status --exit-code`: the worst target decides, with the codes of `status --exit-code`. */
function statusExitCode(r: FleetReport): number {
  const c = r.targets.map((t) => t.counts).filter((x) => x !== undefined);
  if (c.some((x) => x.changed + x.missing + x.partial > 0)) return 4;
  return c.some((x) => x.pending > 0) ? 2 : 0;
}

/** `fleet up|status|down`: one migration run over many databases. */
export function registerFleet(program: Command): void {
  const fleet = program.command('fleet').description('migrate many databases (tenants, shards, regions) with the same migrations');

  targetOptions(fleet.command('up').description('apply pending migrations on every target'), true)
    .option('--to <id>', 'apply up to and including this migration')
    .option('--allow-hazard <code>', 'in a "protected" environment, run even with this error-level lint finding (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .action(async (o: TargetOpts & { to?: string; allowHazard?: string[] }, cmd: Command) => {
      await runFleet(cmd, o, 'up', (f) => f.up(o.to !== undefined ? { to: o.to } : {}), () => 0, o.allowHazard);
    });

  targetOptions(fleet.command('status').description('applied / pending migrations of every target'), false)
    .option('--exit-code', 'like `status --exit-code`: exit 4 when any target has changed, missing or partial migrations, else 2 when any has pending ones')
    .action(async (o: TargetOpts & { exitCode?: boolean }, cmd: Command) => {
      await runFleet(cmd, o, 'status', (f) => f.status(), (r) => (o.exitCode ? statusExitCode(r) : 0));
    });

  targetOptions(fleet.command('down').description('roll back on every target (default: the last migration of each)'), true)
    .addOption(new Option('--count <n>', 'roll back the last n migrations').argParser(wholeNumber('--count', 1)).conflicts(['to', 'all']))
    .addOption(new Option('--to <id>', 'roll back everything after this migration').conflicts('all'))
    .option('--all', 'roll back every applied migration')
    .action(async (o: TargetOpts & { count?: number; to?: string; all?: boolean }, cmd: Command) => {
      await runFleet(cmd, o, 'down', (f) => f.down({ ...(o.count !== undefined ? { count: o.count } : {}), ...(o.to !== undefined ? { to: o.to } : {}), ...(o.all ? { all: true } : {}) }), () => 0);
    });
}
