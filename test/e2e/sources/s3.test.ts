import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { createMigrator, isShaleError, loadMigrations, localDirSource, parseS3Uri, s3Source } from '../../../src/index.js';
import { S3_CREDENTIALS, startS3Server, type S3TestServer } from '../../helpers/s3.js';

const ROOT = new URL('../../..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/shale.js');

// The source reads credentials from the standard AWS chain: environment variables here.
Object.assign(process.env, S3_CREDENTIALS);

const FILES: Record<string, string> = {
  '0001.create users.sql': 'create table users (id integer primary key, name text);\n',
  '0001.create users.rollback.sql': 'drop table users;\n',
  '0002_größe.up.sql': "-- adds a column\r\nalter table users add column größe text;  \r\n\r\n",
  '0002_größe.down.sql': 'alter table users drop column größe;\n',
  '0003.sectioned.sql': '-- migrate:up\ncreate table notes (id integer);\n-- migrate:down\ndrop table notes;\n',
  'V4__flyway_日本.sql': 'create table t4 (id integer);\n',
};

let s3: S3TestServer;
let tmp: string;

before(async () => {
  s3 = await startS3Server();
  tmp = mkdtempSync(join(tmpdir(), 'shale-s3-'));
  await s3.createBucket('migs');
  for (const [name, text] of Object.entries(FILES)) await s3.put('migs', `app/migrations/${name}`, text);
  // Objects in a "sub-folder" and beside the prefix must be ignored, like sub-folders on disk.
  await s3.put('migs', 'app/migrations/archive/0009.old.sql', 'this is not sql;');
  await s3.put('migs', 'app/other.sql', 'nor this;');
  // More objects than one list page.
  await s3.createBucket('many');
  for (let i = 1; i <= 23; i++) await s3.put('many', `m/${String(i).padStart(4, '0')}.step ${i}.sql`, `create table t${i} (id integer);\n`);
});

after(async () => {
  await s3?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const opts = (): { endpoint: string; forcePathStyle: boolean } => ({ endpoint: s3.endpoint, forcePathStyle: true });

function shale(args: string[], env: Record<string, string> = {}, cwd = tmp): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, ...env }, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('s3Source', () => {
  test('parses s3:// URIs; the prefix is a folder', () => {
    assert.deepEqual(parseS3Uri('s3://bucket'), { bucket: 'bucket', prefix: '' });
    assert.deepEqual(parseS3Uri('s3://bucket/'), { bucket: 'bucket', prefix: '' });
    assert.deepEqual(parseS3Uri('s3://bucket/a/b'), { bucket: 'bucket', prefix: 'a/b/' });
    assert.deepEqual(parseS3Uri('s3://bucket/a b/ü/'), { bucket: 'bucket', prefix: 'a b/ü/' });
    assert.throws(() => parseS3Uri('s3:///x'), (e: unknown) => isShaleError(e, 'E_SOURCE'));
  });

  test('lists only the objects directly under the prefix, with s3:// locations', async () => {
    const files = await s3Source('s3://migs/app/migrations/', opts()).list();
    assert.deepEqual(files.map((f) => f.name).sort(), Object.keys(FILES).sort());
    const f = files.find((x) => x.name === '0002_größe.up.sql')!;
    assert.equal(f.location, 's3://migs/app/migrations/0002_größe.up.sql');
    assert.equal(await f.read(), FILES['0002_größe.up.sql']);
    // A prefix without the trailing slash is the same folder.
    assert.equal((await s3Source('s3://migs/app/migrations', opts()).list()).length, files.length);
  });

  test('pages through more objects than one list page', async () => {
    const files = await s3Source('s3://many/m/', { ...opts(), pageSize: 5 }).list();
    assert.equal(files.length, 23);
    assert.equal(new Set(files.map((f) => f.name)).size, 23);
    assert.ok(files.some((f) => f.name === '0023.step 23.sql'));
  });

  test('checksums are identical to the same files on disk', async () => {
    const dir = join(tmp, 'disk');
    mkdirSync(dir);
    for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dir, name), text);
    const fromDisk = await loadMigrations([localDirSource(dir)]);
    const fromS3 = await loadMigrations([s3Source('s3://migs/app/migrations/', opts())]);
    assert.equal(fromS3.migrations.length, 4);
    assert.deepEqual(
      fromS3.migrations.map((m) => [m.id, m.checksum]),
      fromDisk.migrations.map((m) => [m.id, m.checksum]),
    );
  });

  test('applies migrations from S3 with the library', async () => {
    const db = join(tmp, 'lib.db');
    const m = createMigrator({ db: `sqlite:${db}`, sources: [s3Source('s3://many/m/', { ...opts(), pageSize: 10 })] });
    try {
      const r = await m.up();
      assert.equal(r.error, null);
      assert.equal(r.results.filter((x) => x.status === 'applied').length, 23);
    } finally {
      await m.close();
    }
  });

  test('errors are E_SOURCE with one clear line', async () => {
    const cases: [string, () => Promise<unknown>, RegExp][] = [
      ['no such bucket', () => s3Source('s3://no-such-bucket/x/', opts()).list(), /bucket does not exist/],
      ['endpoint down', () => s3Source('s3://migs/app/', { endpoint: 'http://127.0.0.1:1', forcePathStyle: true }).list(), /cannot reach the S3 endpoint http:\/\/127\.0\.0\.1:1/],
      ['invalid uri', async () => s3Source('s3:/bad'), /invalid S3 source/],
    ];
    for (const [what, fn, re] of cases) {
      await assert.rejects(fn(), (e: unknown) => {
        assert.ok(isShaleError(e, 'E_SOURCE'), `${what}: ${String(e)}`);
        assert.match(e.message, re, what);
        assert.ok(!e.message.includes('\n'), what);
        return true;
      });
    }
  });

  test('access denied names the problem', async () => {
    const saved = process.env['AWS_ACCESS_KEY_ID'];
    process.env['AWS_ACCESS_KEY_ID'] = 'WRONG';
    try {
      await assert.rejects(s3Source('s3://migs/app/migrations/', opts()).list(), (e: unknown) => isShaleError(e, 'E_SOURCE') && /access denied/.test(e.message));
    } finally {
      process.env['AWS_ACCESS_KEY_ID'] = saved;
    }
  });

  test('an object that vanishes between list and get fails the load, nothing applied', async () => {
    await s3.createBucket('vanish');
    await s3.put('vanish', 'p/0001.a.sql', 'create table a (id integer);');
    await s3.put('vanish', 'p/0002.b.sql', 'create table b (id integer);');
    const files = await s3Source('s3://vanish/p/', opts()).list();
    await s3.remove('vanish', 'p/0002.b.sql');
    const gone = files.find((f) => f.name === '0002.b.sql')!;
    await assert.rejects(gone.read(), (e: unknown) => isShaleError(e, 'E_SOURCE') && e.message.includes('s3://vanish/p/0002.b.sql') && /does not exist/.test(e.message));
    // Through the migrator: the failed read stops the run before anything is applied.
    const dbFile = join(tmp, 'vanish.db');
    const source = { location: 's3://vanish/p/', list: async () => files };
    const m = createMigrator({ db: `sqlite:${dbFile}`, sources: [source] });
    try {
      const r = await m.up();
      assert.equal(r.error?.code, 'E_SOURCE');
      assert.equal(r.results.length, 0);
    } finally {
      await m.close();
    }
    const sqlite = new Database(dbFile);
    try {
      assert.equal((sqlite.prepare("select count(*) as n from sqlite_master where name = 'a'").get() as { n: number }).n, 0);
    } finally {
      sqlite.close();
    }
  });
});

