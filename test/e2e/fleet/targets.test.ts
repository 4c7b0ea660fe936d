import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { createFleet, expandTargetArgs, isShaleError, memorySource, parseTargetsFile, readTargetsFile } from '../../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'shale-targets-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const source = memorySource({ '0001.a.sql': 'create table a (id integer);', '0002.b.sql': 'create table b (id integer);' });

describe('targets files', () => {
  test('comments, blank lines, CRLF, a BOM and `#` inside a password', () => {
    const text = '\uFEFF# the fleet\r\n\r\n   \r\npostgres://app:pa#ss@h/a   # EU\r\n#postgres://h/disabled\r\nsqlite:b.db\r\n';
    assert.deepEqual(parseTargetsFile(text), ['postgres://app:pa#ss@h/a', 'sqlite:b.db']);
  });

  test('${VAR} expands from the environment; a missing variable names itself and the line', () => {
    const env = { EU_PW: 's3cret', DATA: '/srv/data' };
    assert.deepEqual(parseTargetsFile('postgres://app:${EU_PW}@eu/a\nsqlite:${DATA}/t.db\n', { env }), ['postgres://app:s3cret@eu/a', 'sqlite:/srv/data/t.db']);
    assert.throws(
      () => parseTargetsFile('sqlite:a.db\n# comment\npostgres://app:${NOPE_PW}@eu/a\n', { file: 'tenants.txt', env }),
      (e: unknown) => isShaleError(e, 'E_CONFIG') && /tenants\.txt:3: environment variable NOPE_PW is not set/.test(e.message),
    );
    // A variable in a comment is not needed.
    assert.deepEqual(parseTargetsFile('# ${NOT_SET}\nsqlite:a.db', { env }), ['sqlite:a.db']);
  });

  test('a file without URLs, and a missing file, are usage errors that never show a password', async () => {
    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, '# nothing yet\n\n');
    await assert.rejects(readTargetsFile(empty), (e: unknown) => isShaleError(e, 'E_USAGE') && e.message.includes('lists no database URLs'));
    // A mistyped scheme is taken for a file name: the message must not echo the password.
    await assert.rejects(expandTargetArgs(['postgress://app:hunter2@h/db']), (e: unknown) => {
      assert.ok(isShaleError(e, 'E_USAGE'));
      assert.ok(!e.message.includes('hunter2'), e.message);
      assert.ok(!JSON.stringify(e.details).includes('hunter2'));
      return true;
    });
  });
});

describe('createFleet targets and options', () => {
  test('an invalid or empty target is refused before any target is migrated', async () => {
    const good = `sqlite:${join(dir, 'untouched.db')}`;
    for (const bad of ['not-a-url', 'postgres://app:hunter2@host:notaport/db', '  ']) {
      assert.throws(
        () => createFleet({ targets: [good, bad], sources: [source] }),
        (e: unknown) => isShaleError(e, 'E_URL') && /fleet target 2 of 2/.test(e.message) && !e.message.includes('hunter2'),
        bad,
      );
    }
    // The same URL twice, even with stray spaces, is one database.
    assert.throws(() => createFleet({ targets: [good, ` ${good} `] }), (e: unknown) => isShaleError(e, 'E_USAGE') && /listed twice/.test(e.message));
  });

  test('a concurrency far above the number of targets runs them all (no worker per unit of concurrency)', async () => {
    const targets = [0, 1].map((i) => `sqlite:${join(dir, `big${i}.db`)}`);
    const fleet = createFleet({ targets, sources: [source], concurrency: 1_000_000_000 });
    let start: { total: number; concurrency: number } | undefined;
    fleet.on('fleet:start', (e) => void (start = e));
    const report = await fleet.up();
    assert.equal(report.summary.ok, 2);
    assert.deepEqual(start, { total: 2, concurrency: 2, canary: 0 });
  });

  test('--canary larger than the fleet: every target is a canary', async () => {
    const targets = [0, 1, 2].map((i) => `sqlite:${join(dir, `canary${i}.db`)}`);
    const report = await createFleet({ targets, sources: [source], canary: 10, concurrency: 1 }).up();
    assert.deepEqual(report.targets.map((t) => t.status), ['ok', 'ok', 'ok']);
    assert.equal(report.summary.stopped, null);
  });

  test('every target failing: each has its error, none is skipped with --continue-on-error', async () => {
    writeFileSync(join(dir, 'a-file'), '');
    const targets = ['postgres://app:hunter2@127.0.0.1:1/a', 'mysql://root:hunter2@127.0.0.1:1/b', `sqlite:${join(dir, 'a-file/c.db')}`];
    const report = await createFleet({ targets, sources: [source], continueOnError: true }).up();
    assert.deepEqual(report.summary, { ...report.summary, total: 3, ok: 0, failed: 3, skipped: 0, migrations: 0 });
    for (const t of report.targets) {
      assert.equal(t.status, 'failed');
      assert.ok(t.error?.message, t.target);
    }
    assert.ok(!JSON.stringify(report).includes('hunter2'));
  });
});
