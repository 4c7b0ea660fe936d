// One 20 MB migration (88,535 single-row inserts, issue 10): wall time and peak memory of `shale up`
// on PostgreSQL, MariaDB and SQLite, process start included, measured by /usr/bin/time -v.
//   npm run build && node --import tsx bench/big-file/run.ts [--rows 88535] [--bin path/to/bin/shale.js]
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BIN, tempDir } from '../../test/helpers/cli.js';
import { createPgDatabase } from '../../test/helpers/databases.js';
import { createMysqlDatabase } from '../../test/helpers/mysql.js';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '88535' }, bin: { type: 'string', default: BIN } } });
const rows = Number(values.rows);
const dir = tempDir('shale-big-');
mkdirSync(join(dir, 'migrations'));
const pad = 'x'.repeat(180);
const body = ['create table big (id int primary key, note varchar(255));']
  .concat(Array.from({ length: rows }, (_, i) => `insert into big (id, note) values (${i}, '${pad}');`))
  .join('\n');
const file = join(dir, 'migrations', '0001.big.sql');
writeFileSync(file, body);
console.log(`file: ${(statSync(file).size / 1e6).toFixed(1)} MB, ${rows + 1} statements, bin ${values.bin}`);

function timed(url: string): { seconds: number; maxRssMb: number; code: number | null } {
  const r = spawnSync('/usr/bin/time', ['-v', process.execPath, values.bin!, '--db', url, 'up'], { cwd: dir, encoding: 'utf8' });
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(r.stderr);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  if (r.status !== 0) console.error(r.stderr.split('\n').slice(0, 3).join('\n'));
  const seconds = wall ? Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]) : NaN;
  return { seconds, maxRssMb: rss ? Math.round(Number(rss[1]) / 1024) : NaN, code: r.status };
}

const out: Record<string, unknown> = {};
const pg = await createPgDatabase('shale_big');
out['postgres'] = timed(pg.url);
await pg.drop();
const my = await createMysqlDatabase('shale_big');
out['mariadb'] = timed(my.url);
await my.drop();
out['sqlite'] = timed(`sqlite:${join(dir, 'big.db')}`);
console.log(JSON.stringify(out, null, 1));
rmSync(dir, { recursive: true, force: true });
