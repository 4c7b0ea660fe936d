import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { checksum, createFleet, isShaleError, loadMigrations, localDirSource, s3Source } from '../../../src/index.js';
import { S3_CREDENTIALS, startS3Server, type S3TestServer } from '../../helpers/s3.js';

const BIN = new URL('../../../bin/shale.js', import.meta.url).pathname;
Object.assign(process.env, S3_CREDENTIALS);

// Names S3 and URLs treat specially: `+` (a space in form encoding), `%`, spaces.
const ODD: Record<string, string> = {
  '0001.a+b.sql': 'create table plus (id integer);\n',
  '0002.50%.sql': 'create table pct (id integer);\n',
  '0003.with space.sql': 'create table sp (id integer);\n',
  '0004.a%2Fb.sql': 'create table enc (id integer);\n',
};

let s3: S3TestServer;
let tmp: string;

before(async () => {
  s3 = await startS3Server();
  tmp = mkdtempSync(join(tmpdir(), 'shale-s3-edge-'));
  await s3.createBucket('odd');
  for (const [name, text] of Object.entries(ODD)) await s3.put('odd', `p/${name}`, text);
  // Bucket root: files at the top, a "sub-folder" and a folder marker that must all be ignored.
  await s3.createBucket('root');
  await s3.put('root', '0001.top.sql', 'create table top (id integer);\n');
  await s3.put('root', 'nested/0002.deep.sql', 'this is not sql;');
  await s3.put('root', 'nested/', '');
  await s3.createBucket('marker');
  await s3.put('marker', 'empty/', '');
  await s3.createBucket('fleet');
  await s3.put('fleet', 'm/001.a.sql', 'create table a (id integer);\n');
  await s3.put('fleet', 'm/002.b.sql', 'create table b (id integer);\n');
});

after(async () => {
  await s3?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const opts = (): { endpoint: string } => ({ endpoint: s3.endpoint });

function shale(args: string[], env: Record<string, string | undefined> = {}, cwd = tmp): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, SHALE_DATABASE_URL: '', DATABASE_URL: '', ...env }, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function applied(file: string): string[] {
  const db = new Database(file);
  try {
    return (db.prepare('select id from shale_migrations order by id').all() as { id: string }[]).map((r) => r.id);
  } finally {
    db.close();
  }
}

describe('S3 source edge cases', () => {
  test('keys with +, % and spaces are listed, read and applied under their own names', async () => {
    const files = await s3Source('s3://odd/p', opts()).list();
    assert.deepEqual(files.map((f) => f.name).sort(), Object.keys(ODD).sort());
    for (const f of files) assert.equal(await f.read(), ODD[f.name], f.name);
    const db = join(tmp, 'odd.db');
    const r = shale(['--db', `sqlite:${db}`, '--source', 's3://odd/p/', 'up'], s3.env);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(applied(db), ['0001.a+b', '0002.50%', '0003.with space', '0004.a%2Fb']);
  });

  test('the bucket root (no prefix) lists only top-level objects', async () => {
    for (const uri of ['s3://root', 's3://root/']) {
      const files = await s3Source(uri, opts()).list();
      assert.deepEqual(files.map((f) => [f.name, f.location]), [['0001.top.sql', 's3://root/0001.top.sql']], uri);
    }
  });

  test('a prefix with nothing under it is "not found", like a missing folder; a folder marker is an empty folder', async () => {
    await assert.rejects(s3Source('s3://odd/typo/', opts()).list(), (e: unknown) => isShaleError(e, 'E_SOURCE') && /nothing is stored under s3:\/\/odd\/typo\//.test(e.message));
    assert.deepEqual(await s3Source('s3://marker/empty/', opts()).list(), []);
    const r = shale(['--db', `sqlite:${join(tmp, 'typo.db')}`, '--source', 's3://odd/typo', 'up'], s3.env);
    assert.equal(r.status, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /s3:\/\/odd\/typo\//);
  });

  test('checksums match the disk for CRLF, CR-only, a BOM and trailing blanks', async () => {
    const texts: Record<string, string> = {
      '0001.crlf.sql': '-- note\r\ncreate table crlf (id integer);  \r\n\r\n\r\n',
      '0002.cr.sql': 'create table cr (id integer);\rcreate table cr2 (id integer);\r',
      '0003.bom.sql': '\uFEFFcreate table bom (id integer);\n',
    };
    await s3.createBucket('crlf');
    const dir = join(tmp, 'crlf');
    mkdirSync(dir);
    for (const [name, text] of Object.entries(texts)) {
      await s3.put('crlf', `m/${name}`, text);
      writeFileSync(join(dir, name), text);
    }
    const disk = await loadMigrations([localDirSource(dir)]);
    const remote = await loadMigrations([s3Source('s3://crlf/m/', opts())]);
    assert.deepEqual(
      remote.migrations.map((m) => [m.id, m.checksum]),
      disk.migrations.map((m) => [m.id, m.checksum]),
    );
    assert.equal(remote.migrations.find((m) => m.id === '0001.crlf')!.checksum, checksum('-- note\ncreate table crlf (id integer);\n'));
  });

  test('config: S3 and relative folders together; relative paths against the config folder; the s3 section only when used', () => {
    const project = join(tmp, 'project');
    mkdirSync(join(project, 'db/local'), { recursive: true });
    writeFileSync(join(project, 'db/local/100.local.sql'), 'create table local_only (id integer);\n');
    writeFileSync(
      join(project, 'shale.config.json'),
      JSON.stringify({
        sources: ['s3://fleet/m/', 'db/local'],
        s3: { endpoint: '${S3_EDGE_ENDPOINT}', forcePathStyle: true },
        environments: { localonly: { sources: ['db/local'] } },
      }),
    );
    const env = { ...S3_CREDENTIALS, AWS_ENDPOINT_URL: '', S3_EDGE_ENDPOINT: s3.endpoint };
    // Run from another folder: `db/local` is relative to the config file, not the current folder.
    const db = join(tmp, 'cfg-mixed.db');
    const r = shale(['--config', join(project, 'shale.config.json'), '--db', `sqlite:${db}`, 'up'], env, tmp);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(applied(db), ['001.a', '002.b', '100.local']);
    // No s3:// source in use: the s3 section's variable is not needed.
    const local = join(tmp, 'cfg-local.db');
    const l = shale(['--config', join(project, 'shale.config.json'), '--env', 'localonly', '--db', `sqlite:${local}`, 'up'], { S3_EDGE_ENDPOINT: undefined }, tmp);
    assert.equal(l.status, 0, l.stderr);
    assert.deepEqual(applied(local), ['100.local']);
    const missing = shale(['--config', join(project, 'shale.config.json'), '--db', `sqlite:${local}`, 'status'], { S3_EDGE_ENDPOINT: undefined }, tmp);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /S3_EDGE_ENDPOINT/);
  });

  test('a fleet reads its S3 migrations once and applies them to every target', async () => {
    const targets = [0, 1, 2].map((i) => `sqlite:${join(tmp, `fleet${i}.db`)}`);
    const report = await createFleet({ targets, sources: ['s3://fleet/m'], s3: opts(), concurrency: 2 }).up();
    assert.equal(report.summary.ok, 3);
    assert.ok(report.targets.every((t) => t.applied.join() === '001.a,002.b'));
    const cli = shale(['fleet', 'status', '--targets', ...targets, '--source', 's3://fleet/m/', '--exit-code', '--json'], s3.env);
    assert.equal(cli.status, 0, cli.stderr);
  });
});
