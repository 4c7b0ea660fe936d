import { Command, CommanderError, Option } from 'commander';
import { exitCodeFor, isShaleError, messageOf, type ErrorCode } from '../api/migrations.js';
import { rememberSecrets, scrub } from './secrets.js';
import { registerMigrate } from './commands/migrate.js';
import { displayMessage } from './display-id.js';
import { errorNoteLines, errorNotes } from './output.js';
import { registerRecord } from './commands/record.js';
import { registerScaffold } from './commands/scaffold.js';
import { registerStatus } from './commands/status.js';
import { registerExtras } from './commands/extras.js';
import { registerLint } from './commands/lint.js';
import { registerPlan } from './commands/plan.js';

function collect(v: string, prev: string[] = []): string[] {
  return [...prev, v];
}

export function buildProgram(): Command {
  const program = new Command('shale')
    .description('database schema migrations: versioned migrations, schema diff, fleets')
    .version('0.1.0')
    .option('--db <url>', 'database URL (else the db of the --env environment, SHALE_DATABASE_URL, config "db", DATABASE_URL)')
    .option('--source <dir|s3://…>', 'migrations folder, glob or S3 prefix (repeatable; default ./migrations)', collect)
    .option('--config <file>', 'config file (default shale.config.{json,ts,mjs,js} in the current folder)')
    .option('--env <name>', 'use the named environment of the config file')
    .option('--table-prefix <prefix>', 'prefix of the state tables (default shale_)')
    .option('--lock-timeout <seconds>', 'how long to wait for the migration lock (default 60)')
    .option('--json', 'print one JSON document on stdout (logs go to stderr)')
    .option('--quiet', 'print only errors')
    .option('--verbose', 'print each statement as it runs')
    .addOption(new Option('--yes', 'answer yes to confirmations'))
    .showHelpAfterError(false)
    // `shale up --help` lists --db, --source, --env, … too (commands inherit this setting).
    .configureHelp({ showGlobalOptions: true })
    // Usage errors are printed by main() as one `shale: error:` line (and a JSON document under --json).
    .configureOutput({ outputError: () => undefined })
    .exitOverride();
  registerScaffold(program);
  registerStatus(program);
  registerMigrate(program);
  registerRecord(program);
  registerExtras(program);
  registerLint(program);
  registerPlan(program);
  return program;
}

/** Global options that take a value: their value is never the command name. */
const VALUE_OPTIONS = new Set(['--db', '--source', '--config', '--env', '--table-prefix', '--lock-timeout']);

/** The command named in `argv` (for the JSON error document), read without commander: parsing may have failed. */
function commandOf(program: Command, argv: readonly string[]): string | null {
  const names = new Set(program.commands.map((c) => c.name()));
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (VALUE_OPTIONS.has(a)) i++;
    else if (!a.startsWith('-')) return names.has(a) ? a : null;
  }
  return null;
}

function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--json');
}

/** Batch commands document `results` and `warnings`; their error documents carry them too (empty). */
const BATCH_COMMANDS = new Set(['up', 'down', 'redo', 'mark', 'unmark', 'baseline', 'resume', 'repair']);

/** Run the CLI; returns the exit code (DESIGN §5). */
export async function main(argv: readonly string[]): Promise<number> {
  // The AWS SDK prints a ten-line Node-version notice on Node 20 when an s3:// source is used; the
  // CLI's stderr is for shale's own one-line messages. (The library leaves this to the application.)
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  // Every URL given on the command line or in the environment (`--db=…` too): its secrets are never printed.
  rememberSecrets([...argv.map((a) => (a.startsWith('--') ? a.slice(a.indexOf('=') + 1) : a)), process.env['SHALE_DATABASE_URL'], process.env['DATABASE_URL']]);
  const program = buildProgram();
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    let code: ErrorCode;
    let msg: string;
    if (e instanceof CommanderError) {
      // --help and --version end here too, with exit code 0 and their output already written.
      if (e.exitCode === 0) return 0;
      code = 'E_USAGE';
      if (e.code === 'commander.help') {
        // `shale` or `shale fleet` without a subcommand: the help is on stderr already, and says it all.
        if (wantsJson(argv)) process.stdout.write(`${JSON.stringify({ command: commandOf(program, argv), ok: false, error: { code, message: 'no command given' } }, null, 2)}\n`);
        return 1;
      }
      // `error: unknown command 'x'\n(Did you mean y?)` becomes one line.
      msg = e.message.replace(/^error:\s*/, '').replace(/\s*\n\s*/g, ' ');
    } else {
      code = isShaleError(e) ? e.code : 'E_INTERNAL'; // a foreign error that nothing wrapped (DESIGN §1)
      msg = scrub(isShaleError(e) ? displayMessage(e.message, e.details) : messageOf(e)).split('\n')[0]!;
    }
    process.stderr.write(`shale: error: ${msg}\n`);
    process.stderr.write(errorNoteLines(e));
    if (!isShaleError(e) && !(e instanceof CommanderError) && process.env['SHALE_DEBUG']) process.stderr.write(`${scrub(String((e as Error).stack))}\n`);
    if (wantsJson(argv)) {
      const command = commandOf(program, argv);
      const extra = command !== null && BATCH_COMMANDS.has(command) ? { results: [], warnings: [] } : {};
      process.stdout.write(`${JSON.stringify({ command, ok: false, ...extra, error: { code, message: msg, ...errorNotes(e) } }, null, 2)}\n`);
    }
    return e instanceof CommanderError ? 1 : exitCodeFor(e);
  }
}
