// Drivers load on demand: parsing a URL loads none, opening PGlite loads no `pg`. Each case runs in a
// fresh process that records every module it resolves (an ESM resolve hook) and every CommonJS
// module it loaded (require.cache: an `import` of a CommonJS package lands there too).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, test } from 'node:test';

const root = new URL('../..', import.meta.url).pathname;
const DRIVERS = ['pg', 'mysql2', 'better-sqlite3', '@electric-sql/pglite'] as const;

const HOOK = `let port;
export function initialize(data) { port = data.port; }
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  port.postMessage(r.url);
  return r;
}`;

/** Run `body` (an async function body, `src` bound to the src/ folder URL) and list the drivers it loaded. */
function driversLoadedBy(body: string): string[] {
  const script = `
import { register, createRequire } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
const { port1, port2 } = new MessageChannel();
const resolved = [];
port1.on('message', (url) => resolved.push(url));
port1.unref();
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOK)}), { data: { port: port2 }, transferList: [port2] });
const src = ${JSON.stringify(new URL('src/', `file://${root}`).href)};
await (async () => { ${body} })();
// The hook thread posts before it answers; a pause lets the last messages arrive.
await new Promise((r) => setTimeout(r, 200));
const files = [...resolved, ...Object.keys(createRequire(import.meta.url).cache)];
const drivers = ${JSON.stringify(DRIVERS)}.filter((d) => files.some((f) => f.includes('/node_modules/' + d + '/')));
console.log(JSON.stringify({ drivers, resolved: resolved.length }));
`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  const last = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { drivers: string[]; resolved: number };
  // The hook saw the modules of the run: a probe that sees nothing would pass every case.
  assert.ok(last.resolved > 3, out);
  return last.drivers;
}

describe('drivers load on demand', () => {
  test('the probe sees a driver: importing the PostgreSQL adapter loads pg', () => {
    assert.deepEqual(driversLoadedBy(`await import(src + 'adapters/postgres/adapter.ts');`), ['pg']);
  });

  test("loading pg skips its Cloudflare probe's undici and leaves no navigator behind", () => {
    // On Node 20 the probe builds a Response, which loads Node's bundled undici (see connect.ts).
    const script = `const before = 'navigator' in globalThis;
      await import(${JSON.stringify(new URL('src/adapters/postgres/adapter.ts', `file://${root}`).href)});
      console.log(JSON.stringify({ undici: process.moduleLoadList.some((m) => m.includes('undici')), navigator: ('navigator' in globalThis) === before }));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    assert.deepEqual(JSON.parse(out.trim().split('\n').pop() ?? '{}'), { undici: false, navigator: true });
  });

  test('parsing a URL of every scheme loads no driver', () => {
    const body = `const { parseDatabaseUrl } = await import(src + 'adapters/url.ts');
      for (const u of ['postgres://u:pw@h/db', 'mysql://u:pw@h/db', 'sqlite::memory:', 'pglite:memory']) parseDatabaseUrl(u);
      const { devDatabaseKind } = await import(src + 'adapters/open.ts');
      devDatabaseKind('postgres://u:pw@h/db');`;
    assert.deepEqual(driversLoadedBy(body), []);
  });

  test('opening PGlite loads PGlite and not pg', () => {
    const body = `const { openAdapter } = await import(src + 'adapters/open.ts');
      const db = await openAdapter('pglite:memory');
      try { await db.query('select 1'); } finally { await db.close(); }`;
    assert.deepEqual(driversLoadedBy(body), ['@electric-sql/pglite']);
  });

  test('opening SQLite loads better-sqlite3 only', () => {
    const body = `const { openAdapter } = await import(src + 'adapters/open.ts');
      const db = await openAdapter('sqlite::memory:');
      await db.close();`;
    assert.deepEqual(driversLoadedBy(body), ['better-sqlite3']);
  });
});
