import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { Option, type Command } from 'commander';
import { ShaleError, messageOf, loadMigrations, openAdapter, resolveSources, type Migration } from '../../api/migrations.js';
import type { VerifyResult } from '../../api/declarative.js';
import { displayId } from '../display-id.js';
import { DESTRUCTIVE_MESSAGE } from './diff.js';
import { globals, outputFor, plural } from '../run.js';
import { resolveSettings, singleDb } from '../settings.js';
import { dependsForNew, slug, timestampId } from './scaffold.js';

/** The declarative commands' API, loaded when one of them runs: no part of the CLI's start. */
const declarative = () => import('../../api/declarative.js');

interface DevOptions {
  devUrl?: string;
}

/** The dev-database settings every declarative command passes on: the table prefix and `--dev-url`. */
function devSettings(o: DevOptions, tablePrefix: string): { tablePrefix: string; devUrl?: string } {
  return { tablePrefix, ...(o.devUrl ? { devUrl: o.devUrl } : {}) };
}

export const DEV_URL_HELP = "dev database of the project's dialect: embedded by default (pglite:memory for PostgreSQL, sqlite::memory: for SQLite), or a server URL where a scratch database is created and dropped";

const DESIRED_HELP = 'the desired schema: a .sql file or folder of DDL, drizzle:<drizzle.config.ts> or prisma:<schema.prisma> (run through the project\'s own drizzle-kit / prisma)';

/**
 * generate's desired schema: `--desired`, or the old `--schema` spelling with a deprecation line
 * (`--schema` names a database schema everywhere else, as in `diff`).
 */
function desiredOption(o: { desired?: string; schema?: string }, out: { warn(line: string): void }): string {
  if (o.desired !== undefined && o.schema !== undefined) throw new ShaleError('E_USAGE', 'generate takes the desired schema once: --desired (--schema is its deprecated spelling)');
  if (o.schema !== undefined) {
    out.warn('generate --schema is deprecated (--schema names a database schema elsewhere, as in diff): use --desired');
    return o.schema;
  }
  if (o.desired === undefined) throw new ShaleError('E_USAGE', "generate needs the desired schema: --desired <file.sql|folder|drizzle:config|prisma:schema>");
  return o.desired;
}

/** The project's database URL where one is configured (its dialect chooses the dev database); never opened here. */
function projectDb(s: { readonly dbs: readonly string[] }): { db?: string } {
  const db = s.dbs[0];
  return db ? { db } : {};
}

