// Runs `shale diff …` through registerDiff on a bare commander program, the way the CLI wires it,
// so tests exercise the command end to end in a child process (exit code, stdout, stderr).
import { Command } from 'commander';
import { registerDiff } from '../../src/cli/commands/diff.js';

const program = new Command('shale').exitOverride();
registerDiff(program);
try {
  await program.parseAsync(process.argv.slice(2), { from: 'user' });
} catch (e) {
  process.stderr.write(`shale: error: ${String((e as Error).message)}\n`);
  process.exitCode = 1;
}
