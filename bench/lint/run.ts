// `shale lint` against squawk (a Rust binary) on the same 1,000 migration files (issue 12): wall
// time of each tool, process start included, interleaved run by run in one process; findings counted.
//   npm run build && (cd /tmp/sq && npm install --no-save squawk-cli@2.66.0)
//   node --import tsx bench/lint/run.ts [--n 1000] [--runs 5] [--squawk /tmp/sq/node_modules/.bin/squawk] [--bin bin/shale.js]
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BIN, tempDir } from '../../test/helpers/cli.js';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '5' },
    squawk: { type: 'string', default: process.env['SQUAWK_BIN'] ?? '/tmp/sq/node_modules/.bin/squawk' },
    bin: { type: 'string', default: BIN },
  },
});
const n = Number(values.n);
const dir = tempDir('shale-lint-bench-');
const folder = join(dir, 'migrations');
mkdirSync(folder);
// A realistic mix: new tables with their indexes, then changes to existing tables.
for (let i = 1; i <= n; i++) {
  const id = String(i).padStart(5, '0');
  const body =
    i % 4 === 0
      ? `alter table t${i - 3} add column c${i} text;\ncreate index t${i - 3}_c${i} on t${i - 3} (c${i});\nalter table t${i - 3} alter column c${i} set not null;\n`
      : `create table t${i} (id bigint generated always as identity primary key, name text not null, created_at timestamptz not null default now());\ncreate index t${i}_name on t${i} (name);\ninsert into t${i} (name) values ('a'), ('b');\n`;
  writeFileSync(join(folder, `${id}_m.sql`), body);
}
const files = readdirSync(folder).map((f) => join(folder, f));

function timed(cmd: string, args: string[]): { seconds: number; findings: number } {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0 && r.status !== 1 && r.status !== 3) throw new Error(`${cmd} exited ${r.status}: ${r.stderr.slice(0, 400)}`);
  return { seconds, findings: r.stdout.split('\n').filter((l) => l.trim() !== '').length };
}

const shale = () => timed(process.execPath, [values.bin!, 'lint', '--format', 'github']);
const squawk = () => timed(values.squawk!, ['--reporter', 'gcc', ...files]);
const times: Record<string, number[]> = { shale: [], squawk: [] };
const findings: Record<string, number> = {};
for (let run = 0; run < Number(values.runs); run++) {
  for (const [name, fn] of run % 2 === 0 ? ([['shale', shale], ['squawk', squawk]] as const) : ([['squawk', squawk], ['shale', shale]] as const)) {
    const r = fn();
    times[name]!.push(r.seconds);
    findings[name] = r.findings;
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const [name, xs] of Object.entries(times)) {
  console.log(`${name}: median ${median(xs).toFixed(2)} s (${xs.map((x) => x.toFixed(2)).join(', ')}), ${findings[name]} finding lines`);
}
console.log(`shale / squawk: ${(median(times['shale']!) / median(times['squawk']!)).toFixed(2)}×`);