describe('shale CLI with --source s3://', () => {
  test('up applies from S3 against SQLite; the endpoint comes from AWS_ENDPOINT_URL', () => {
    const db = join(tmp, 'cli.db');
    const r = shale(['--db', `sqlite:${db}`, '--source', 's3://migs/app/migrations/', 'up'], s3.env);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /applied 4 migrations/);
    // Nothing else on stderr: no AWS SDK notices about the Node version.
    assert.equal(r.stderr, '');
    const sqlite = new Database(db);
    try {
      const rows = sqlite.prepare('select id, checksum from shale_migrations order by id').all() as { id: string }[];
      assert.deepEqual(rows.map((x) => x.id).sort(), ['0001.create users', '0002_größe', '0003.sectioned', 'V4__flyway_日本'].sort());
    } finally {
      sqlite.close();
    }
    const again = shale(['--db', `sqlite:${db}`, '--source', 's3://migs/app/migrations/', 'up'], s3.env);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /up to date/);
  });

  test('the endpoint and path style can come from the config "s3" section', () => {
    const dir = join(tmp, 'cfg');
    mkdirSync(dir);
    writeFileSync(join(dir, 'shale.config.json'), JSON.stringify({ db: 'sqlite:cfg.db', sources: ['s3://many/m/'], s3: { endpoint: '${S3_TEST_ENDPOINT}', forcePathStyle: true, region: 'us-east-1' } }));
    const r = shale(['up', '--json'], { ...S3_CREDENTIALS, S3_TEST_ENDPOINT: s3.endpoint, AWS_ENDPOINT_URL: '' }, dir);
    assert.equal(r.status, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { results: unknown[] }).results.length, 23);
  });

  test('S3 errors: one line, exit 1, nothing applied', () => {
    const db = join(tmp, 'err.db');
    const r = shale(['--db', `sqlite:${db}`, '--source', 's3://no-such-bucket/x/', 'up'], s3.env);
    assert.equal(r.status, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /^shale: error: cannot list S3 source s3:\/\/no-such-bucket\/x\/: the bucket does not exist/);
    const sqlite = new Database(db);
    try {
      assert.equal((sqlite.prepare("select count(*) as n from sqlite_master where name = 'shale_migrations'").get() as { n: number }).n, 0);
    } finally {
      sqlite.close();
    }
  });

  test('the AWS SDK is loaded only when an s3:// source is used', () => {
    const dir = join(tmp, 'local');
    mkdirSync(dir);
    writeFileSync(join(dir, '0001.a.sql'), 'create table a (id integer);');
    const probe = (source: string): string => {
      const script = `
        import { createRequire } from 'node:module';
        const { main } = await import(${JSON.stringify(join(ROOT, 'dist/cli/main.js'))});
        const code = await main(['--db', 'sqlite:' + ${JSON.stringify(join(tmp, 'probe.db'))}, '--source', ${JSON.stringify(source)}, 'status', '--json']);
        const loaded = Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('@aws-sdk'));
        process.stderr.write('SDK=' + loaded + ' CODE=' + code + '\\n');`;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: tmp, env: { ...process.env, ...s3.env }, encoding: 'utf8' });
      return /SDK=\w+ CODE=\d+/.exec(r.stderr)?.[0] ?? r.stderr;
    };
    assert.equal(probe(dir), 'SDK=false CODE=0');
    assert.equal(probe('s3://migs/app/migrations/'), 'SDK=true CODE=0');
  });
});
