// Runs `shale drift …` with the `drift` command of src/cli/commands/drift.ts on the CLI's program
// (global options and all), in a child process: exit code, stdout, stderr as a user sees them.
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli/main.js';
import { registerDrift } from '../../src/cli/commands/drift.js';
import { exitCodeFor, messageOf } from '../../src/index.js';

const program = buildProgram();
// Until the CLI registers drift from drift.ts, replace the one it has.
const commands = program.commands as Command[];
const at = commands.findIndex((c) => c.name() === 'drift');
if (at >= 0) commands.splice(at, 1);
registerDrift(program);
try {
  await program.parseAsync(process.argv.slice(2), { from: 'user' });
} catch (e) {
  process.stderr.write(`shale: error: ${messageOf(e).split('\n')[0]}\n`);
  process.exitCode = exitCodeFor(e);
}
