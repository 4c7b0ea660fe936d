// Fuzz of the three splitters and of the file decoder: seeded generated inputs (statements, comments,
// quotes, dollar quotes, Unicode spaces, NUL and control characters, unpaired surrogates,
// unterminated strings). Property: the statements returned cover every byte of the input that is
// not whitespace, a comment or a separator (each statement is the input text at its offset, none is
// empty), or the splitter throws E_PARSE with an offset. A 1 s watchdog per input fails a hang.
// Reproduce a failure with SHALE_FUZZ_SEED=<seed> (printed in the failure).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import type { Dialect, FuzzJob, FuzzMessage } from './splitter-fuzz-worker.js';

const SEED = Number(process.env['SHALE_FUZZ_SEED'] ?? 20240611);
const COUNT = Number(process.env['SHALE_FUZZ_COUNT'] ?? 1500);
const WATCHDOG_MS = 1000;
const WORKER = new URL('./splitter-fuzz-worker.ts', import.meta.url);

interface Outcome {
  readonly inputs: number;
  readonly refused: number;
  readonly failures: { i: number; input: string; failure: string }[];
  readonly hung?: { i: number; input: string };
}

function run(job: FuzzJob): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    // A worker does not inherit the tsx loader: it registers it, then imports the TS worker module.
    const boot = `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(WORKER.href)}); })`;
    const worker = new Worker(boot, { eval: true, workerData: job });
    const failures: Outcome['failures'] = [];
    let current: { i: number; input: string } | null = null;
    let inputs = 0;
    let refused = 0;
    let timer: NodeJS.Timeout | null = null;
    // The watchdog starts with an input and stops with its result (not while the worker boots).
    const arm = (): void => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        void worker.terminate();
        resolve({ inputs, refused, failures, hung: current! });
      }, WATCHDOG_MS);
    };
    worker.on('message', (m: FuzzMessage) => {
      if (m.type === 'start') {
        current = { i: m.i, input: m.input };
        arm();
      } else if (m.type === 'done') {
        if (timer) clearTimeout(timer);
        inputs++;
        if (m.threw) refused++;
        if (m.failure) failures.push({ i: m.i, input: current!.input, failure: m.failure });
      } else {
        void worker.terminate();
        resolve({ inputs, refused, failures });
      }
    });
    worker.on('error', reject);
  });
}

describe('splitter fuzz', () => {
  for (const dialect of ['postgres', 'mysql', 'sqlite', 'decoder'] as const satisfies readonly Dialect[]) {
    it(`${dialect}: ${COUNT} generated inputs (seed ${SEED})`, async () => {
      const started = performance.now();
      const r = await run({ dialect, seed: SEED, count: COUNT });
      const ms = Math.round(performance.now() - started);
      if (r.hung) assert.fail(`${dialect} splitter hung (> ${WATCHDOG_MS} ms) on input #${r.hung.i} (seed ${SEED}): ${JSON.stringify(r.hung.input)}`);
      const shown = r.failures.slice(0, 5).map((f) => `#${f.i} ${f.failure}\n    input: ${JSON.stringify(f.input)}`).join('\n');
      assert.equal(r.failures.length, 0, `${r.failures.length} of ${r.inputs} inputs break the property (seed ${SEED}):\n${shown}`);
      assert.equal(r.inputs, COUNT);
      // Both outcomes must be exercised, or the generator has drifted.
      assert.ok(r.refused > COUNT / 20 && r.refused < COUNT * 0.95, `refused ${r.refused} of ${COUNT}`);
      console.log(`# ${dialect}: ${r.inputs} inputs, ${r.refused} refused with E_PARSE, ${ms} ms`);
    });
  }
});
