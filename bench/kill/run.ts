// Kill test at full size (issue 10): SIGKILL `shale up` at random moments inside slow statements,
// compare the journal with what exists, resume, count wrong journals, duplicated rows, stuck runs.
// Usage: npm run build && node --import tsx bench/kill/run.ts [--postgres 50] [--sqlite 20] [--mysql 10]
import { parseArgs } from 'node:util';
import { killTrials, type Engine } from '../../test/helpers/kill-trials.js';

const { values } = parseArgs({ options: { postgres: { type: 'string', default: '50' }, sqlite: { type: 'string', default: '20' }, mysql: { type: 'string', default: '10' }, verbose: { type: 'boolean', default: false } } });
const rows: string[] = ['| engine | trials | in doubt after the kill | wrong counts | duplicated rows | stuck runs |', '|---|---|---|---|---|---|'];
let bad = 0;
for (const engine of ['postgres', 'sqlite', 'mysql'] as Engine[]) {
  const n = Number(values[engine]);
  if (!n) continue;
  const started = Date.now();
  const f = await killTrials(engine, n, values.verbose ? (l) => console.error(l) : undefined);
  for (const p of f.problems) console.error(`${engine}: ${p}`);
  bad += f.wrongCounts + f.duplicatedRows + f.stuckRuns + f.problems.length;
  rows.push(`| ${engine} | ${f.trials} | ${f.inDoubt} | ${f.wrongCounts} | ${f.duplicatedRows} | ${f.stuckRuns} |`);
  console.error(`${engine}: ${n} trials in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
console.log(rows.join('\n'));
process.exitCode = bad ? 1 : 0;
