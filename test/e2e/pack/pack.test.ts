// The package as a user gets it: `npm pack` of a fresh clone, installed into a fresh CommonJS project
// (`npm init -y`, no tsx) and a fresh ESM project (with tsx): `npx shale up` on SQLite, TS and JS
// migrations that import from 'shale', `require` and `import` of the library, a consumer file
// type-checked with the repository's TypeScript, and the optional packages named when missing.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TSC, freshProject, node, npm, packFreshClone, pinned, tempRoot, type Packed, type Run } from './consumer.js';

const ok = (r: Run): Run => {
  assert.equal(r.code, 0, `exit ${r.code}\n${r.stderr}\n${r.stdout}`);
  return r;
};
const npx = (cwd: string, args: readonly string[]): Promise<Run> => npm(cwd, ['exec', '--no', '--', 'shale', ...args]);

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

const TS_MIGRATION = `import { step, type StepItem } from 'shale';
const items: StepItem[] = [step("insert into users (name) values ('from ts')", 'delete from users')];
export const steps = items;
`;

/** A consumer of the library: what `tsc` checks (types) and what node runs (a migration on SQLite). */
const CONSUMER = `import { createMigrator, memorySource, isShaleError, type RunResult } from 'shale';
export async function migrate(db: string): Promise<string[]> {
  const m = createMigrator({ db, sources: [memorySource({ '0001_a.sql': 'create table a (x int);' })] });
  try {
    const r: RunResult = await m.up();
    if (r.error && isShaleError(r.error)) throw r.error;
    return r.results.map((x) => \`\${x.id}:\${x.status}\`);
  } finally {
    await m.close();
  }
}
`;

/** `skipLibCheck: false` checks shale's .d.ts files too (once is enough: the CommonJS check skips them). */
const tsconfig = (skipLibCheck: boolean): string =>
  JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, skipLibCheck }, files: ['consumer.ts'] });

