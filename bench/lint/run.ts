// `shale lint` against squawk (a Rust binary) on the same 1,000 migration files (issue 12): wall
// time and CPU time (user + system, all threads: V8 compiles and collects on helper threads) of each
// tool, process start included, interleaved run by run in one process (the order rotates each run);
// output lines counted. `--base-bin` adds another shale build (e.g. the last commit's, built
// elsewhere) as a contender, for before/after figures from the same run. npm's `squawk` is a node
// launcher that spawns the native binary (@squawk-cli/<platform>-<arch>): that binary is timed too,
// as `squawk (native)`, when it is beside the launcher (or given with --squawk-native).
//   npm run build && (mkdir -p /tmp/peers && cd /tmp/peers && npm install --no-save squawk-cli@2.66.0)
//   node --import tsx bench/lint/run.ts [--n 1000] [--runs 5] [--squawk /tmp/peers/node_modules/.bin/squawk] [--bin bin/shale.js] [--base-bin /tmp/base/bin/shale.js] [--also label=/tmp/x/bin/shale.js …]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { BIN, tempDir } from '../../test/helpers/cli.js';
import { writeLintMigrations } from './generate.js';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '5' },
    squawk: { type: 'string', default: process.env['SQUAWK_BIN'] ?? '/tmp/peers/node_modules/.bin/squawk' },
    bin: { type: 'string', default: BIN },
    'base-bin': { type: 'string' },
    'squawk-native': { type: 'string' },
    // More shale builds, each as `label=path/to/bin/shale.js` (e.g. a scratch copy of one idea).
    also: { type: 'string', multiple: true, default: [] },
  },
});
const n = Number(values.n);
const dir = tempDir('shale-lint-bench-');
const files = writeLintMigrations(join(dir, 'migrations'), n);

/**
 * CPU seconds of this process's waited-for children so far (Linux: `cutime` + `cstime` of
 * /proc/self/stat, in clock ticks of 1/100 s); NaN elsewhere.
 */
function childrenCpu(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return NaN; // not Linux: wall time only
  }
}

interface Sample {
  readonly seconds: number;
  readonly cpu: number;
  readonly lines: number;
}

function timed(cmd: string, args: string[]): Sample {
  const cpu = childrenCpu();
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0 && r.status !== 1 && r.status !== 3) throw new Error(`${cmd} exited ${r.status}: ${r.stderr.slice(0, 400)}`);
  return { seconds, cpu: childrenCpu() - cpu, lines: r.stdout.split('\n').filter((l) => l.trim() !== '').length };
}

const contenders: [string, () => Sample][] = [
  ['shale', () => timed(process.execPath, [values.bin!, 'lint', '--format', 'github'])],
  ['squawk', () => timed(values.squawk!, ['--reporter', 'gcc', ...files])],
];
// The launcher is node_modules/squawk-cli/js/bin/squawk; the binary is in the sibling platform package.
const squawkNative = values['squawk-native'] ?? join(dirname(realpathSync(values.squawk!)), '..', '..', '..', '@squawk-cli', `${process.platform}-${process.arch}`, 'bin', 'squawk');
if (existsSync(squawkNative)) contenders.push(['squawk (native)', () => timed(squawkNative, ['--reporter', 'gcc', ...files])]);
const base = values['base-bin'];
if (base) contenders.push(['shale (base)', () => timed(process.execPath, [base, 'lint', '--format', 'github'])]);
for (const spec of values.also!) {
  const at = spec.indexOf('=');
  if (at <= 0) throw new Error(`--also takes label=path/to/bin/shale.js, got "${spec}"`);
  const bin = spec.slice(at + 1);
  contenders.push([`shale (${spec.slice(0, at)})`, () => timed(process.execPath, [bin, 'lint', '--format', 'github'])]);
}
const samples = new Map<string, Sample[]>(contenders.map(([name]) => [name, []]));
for (let run = 0; run < Number(values.runs); run++) {
  for (let k = 0; k < contenders.length; k++) {
    const [name, fn] = contenders[(run + k) % contenders.length]!;
    samples.get(name)!.push(fn());
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const line = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(', ');
for (const [name, xs] of samples) {
  const wall = xs.map((x) => x.seconds);
  const cpu = xs.map((x) => x.cpu);
  console.log(`${name}: wall median ${median(wall).toFixed(2)} s (${line(wall)}); cpu median ${median(cpu).toFixed(2)} s (${line(cpu)}); ${xs[0]!.lines} output lines`);
}
const of = (name: string, f: (s: Sample) => number) => median(samples.get(name)!.map(f));
console.log(`shale / squawk: wall ${(of('shale', (s) => s.seconds) / of('squawk', (s) => s.seconds)).toFixed(2)}×, cpu ${(of('shale', (s) => s.cpu) / of('squawk', (s) => s.cpu)).toFixed(2)}×`);
