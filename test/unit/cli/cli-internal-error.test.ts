// The CLI prints an E_INTERNAL run error as one line; --verbose adds the stack of what was thrown.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { ShaleError, type RunResult } from '../../../src/index.js';
import { Output } from '../../../src/cli/output.js';
import { finishRun } from '../../../src/cli/run.js';

/** What `fn` writes on stderr. */
function stderrOf(fn: () => void): string {
  const write = process.stderr.write.bind(process.stderr);
  let out = '';
  process.stderr.write = ((chunk: string | Uint8Array) => ((out += String(chunk)), true)) as typeof process.stderr.write;
  try {
    fn();
  } finally {
    process.stderr.write = write;
  }
  return out;
}

function internal(): RunResult {
  const thrown = new TypeError("Cannot read properties of undefined (reading 'id')\n    and a second line");
  return { results: [], warnings: [], error: new ShaleError('E_INTERNAL', thrown.message, {}, { cause: thrown }) };
}

afterEach(() => {
  process.exitCode = undefined;
});

test('E_INTERNAL: one `shale: error: internal error: …` line, exit code 1', () => {
  const err = stderrOf(() => finishRun('up', internal(), new Output(false, false, false), () => ''));
  assert.equal(process.exitCode, 1);
  assert.equal(err, "shale: error: internal error: Cannot read properties of undefined (reading 'id') and a second line\n");
});

test('E_INTERNAL under --verbose: the line, then the stack of the thrown error', () => {
  const err = stderrOf(() => finishRun('up', internal(), new Output(false, false, true), () => ''));
  const [first, ...rest] = err.split('\n');
  assert.equal(first, "shale: error: internal error: Cannot read properties of undefined (reading 'id') and a second line");
  assert.match(rest.join('\n'), /TypeError: Cannot read properties of undefined/);
  assert.match(rest.join('\n'), /cli-internal-error\.test\.ts/);
});
