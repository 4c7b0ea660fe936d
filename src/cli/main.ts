import { Command, CommanderError, Option } from 'commander';
import { exitCodeFor, isShaleError, messageOf, redactUrl } from '../index.js';
import { registerMigrate } from './commands/migrate.js';
import { registerRecord } from './commands/record.js';
import { registerScaffold } from './commands/scaffold.js';
import { registerStatus } from './commands/status.js';
import { registerExtras } from './commands/extras.js';

function collect(v: string, prev: string[] = []): string[] {
  return [...prev, v];
}

export function buildProgram(): Command {
  const program = new Command('shale')
    .description('database schema migrations: versioned migrations, schema diff, fleets')
    .version('0.1.0')
    .option('--db <url>', 'database URL (else SHALE_DATABASE_URL, config "db", DATABASE_URL)')
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
    .exitOverride();
  registerScaffold(program);
  registerStatus(program);
  registerMigrate(program);
  registerRecord(program);
  registerExtras(program);
  return program;
}

/** Run the CLI; returns the exit code (DESIGN §5). */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // commander already printed its message (usage errors, --help, --version).
      return e.exitCode === 0 ? 0 : 1;
    }
    const msg = redactUrl(messageOf(e)).split('\n')[0];
    process.stderr.write(`shale: error: ${msg}\n`);
    if (!isShaleError(e) && process.env['SHALE_DEBUG']) process.stderr.write(`${(e as Error).stack}\n`);
    return exitCodeFor(e);
  }
}