/** `generate`, `push`, `drift`, `verify`: declarative schemas on an embedded or scratch dev database. */
export function registerDeclarative(program: Command): void {
  program
    .command('generate')
    .description('write a migration (and its rollback) that turns what the migrations produce into the desired schema')
    .argument('<name>', 'what the migration does')
    .option('--desired <schema>', DESIRED_HELP)
    .addOption(new Option('--schema <file|folder>', 'deprecated spelling of --desired').hideHelp())
    .option('--unsafe', 'write destructive statements as is (otherwise they are commented out)')
    .option('--no-safe-forms', 'write the plan as is, without the lock-friendly forms of shale lint --fix (CREATE INDEX CONCURRENTLY, NOT VALID + VALIDATE, …) for tables that exist before the migration')
    .option('--dev-url <url>', DEV_URL_HELP)
    .action(async (name: string, o: DevOptions & { desired?: string; schema?: string; unsafe?: boolean; safeForms: boolean }, cmd: Command) => {
      const g = globals(cmd);
      const out = outputFor(g);
      const desired = desiredOption(o, out);
      const { isEmptyPlan, planGeneration, renderGenerated, safeFormsOf } = await declarative();
      const s = await resolveSettings(g);
      const dir = s.sources.find((x): x is string => typeof x === 'string' && !x.startsWith('s3://'));
      if (!dir) throw new ShaleError('E_USAGE', 'generate writes to a local folder: pass --source <dir>');
      if (/[*?[\]{}]/.test(dir)) throw new ShaleError('E_USAGE', `generate writes to one folder, and ${dir} is a glob; pass --source <dir>`);
      // No migrations folder yet: the first migration is generated from an empty database.
      const sources = s.sources.filter((x) => x !== dir || existsSync(dir));
      const set = sources.length > 0 ? await loadMigrations(await resolveSources(sources)) : { migrations: [] };
      const plan = await planGeneration({ schema: desired, sources, unsafe: o.unsafe === true, ...projectDb(s), ...devSettings(o, s.tablePrefix) });
      for (const u of plan.unsupported) out.warn(`${u.kind} ${u.name} is not compared (unsupported)`);
      if (isEmptyPlan(plan)) {
        if (out.json) out.document({ command: 'generate', created: [], statements: 0 });
        else out.line(`nothing to do: the migrations already produce ${desired}`);
        return;
      }
      const text = renderGenerated(plan, { title: name, unsafe: o.unsafe === true, depends: dependsForNew(set.migrations) });
      const files = Object.entries(text.files(formatOf(set.migrations), timestampId(), slug(name)));
      const destructive = plan.up.filter((x) => x.destructive);
      if (destructive.length > 0 && !o.unsafe) {
        out.warn(`${plural(destructive.length, 'destructive statement')} written commented out in ${files[0]![0]} (${destructive.map((x) => x.object).join(', ')}): review, or re-run with --unsafe`);
      }
      mkdirSync(dir, { recursive: true });
      // Never overwrite, and never leave half a pair behind: check every file first.
      const taken = files.map(([f]) => join(dir, f)).find((p) => existsSync(p));
      if (taken) throw new ShaleError('E_USAGE', `${taken} already exists`);
      const created: string[] = [];
      for (const [file, body] of files) {
        const p = join(dir, file);
        writeFileSync(p, body, { flag: 'wx' });
        created.push(p);
        if (!out.json) out.line(`created ${p}`);
      }
      // The migration is written: a failure to work out its safe forms leaves it as planned, with a warning.
      const safe = o.safeForms
        ? await safeFormsOf(dir, created, plan.dialect, plan.before, s.sources).catch((e: unknown) => ({ files: [], skipped: [`the migration is written as planned: ${messageOf(e)}`] }))
        : { files: [], skipped: [] };
      for (const f of safe.files) {
        // Atomically: the plain migration stays whole until its safe form replaces it.
        writeFileSync(`${f.file}.tmp`, f.after);
        renameSync(`${f.file}.tmp`, f.file);
        if (!out.json) for (const x of f.fixes) out.line(`safe form in ${f.file}: ${x}`);
      }
      for (const s of safe.skipped) out.warn(`safe form not written: ${s}`);
      const safeForms = safe.files.flatMap((f) => f.fixes);
      if (out.json) out.document({ command: 'generate', created, statements: plan.renames.length + plan.up.length, destructive: plan.destructive, safeForms });
    });

  program
    .command('push')
    .description('apply a desired-state schema to a database directly, without migration files (shows the plan first)')
    .argument('<desired>', DESIRED_HELP)
    .option('--dry-run', 'print the plan and change nothing')
    .option('--unsafe', 'allow destructive statements (otherwise exit 3)')
    .option('--no-safe-forms', 'run the plan as is, in one transaction, without the lock-friendly forms of shale lint --fix (CREATE INDEX CONCURRENTLY, NOT VALID + VALIDATE, …) for tables the database has')
    .option('--dev-url <url>', DEV_URL_HELP)
    .action(async (schema: string, o: DevOptions & { dryRun?: boolean; unsafe?: boolean; safeForms: boolean }, cmd: Command) => {
      const g = globals(cmd);
      const out = outputFor(g);
      const s = await resolveSettings(g);
      const { applyPush, planPush, pushStatements } = await declarative();
      const db = await openAdapter(singleDb(s), { tablePrefix: s.tablePrefix });
      try {
        const plan = await planPush(db, { schema, safeForms: o.safeForms, ...devSettings(o, s.tablePrefix) });
        for (const u of plan.unsupported) out.warn(`${u.kind} ${u.name} is not compared (unsupported)`);
        const sql = pushStatements(plan);
        if (sql.length === 0) {
          if (out.json) out.document({ command: 'push', statements: [], applied: false });
          else out.line(`nothing to do: ${db.display} already matches ${schema}`);
          return;
        }
        if (plan.destructive && !o.unsafe) {
          process.stderr.write(`${DESTRUCTIVE_MESSAGE}\n`);
          process.exitCode = 3;
          return;
        }
        // In safe forms the plan runs in steps: its BEGIN/COMMIT lines are not statements of the plan.
        const count = plan.steps ? plan.steps.reduce((n, x) => n + x.statements.length, 0) : sql.length;
        const safeForms = plan.safeForms ?? [];
        for (const f of safeForms) out.warn(`safe form: ${f}`);
        if (plan.steps && plan.steps.length > 1) out.warn(`the plan runs in ${plan.steps.length} steps, each committed on its own (--no-safe-forms: one transaction)`);
        if (!out.json) process.stdout.write(`-- plan for ${db.display}\n${sql.join('\n\n')}\n`);
        if (o.dryRun) {
          if (out.json) out.document({ command: 'push', statements: sql, applied: false, safeForms });
          return;
        }
        if (!g.yes && !(await confirm(`apply ${plural(count, 'statement')} to ${db.display}?`))) {
          process.exitCode = 1;
          return;
        }
        await applyPush(db, plan);
        if (out.json) out.document({ command: 'push', statements: sql, applied: true, safeForms });
        else out.line(`pushed ${plural(count, 'statement')} to ${db.display}`);
      } finally {
        await db.close();
      }
    });

  program
    .command('verify')
    .description('check that every migration rolls back cleanly (up → down → up) on a dev database (exit 4 if not)')
    .option('--dev-url <url>', DEV_URL_HELP)
    .action(async (o: DevOptions, cmd: Command) => {
      const g = globals(cmd);
      const out = outputFor(g);
      const s = await resolveSettings(g);
      const { verifyMigrations } = await declarative();
      const r = await verifyMigrations({ sources: s.sources, ...projectDb(s), ...devSettings(o, s.tablePrefix), onResult: (x) => out.json || out.line(describe(x)) });
      const bad = r.results.filter((x) => x.status !== 'ok' && x.status !== 'repeatable' && x.status !== 'not-run');
      if (out.json) out.document({ command: 'verify', ok: r.ok, devDatabase: r.devDatabase, results: r.results });
      else out.line(r.ok ? `verified ${plural(r.results.length, 'migration')}: all round-trip` : `${plural(bad.length, 'migration')} of ${r.results.length} failed verification`);
      process.exitCode = r.ok ? 0 : r.results.some((x) => x.status === 'failed') ? 1 : 4;
    });
}

