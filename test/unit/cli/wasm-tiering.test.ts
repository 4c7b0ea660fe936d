// Which V8 flags the CLI's migration commands set for WebAssembly (see src/cli/wasm-tiering.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baselineCompilerFlags } from '../../../src/cli/wasm-tiering.js';

const BASELINE = ['--no-wasm-dynamic-tiering', '--no-wasm-tier-up'];

test('a server database: WebAssembly stays on the baseline compiler', () => {
  assert.deepEqual(baselineCompilerFlags(['postgres://app@localhost/app'], ''), BASELINE);
  assert.deepEqual(baselineCompilerFlags(['mysql://root@localhost/app', 'sqlite:app.db'], '--max-old-space-size=4096'), BASELINE);
});

test('a pglite: database anywhere in the list keeps V8 defaults (a long PGlite session is faster tiered up)', () => {
  assert.deepEqual(baselineCompilerFlags(['pglite:memory'], ''), []);
  assert.deepEqual(baselineCompilerFlags(['postgres://a@h/x', ' PGlite:./dir'], ''), []);
});

test("the user's own tiering options win, on the command line or in NODE_OPTIONS", () => {
  for (const given of ['--wasm-tier-up', '--no-wasm-dynamic-tiering', '--wasm_tiering_budget=100', '--liftoff', '--no-liftoff', '--require x.cjs --wasm-dynamic-tiering']) {
    assert.deepEqual(baselineCompilerFlags(['postgres://a@h/x'], given), [], given);
  }
});
