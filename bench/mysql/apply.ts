// MySQL/MariaDB benchmark: shale vs dbmate applying the same dbmate-format migrations, N concurrent
// `shale up` processes, and the splitter's throughput. Needs `npm run build` (the CLI runs from dist/).
//
//   node --import tsx bench/mysql/apply.ts [--url mysql://root@127.0.0.1:3306/] [--migrations 100] [--statements 5] [--procs 20]
//
// Each measurement uses a fresh database, dropped afterwards. Prints one JSON line per measurement.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import mysql from 'mysql2/promise';
import { createMigrator } from '../../src/index.js';
import { splitMysql } from '../../src/adapters/mysql/splitter.js';

const { values: a } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.SHALE_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/' },
    migrations: { type: 'string', default: '100' },
    statements: { type: 'string', default: '5' },
    procs: { type: 'string', default: '20' },
  },
});
const N = Number(a.migrations);
const S = Number(a.statements);
const P = Number(a.procs);
const root = fileURLToPath(new URL('../..', import.meta.url));

function dbUrl(name: string): string {
  const u = new URL(a.url!);
  u.pathname = `/${name}`;
  return u.toString();
}

async function withDatabase<T>(fn: (url: string, name: string) => Promise<T>): Promise<T> {
  const name = `shale_bench_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
  const u = new URL(a.url!);
  const admin = await mysql.createConnection({ host: u.hostname, port: Number(u.port || 3306), user: decodeURIComponent(u.username) || 'root', password: decodeURIComponent(u.password) || undefined });
  await admin.query(`create database \`${name}\``);
  try {
    return await fn(dbUrl(name), name);
  } finally {
    await admin.query(`drop database \`${name}\``);
    await admin.end();
  }
}

function run(cmd: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(0) : reject(new Error(`${cmd} exited ${code}`))));
  });
}

// dbmate format (`-- migrate:up` / `-- migrate:down`), which both tools read.
const dir = mkdtempSync(join(tmpdir(), 'shale-bench-mysql-'));
for (let i = 1; i <= N; i++) {
  const body = [`create table t${i} (id int primary key, v varchar(20));`];
  for (let s = 1; s < S; s++) body.push(`insert into t${i} values (${s}, 'row ${s}');`);
  writeFileSync(join(dir, `${String(20240101000000 + i)}_m${i}.sql`), `-- migrate:up\n${body.join('\n')}\n\n-- migrate:down\ndrop table t${i};\n`);
}

try {
  const shaleMs = await withDatabase(async (url) => {
    const m = createMigrator({ db: url, sources: [dir] });
    const t0 = performance.now();
    const r = await m.up();
    const ms = performance.now() - t0;
    await m.close();
    if (r.error) throw r.error;
    return ms;
  });
  console.log(JSON.stringify({ bench: 'apply', tool: 'shale (library)', migrations: N, statements: N * S, ms: Math.round(shaleMs) }));

  const dbmateMs = await withDatabase(async (url) => {
    const t0 = performance.now();
    await run(process.env['DBMATE_BIN'] ?? join(root, 'node_modules', '.bin', 'dbmate'), ['--url', url, '--migrations-dir', dir, '--no-dump-schema', 'up']);
    return performance.now() - t0;
  });
  console.log(JSON.stringify({ bench: 'apply', tool: 'dbmate 2.36.0 (CLI)', migrations: N, statements: N * S, ms: Math.round(dbmateMs) }));

  const cliMs = await withDatabase(async (url) => {
    const t0 = performance.now();
    await run(process.execPath, [join(root, 'bin', 'shale.js'), '--db', url, '--source', dir, '--quiet', 'up']);
    return performance.now() - t0;
  });
  console.log(JSON.stringify({ bench: 'apply', tool: 'shale (CLI)', migrations: N, statements: N * S, ms: Math.round(cliMs) }));

  const concurrentMs = await withDatabase(async (url) => {
    const t0 = performance.now();
    await Promise.all(Array.from({ length: P }, () => run(process.execPath, [join(root, 'bin', 'shale.js'), '--db', url, '--source', dir, '--quiet', '--lock-timeout', '300', 'up'])));
    return performance.now() - t0;
  });
  console.log(JSON.stringify({ bench: 'concurrent-up', tool: 'shale (CLI)', processes: P, migrations: N, ms: Math.round(concurrentMs) }));

  const unit = "create procedure p_X(n int) begin declare i int default 0; while i < n do insert into t values (i, 'a;b'); set i = i + 1; end while; end;\n-- comment; here\ninsert into t values (1, 'x'), (2, \"y\");\n";
  const script = Array.from({ length: 5000 }, (_, i) => unit.replace('p_X', `p_${i}`)).join('');
  const t0 = performance.now();
  const stmts = splitMysql(script);
  const splitMs = performance.now() - t0;
  console.log(JSON.stringify({ bench: 'split', bytes: script.length, statements: stmts.length, ms: Math.round(splitMs), mbPerS: Number((script.length / 1e6 / (splitMs / 1000)).toFixed(1)) }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