/** The format of the newest versioned migration (generated SQL for a set of TS modules is `.sql`). */
function formatOf(migrations: readonly Migration[]): 'sql' | 'updown' | 'sectioned' | 'flyway' {
  const last = migrations.filter((m) => m.kind === 'versioned').at(-1);
  return !last || last.format === 'module' ? 'sql' : last.format;
}

const VERIFY_TEXT: Record<VerifyResult['status'], string> = {
  ok: 'round-trips',
  repeatable: 'is repeatable (re-run, not rolled back): applied, not round-tripped',
  'no-rollback': 'cannot be rolled back: it has no rollback',
  'not-reversible': 'does not round-trip: after its rollback the schema differs from before; the rollback leaves behind:',
  'not-repeatable': 'does not round-trip: applying it again after its rollback gives a different schema:',
  'rollback-failed': 'cannot be rolled back: its rollback failed',
  failed: 'failed to apply',
  'not-run': 'not checked (an earlier migration failed)',
};

function describe(r: VerifyResult): string {
  const head = `${r.status === 'ok' || r.status === 'repeatable' ? 'ok' : 'FAIL'} ${displayId(r.id)} ${VERIFY_TEXT[r.status]}${r.error ? ` ${r.error.split('\n')[0]}` : ''}`;
  return [head, ...r.difference.map((d) => d.split('\n').map((l) => `    ${l}`).join('\n'))].join('\n');
}

/** Ask on a TTY; without one, refuse (the caller must pass --yes). */
async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new ShaleError('E_USAGE', 'push needs confirmation: pass --yes to apply without a terminal (or --dry-run to only see the plan)');
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}