describe('npm pack, installed into fresh CommonJS and ESM projects', () => {
  let root: string;
  let packed: Packed;
  let cjs: string;
  let esm: string;

  before(async () => {
    root = tempRoot();
    packed = await packFreshClone(root);
    [cjs, esm] = await Promise.all([
      freshProject(root, 'cjs-app', packed.tarball, 'commonjs'),
      freshProject(root, 'esm-app', packed.tarball, 'module', [pinned('tsx')]),
    ]);
  });
  after(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('the tarball has the built dist/ (JS and types), the bin, no source maps and no src/', () => {
    for (const f of ['dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js', 'bin/shale.js', 'package.json', 'README.md']) assert.ok(packed.files.includes(f), `${f} is packed`);
    assert.deepEqual(packed.files.filter((f) => f.endsWith('.map') || f.startsWith('src/') || f.startsWith('test/')), []);
  });

  it('CommonJS project: npx shale up on SQLite, a CommonJS migration that requires shale, status', async () => {
    write(cjs, {
      'migrations/0001_users.sql': 'create table users (id integer primary key, name text);\n',
      'migrations/0002_seed.js': `const { step } = require('shale');\nexports.steps = [step("insert into users (name) values ('from js')", 'delete from users')];\n`,
    });
    const up = ok(await npx(cjs, ['--db', 'sqlite:app.db', 'up']));
    assert.match(up.stdout, /applied 2 migrations/);
    const status = ok(await npx(cjs, ['--db', 'sqlite:app.db', 'status', '--json']));
    assert.deepEqual((JSON.parse(status.stdout) as { counts: { applied: number } }).counts.applied, 2);
  });

  it('CommonJS project: require("shale") and import("shale") load the library and run a migration', async () => {
    write(cjs, {
      'use.cjs': `const { migrate } = require('./consumer.js');\nmigrate('sqlite:req.db').then((r) => console.log(JSON.stringify(r)));\n`,
      'consumer.js': "const { createMigrator, memorySource } = require('shale');\nexports.migrate = async (db) => {\n  const m = createMigrator({ db, sources: [memorySource({ '0001_a.sql': 'create table a (x int);' })] });\n  try { return (await m.up()).results.map((x) => `${x.id}:${x.status}`); } finally { await m.close(); }\n};\n",
      'use.mjs': "import { step, createMigrator } from 'shale';\nimport pkg from 'shale/package.json' with { type: 'json' };\nconsole.log(typeof step, typeof createMigrator, pkg.name);\n",
    });
    assert.equal(ok(await node(cjs, ['use.cjs'])).stdout.trim(), '["0001_a:applied"]');
    assert.equal(ok(await node(cjs, ['use.mjs'])).stdout.trim(), 'function function shale');
  });

  it('CommonJS project: a consumer file type-checks (require of shale under module nodenext)', async () => {
    mkdirSync(join(cjs, 'types'));
    write(join(cjs, 'types'), { 'consumer.ts': CONSUMER, 'tsconfig.json': tsconfig(true) });
    ok(await node(join(cjs, 'types'), [TSC, '-p', '.']));
  });

  it('CommonJS project without tsx: a TS migration is one line naming tsx, exit 1, nothing applied; s3:// names the AWS SDK', async () => {
    const dir = join(cjs, 'ts-without-tsx');
    write(dir, { 'migrations/0001_users.sql': 'create table users (name text);\n', 'migrations/0002_ts.ts': TS_MIGRATION });
    const r = await npx(dir, ['--db', 'sqlite:app.db', 'up']);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr.trim(), 'shale: error: migrations/0002_ts.ts: cannot import migration module: loading TypeScript files needs the optional package tsx, which is not installed: npm install tsx');
    const tables = "const db = require('better-sqlite3')('app.db'); console.log(db.prepare(\"select name from sqlite_master where type = 'table' and name = 'users'\").all().length)";
    assert.equal(ok(await node(dir, ['-e', tables])).stdout.trim(), '0', 'nothing applied (the SQL migration before it neither)');
    const s3 = await npx(dir, ['--db', 'sqlite:app.db', '--source', 's3://bucket/prefix/', 'status', '--json']);
    assert.equal(s3.code, 1);
    assert.deepEqual((JSON.parse(s3.stdout) as { error: unknown }).error, {
      code: 'E_SOURCE',
      message: 'reading s3:// sources needs the optional package @aws-sdk/client-s3, which is not installed: npm install @aws-sdk/client-s3',
    });
  });

  it('ESM project with tsx: shale.config.ts, a TS migration importing from shale, npx shale up and down', async () => {
    write(esm, {
      'shale.config.ts': "import type { ShaleError } from 'shale';\nconst none: ShaleError | null = null;\nexport default { db: 'sqlite:app.db', sources: ['migrations'], tablePrefix: none ?? 'shale_' };\n",
      'migrations/0001_users.sql': 'create table users (id integer primary key, name text);\n',
      'migrations/0002_ts.ts': TS_MIGRATION,
    });
    const up = ok(await npx(esm, ['up']));
    assert.match(up.stdout, /applied 0002_ts/);
    const down = ok(await npx(esm, ['down']));
    assert.match(down.stdout, /rolled back 0002_ts/);
    ok(await npx(esm, ['up']));
  });

  it('ESM project: import and require of the library; a consumer file type-checks (with shale\'s .d.ts files)', async () => {
    write(esm, {
      'use.js': "import { createRequire } from 'node:module';\nimport { step } from 'shale';\nconst lib = createRequire(import.meta.url)('shale');\nconsole.log(typeof step, lib.step === step);\n",
      'types/consumer.ts': CONSUMER,
      'types/tsconfig.json': tsconfig(false),
    });
    assert.equal(ok(await node(esm, ['use.js'])).stdout.trim(), 'function true');
    ok(await node(join(esm, 'types'), [TSC, '-p', '.']));
  });

  it('shale run from another install (global, npx): migrations that import shale get that shale; tsx beside it or in the project', async () => {
    // A folder with no node_modules: `shale` in its migrations can only be the running CLI's package.
    // No package.json either, so tsx loads its .ts files as CommonJS (require('shale')).
    const bare = join(root, 'bare');
    write(bare, {
      'shale.config.ts': "import { DEFAULT_TABLE_PREFIX } from 'shale';\nexport default { db: 'sqlite:bare.db', tablePrefix: DEFAULT_TABLE_PREFIX };\n",
      'migrations/0001_users.sql': 'create table users (id integer primary key, name text);\n',
      'migrations/0002_ts.ts': TS_MIGRATION,
      'migrations/0003_js.mjs': "import { step } from 'shale';\nexport const steps = [step(\"insert into users (name) values ('from mjs')\")];\n",
    });
    const esmBin = join(esm, 'node_modules', 'shale', 'bin', 'shale.js');
    const up = ok(await node(bare, [esmBin, 'up']));
    assert.match(up.stdout, /applied 3 migrations/);
    // The CommonJS project's shale has no tsx beside it: the project's (the ESM one) is used.
    const cjsBin = join(cjs, 'node_modules', 'shale', 'bin', 'shale.js');
    const inProject = ok(await node(esm, [cjsBin, '--db', 'sqlite:other.db', '--source', join(bare, 'migrations'), 'up']));
    assert.match(inProject.stdout, /applied 3 migrations/);
  });
});
