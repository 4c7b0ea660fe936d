// PGlite start cost: a cold start (initdb) vs shale's template data folder (from the file on disk
// in a new process, and from memory for the next database in the same process).
// Usage: node --import tsx bench/declarative/pglite-start.ts [runs]   (each measurement is a new process)
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';

const runs = Number(process.argv[2] ?? 3);
if (process.env['SHALE_BENCH_CHILD']) {
  const ms = (t: number) => Math.round(performance.now() - t);
  const { PGlite } = await import('@electric-sql/pglite');
  const { openDevDatabase } = await import('../../src/declarative/dev-database.js');
  let t = performance.now();
  let coldMs = 0;
  if (process.env['SHALE_BENCH_CHILD'] === 'cold') {
    // A separate process: the cold start also pays the WASM compile, as a first start does.
    const cold = await PGlite.create();
    coldMs = ms(t);
    await cold.close();
    console.log(JSON.stringify({ coldMs }));
    process.exit(0);
  }
  t = performance.now();
  const first = await openDevDatabase();
  const firstMs = ms(t);
  t = performance.now();
  const second = await openDevDatabase();
  const secondMs = ms(t);
  t = performance.now();
  await second.adapter.query('select 1');
  await first.dispose();
  await second.dispose();
  console.log(JSON.stringify({ firstMs, secondMs }));
} else {
  const rows: { coldMs: number; firstMs: number; secondMs: number }[] = [];
  for (let i = 0; i < runs; i++) {
    const run = (mode: string) => JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', import.meta.filename], { env: { ...process.env, SHALE_BENCH_CHILD: mode }, encoding: 'utf8' }).trim().split('\n').pop()!) as Record<string, number>;
    const { coldMs } = run('cold');
    const { firstMs, secondMs } = run('template');
    rows.push({ coldMs: coldMs!, firstMs: firstMs!, secondMs: secondMs! });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}; ${runs} processes`);
  for (const r of rows) console.log(`cold ${r.coldMs} ms | template from disk (first in process) ${r.firstMs} ms | template from memory (second) ${r.secondMs} ms`);
  console.log(`median: cold ${median(rows.map((r) => r.coldMs))} ms, template first ${median(rows.map((r) => r.firstMs))} ms, template second ${median(rows.map((r) => r.secondMs))} ms`);
}
